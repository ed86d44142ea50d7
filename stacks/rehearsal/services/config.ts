/** AWS Config: recorders and delivery channels (the baseline), organization rules and the aggregator (the audit account). */
import type { PolicyDocument } from '../../../src/iam/policy.ts';
import { evaluateResourcePolicy } from '../../../src/iam/resource-policy.ts';
import { CONFIG_SERVICE_PRINCIPAL, configInvokePermissions } from '../../../src/deployment/lambda-policy.ts';
import type { Handler } from '../world.ts';
import { functionArn } from './lambda.ts';
import { at } from '../world.ts';

const DOC = {
  recorder:
    'https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigurationRecorder.html (one recorder per account and Region: MaxNumberOfConfigurationRecordersExceededException)',
  slr: 'https://docs.aws.amazon.com/config/latest/developerguide/using-service-linked-roles.html (the recorder role must exist)',
  channel:
    'https://docs.aws.amazon.com/config/latest/APIReference/API_PutDeliveryChannel.html (NoAvailableConfigurationRecorderException; InsufficientDeliveryPolicyException)',
  organizationRule:
    'https://docs.aws.amazon.com/config/latest/APIReference/API_PutOrganizationConfigRule.html (fails in member accounts without a configuration recorder; only the management account or a delegated administrator may call it)',
  aggregator: 'https://docs.aws.amazon.com/config/latest/developerguide/aggregated-register-delegated-administrator.html',
  invoke:
    'https://docs.aws.amazon.com/config/latest/developerguide/evaluate-config_develop-rules_nodejs.html (AWS Config invokes the function from each account; restrict its resource-based policy with the source account)',
};

/** An account id outside every organization the spec knows: AWS Config there must not be able to invoke a rule's function. */
const FOREIGN_ACCOUNT = '000000000000';

/**
 * A custom rule's function must admit AWS Config from every account the rule reaches before the rule
 * is created, and from no account outside the organization unless per-account statements cannot fit
 * Lambda's policy quota (then the function's own check is the guarantee: src/deployment/lambda-policy.ts).
 */
const customRule: Handler = (c, ctx) => {
  organizationRule(c, ctx);
  const { world } = ctx;
  const key = world.get<string>(`function-resource/${/^arn:[^:]+:mock:::(.+)$/.exec(String(c.inputs.lambdaFunctionArn))?.[1]}`);
  if (key === undefined) return; // the function's own rules (lambda.ts) report it
  const arn = functionArn(ctx.partition, key);
  const policy: PolicyDocument = { Version: '2012-10-17', Statement: world.valuesUnder(`function-permission/${key}/`) };
  const admits = (account: string) =>
    evaluateResourcePolicy(policy, {
      principal: { type: 'Service', service: CONFIG_SERVICE_PRINCIPAL },
      action: 'lambda:InvokeFunction',
      resource: arn,
      context: { 'aws:SourceAccount': account },
    }).decision === 'allowed';
  const excluded = new Set((c.inputs.excludedAccounts as string[] | undefined) ?? []);
  const reached = ctx.accountIds.filter((a) => !excluded.has(a));
  const denied = reached.filter((a) => !admits(a));
  world.require(denied.length === 0, {
    resource: c.name,
    rule: 'config:function-admits-config',
    message: `AWS Config may not (yet) invoke ${arn} from ${denied.length} account(s) the rule reaches (${denied.slice(0, 3).join(', ')}${denied.length > 3 ? ', …' : ''})`,
    doc: DOC.invoke,
  });
  if (!admits(FOREIGN_ACCOUNT)) return;
  const invoke = configInvokePermissions(arn, reached);
  if (invoke.scoped)
    world.require(false, {
      resource: c.name,
      rule: 'config:function-scoped-to-organization',
      message: `AWS Config in any AWS account may invoke ${arn}: its permissions name no source account, though one per account would fit`,
      doc: DOC.invoke,
    });
  else
    world.notes.push({
      resource: c.name,
      rule: 'config:function-shared-by-every-account',
      message: `${String(c.inputs.name)}: ${invoke.reason}`,
      doc: DOC.invoke,
    });
};

