/** AWS IAM: roles (names, trust policies naming principals that must exist) and their inline policies. */
import { evaluateResourcePolicy } from '../../../src/iam/resource-policy.ts';
import { asList, type PolicyDocument } from '../../../src/iam/policy.ts';
import type { Creation, Handler, RehearsalContext } from '../world.ts';
import { policyOf } from '../world.ts';

const DOC = {
  name: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (RoleName: 1-64 characters of [\\w+=,.@-]; EntityAlreadyExists)',
  principal:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html (a role ARN in a trust policy must exist: MalformedPolicyDocument "Invalid principal in policy")',
  rolePolicy: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html (NoSuchEntity)',
};

export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

function createRole(c: Creation, { world }: RehearsalContext, name: string, trust: unknown, inlinePolicies: boolean): void {
  const key = `role/${c.place.accountId}/${name}`;
  world.require(ROLE_NAME.test(name) && !world.exists(key), {
    resource: c.name,
    rule: 'iam:role-name',
    message: ROLE_NAME.test(name) ? `role "${name}" already exists in ${c.place.accountId}` : `role name "${name}" breaks IAM's rules`,
    doc: DOC.name,
  });
  const document = policyOf(trust) ?? { Version: '2012-10-17' as const, Statement: [] };
  for (const s of document.Statement) {
    for (const arn of asList((s.Principal as { AWS?: string | string[] } | undefined)?.AWS)) {
      const role = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
      if (role)
        world.require(world.has(`role/${role[1]}/${role[2]}`), {
          resource: c.name,
          rule: 'iam:trusted-principal-exists',
          message: `trust policy names ${arn}, which it does not wait for`,
          doc: DOC.principal,
        });
    }
  }
  world.put(key, document);
  if (inlinePolicies) world.put(`role-policy/${c.place.accountId}/${name}`);
}

/** Whether a service may assume the role with the context it sends (an empty context: no aws:SourceArn). */
export function serviceMayAssume(
  ctx: RehearsalContext,
  role: { accountId: string; name: string },
  service: string,
  context: Record<string, string> = {},
): boolean {
  const trust = ctx.world.get<PolicyDocument>(`role/${role.accountId}/${role.name}`);
  return (
    trust !== undefined &&
    evaluateResourcePolicy(trust, {
      principal: { type: 'Service', service },
      action: 'sts:AssumeRole',
      resource: `arn:${ctx.partition}:iam::${role.accountId}:role/${role.name}`,
      context,
    }).decision === 'allowed'
  );
}

export const iam: Record<string, Handler> = {
  'aws:iam/role:Role': (c, ctx) => {
    const name = String(c.inputs.name ?? c.name.replace(/[^\w+=,.@-]/g, '-').slice(0, 56));
    createRole(c, ctx, name, c.inputs.assumeRolePolicy, false);
    ctx.world.roleResources.set(c.name, { accountId: c.place.accountId, name });
  },
  'aws:iam/rolePolicy:RolePolicy': (c, { world }) => {
    const owner = c.dependsOn.map((d) => world.roleResources.get(d)).find((r) => r !== undefined);
    const exists = owner !== undefined && world.has(`role/${owner.accountId}/${owner.name}`);
    world.require(exists, { resource: c.name, rule: 'iam:role-exists', message: 'puts a policy on a role that does not exist yet', doc: DOC.rolePolicy });
    if (exists) world.put(`role-policy/${owner.accountId}/${owner.name}`);
  },
  'AWS::IAM::Role': (c, ctx) =>
    createRole(c, ctx, String(c.inputs.RoleName ?? `${c.logicalId}-generated`), c.inputs.AssumeRolePolicyDocument, Boolean(c.inputs.Policies)),
};
