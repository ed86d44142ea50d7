/** AWS Lambda: functions (names, their role) and resource-based permissions (one policy per function, within its quota). */
import { invokeStatement, LAMBDA_POLICY_QUOTA_BYTES, lambdaPolicyBytes, type InvokeStatement } from '../../../src/deployment/lambda-policy.ts';
import type { Handler, World } from '../world.ts';
import { at } from '../world.ts';

const DOC = {
  name: 'https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html (FunctionName: 1-64 characters)',
  permission:
    'https://docs.aws.amazon.com/lambda/latest/dg/API_AddPermission.html (ResourceNotFoundException without the function; ResourceConflictException for a statement id in use)',
  quota: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html (function resource-based policy: 20 KB; PolicyLengthExceededException)',
};

/** Every statement each function's policy holds, whoever added it and in whatever order: the quota counts what exists. */
const policies = new WeakMap<World, Map<string, InvokeStatement[]>>();

export const functionArn = (partition: string, key: string) => {
  const [accountId, region, name] = key.split('/');
  return `arn:${partition}:lambda:${region}:${accountId}:function:${name}`;
};

export const lambda: Record<string, Handler> = {
  'aws:lambda/function:Function': (c, { world }) => {
    const name = String(c.inputs.name ?? c.name);
    world.require(/^[a-zA-Z0-9_-]{1,64}$/.test(name), {
      resource: c.name,
      rule: 'lambda:function-name',
      message: `function name "${name}" breaks Lambda's rules`,
      doc: DOC.name,
    });
    world.put(`function/${at(c.place)}/${name}`);
    // Mocked outputs name the Pulumi resource (arn:aws:mock:::<name>): what a rule's lambdaFunctionArn then reads.
    world.put(`function-resource/${c.name}`, `${at(c.place)}/${name}`);
  },
  'aws:lambda/permission:Permission': (c, { world, partition }) => {
    const key = `${at(c.place)}/${String(c.inputs.function)}`;
    world.require(world.has(`function/${key}`), {
      resource: c.name,
      rule: 'lambda:function-exists',
      message: `adds a permission to function ${String(c.inputs.function)} before it exists`,
      doc: DOC.permission,
    });
    const statement = invokeStatement({
      sid: String(c.inputs.statementId ?? c.name),
      principal: String(c.inputs.principal),
      action: String(c.inputs.action),
      functionArn: functionArn(partition, key),
      sourceAccount: c.inputs.sourceAccount,
      sourceArn: c.inputs.sourceArn,
    });
    const byFunction = policies.get(world) ?? policies.set(world, new Map()).get(world)!;
    const policy = byFunction.get(key) ?? byFunction.set(key, []).get(key)!;
    world.require(!policy.some((s) => s.Sid === statement.Sid), {
      resource: c.name,
      rule: 'lambda:statement-id-unique',
      message: `statement id ${statement.Sid} is already in the policy of ${String(c.inputs.function)}`,
      doc: DOC.permission,
    });
    policy.push(statement);
    const bytes = lambdaPolicyBytes(policy);
    world.require(bytes <= LAMBDA_POLICY_QUOTA_BYTES, {
      resource: c.name,
      rule: 'lambda:policy-quota',
      message: `the policy of ${String(c.inputs.function)} would be ${bytes} bytes (${policy.length} statements), over the ${LAMBDA_POLICY_QUOTA_BYTES}-byte quota`,
      doc: DOC.quota,
    });
    world.put(`function-permission/${key}/${statement.Sid}`, statement);
  },
  'AWS::Lambda::Function': (c, { world }) => {
    world.put(`function/${at(c.place)}/${c.logicalId}`);
  },
};