const organizationRule: Handler = (c, ctx) => {
  const { world } = ctx;
  world.require(c.place.accountId === ctx.managementAccountId || world.has(`delegated/config-multiaccountsetup.amazonaws.com/${c.place.accountId}`), {
    resource: c.name,
    rule: 'config:organization-rule-administrator',
    message: `${c.place.accountId} is not (yet) the delegated administrator for config-multiaccountsetup.amazonaws.com`,
    doc: DOC.organizationRule,
  });
  const excluded = new Set((c.inputs.excludedAccounts as string[] | undefined) ?? []);
  const missing = ctx.accountIds.filter((a) => !excluded.has(a) && !world.has(`recorder/${a}/${c.place.region}`));
  world.require(missing.length === 0, {
    resource: c.name,
    rule: 'config:recorder-before-organization-rule',
    message: `no configuration recorder yet in ${missing.length} account(s) in ${c.place.region} (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''})`,
    doc: DOC.organizationRule,
  });
};

export const config: Record<string, Handler> = {
  'AWS::Config::ConfigurationRecorder': (c, { world }) => {
    const existing = world.exists(`recorder/${at(c.place)}`);
    world.require(!existing, {
      resource: c.name,
      rule: 'config:one-recorder',
      message: `a configuration recorder already exists in ${at(c.place)}`,
      doc: DOC.recorder,
    });
    const slr = /aws-service-role\/config\.amazonaws\.com\//.test(String(c.inputs.RoleARN));
    world.require(!slr || world.has(`service-linked-role/${c.place.accountId}/config.amazonaws.com`), {
      resource: c.name,
      rule: 'config:recorder-role-exists',
      message: "Config's service-linked role does not exist yet",
      doc: DOC.slr,
    });
    world.put(`recorder/${at(c.place)}`, String(c.inputs.Name));
  },
  'AWS::Config::DeliveryChannel': (c, ctx) => {
    const { world } = ctx;
    world.require(world.has(`recorder/${at(c.place)}`), {
      resource: c.name,
      rule: 'config:recorder-before-channel',
      message: 'no configuration recorder yet',
      doc: DOC.channel,
    });
    const name = String(c.inputs.S3BucketName);
    const policy = world.get<PolicyDocument>(`bucket-policy/${name}`);
    const delivers =
      policy !== undefined &&
      evaluateResourcePolicy(policy, {
        principal: { type: 'Service', service: 'config.amazonaws.com' },
        action: 's3:PutObject',
        resource: `arn:${ctx.partition}:s3:::${name}/AWSLogs/${c.place.accountId}/Config/${c.place.region}/x.json.gz`,
        context: {
          'aws:SourceAccount': c.place.accountId,
          'aws:SourceOrgID': world.organizationId ?? '',
          's3:x-amz-acl': 'bucket-owner-full-control',
          'aws:SecureTransport': 'true',
        },
      }).decision === 'allowed';
    world.require(delivers, {
      resource: c.name,
      rule: 'config:bucket-admits-delivery',
      message: `bucket ${name} ${policy ? 'does not admit' : 'has no policy yet admitting'} Config's delivery from ${c.place.accountId}`,
      doc: DOC.channel,
    });
    world.put(`delivery-channel/${at(c.place)}`, String(c.inputs.Name));
  },
  'aws:cfg/organizationManagedRule:OrganizationManagedRule': organizationRule,
  'aws:cfg/organizationCustomRule:OrganizationCustomRule': customRule,
  'aws:cfg/configurationAggregator:ConfigurationAggregator': (c, ctx) => {
    ctx.world.require(c.place.accountId === ctx.managementAccountId || ctx.world.has(`delegated/config.amazonaws.com/${c.place.accountId}`), {
      resource: c.name,
      rule: 'config:aggregator-administrator',
      message: `${c.place.accountId} is not (yet) the delegated administrator for config.amazonaws.com`,
      doc: DOC.aggregator,
    });
  },
};
