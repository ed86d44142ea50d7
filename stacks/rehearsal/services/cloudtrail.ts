/** AWS CloudTrail (the organization trail) and CloudWatch Logs (its log group). */
import type { PolicyDocument } from '../../../src/iam/policy.ts';
import { evaluateResourcePolicy } from '../../../src/iam/resource-policy.ts';
import type { Handler } from '../world.ts';
import { serviceMayAssume } from './iam.ts';

const DOC = {
  trusted: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-an-organizational-trail-prepare.html (CloudTrailAccessNotEnabledException)',
  bucket: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html (InsufficientS3BucketPolicyException)',
  key: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html (InsufficientEncryptionPolicyException; with an S3 Bucket Key the creator needs kms:Decrypt)',
  logs: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html (the role CloudTrail assumes, and its policy, must exist)',
  quota:
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html (5 trails per Region; one organization trail already delivers every management event of every account — further copies are charged)',
  logGroup: 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html (1-512 characters of [.\\-_/#A-Za-z0-9])',
};

/** Mocked outputs carry the resource's name: arn:aws:mock:::<name>. */
const resourceOf = (value: unknown) => /^arn:[^:]+:mock:::(.+)$/.exec(String(value))?.[1];

export const cloudtrail: Record<string, Handler> = {
  'aws:cloudtrail/trail:Trail': (c, ctx) => {
    const { world } = ctx;
    const fail = (rule: string, message: string, doc: string) => world.problems.push({ resource: c.name, rule, message, doc });
    const trailArn = `arn:${ctx.partition}:cloudtrail:${c.place.region}:${c.place.accountId}:trail/${c.inputs.name}`;
    if (c.inputs.isOrganizationTrail && !world.has('trusted/cloudtrail.amazonaws.com'))
      fail('cloudtrail:trusted-access', 'creates an organization trail before CloudTrail has trusted access', DOC.trusted);
    if (c.inputs.isOrganizationTrail && world.exists('organization-trail')) {
      const existing = String(world.get('organization-trail') ?? '');
      // AWS allows it (5 trails per Region) unless the name is taken; the spec said to use the one there.
      fail(
        'cloudtrail:one-organization-trail',
        existing === c.inputs.name
          ? `a trail named ${existing} already exists (TrailAlreadyExistsException)`
          : `organization trail ${existing} already records every account: a second one logs, and bills, every event twice (logging.trail.organizationTrail: existing)`,
        DOC.quota,
      );
    }
    if (c.inputs.isOrganizationTrail) world.put('organization-trail', String(c.inputs.name));

    const bucketPolicy = world.get<PolicyDocument>(`bucket-policy/${c.inputs.s3BucketName}`);
    const write = (account: string) =>
      bucketPolicy !== undefined &&
      evaluateResourcePolicy(bucketPolicy, {
        principal: { type: 'Service', service: 'cloudtrail.amazonaws.com' },
        action: 's3:PutObject',
        resource: `arn:${ctx.partition}:s3:::${c.inputs.s3BucketName}/AWSLogs/${account}/CloudTrail/x.json.gz`,
        context: { 'aws:SourceArn': trailArn, 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SecureTransport': 'true' },
      }).decision === 'allowed';
    if (!write(c.place.accountId) || (c.inputs.isOrganizationTrail && world.organizationId && !write(`${world.organizationId}/${c.place.accountId}`)))
      fail('cloudtrail:bucket-policy', `bucket ${c.inputs.s3BucketName} does not (yet) admit this trail's log files`, DOC.bucket);

    if (c.inputs.kmsKeyId) {
      const policy = world.get<PolicyDocument>(`key/${resourceOf(c.inputs.kmsKeyId)}`);
      const service = (action: string, extra: Record<string, string> = {}) =>
        policy !== undefined &&
        evaluateResourcePolicy(policy, {
          principal: { type: 'Service', service: 'cloudtrail.amazonaws.com' },
          action,
          resource: '*',
          context: { 'aws:SourceArn': trailArn, ...extra },
        }).decision === 'allowed';
      if (!service('kms:GenerateDataKey', { 'kms:EncryptionContext:aws:cloudtrail:arn': trailArn }) || !service('kms:DescribeKey'))
        fail('cloudtrail:key-policy', 'the trail key does not (yet) let CloudTrail encrypt for this trail', DOC.key);
      const creator = `arn:${ctx.partition}:iam::${c.place.accountId}:role/deployer`;
      const decrypt =
        policy !== undefined &&
        evaluateResourcePolicy(policy, {
          principal: { type: 'AWS', arn: creator },
          action: 'kms:Decrypt',
          resource: '*',
          context: { 'kms:CallerAccount': c.place.accountId, 'aws:PrincipalOrgID': world.organizationId ?? '' },
        }).decision === 'allowed';
      if (world.get(`bucket-key/${c.inputs.s3BucketName}`) === true && !decrypt)
        fail(
          'cloudtrail:bucket-key-decrypt',
          `bucket ${c.inputs.s3BucketName} uses an S3 Bucket Key but the trail's creator may not kms:Decrypt with the key`,
          DOC.key,
        );
    }

    if (c.inputs.cloudWatchLogsRoleArn) {
      const role = world.roleResources.get(resourceOf(c.inputs.cloudWatchLogsRoleArn) ?? '');
      if (!role || !serviceMayAssume(ctx, role, 'cloudtrail.amazonaws.com'))
        fail('cloudtrail:logs-role-trust', 'CloudTrail cannot assume the CloudWatch Logs role (it sends no aws:SourceArn when it does)', DOC.logs);
      else if (!world.has(`role-policy/${role.accountId}/${role.name}`))
        fail('cloudtrail:logs-role-policy', 'the CloudWatch Logs role has no policy yet: CreateTrail checks it can deliver', DOC.logs);
    }
  },
  'aws:cloudwatch/logGroup:LogGroup': (c, { world }) => {
    const name = String(c.inputs.name);
    world.require(/^[.\-_/#A-Za-z0-9]{1,512}$/.test(name), {
      resource: c.name,
      rule: 'logs:log-group-name',
      message: `log group "${name}" breaks the rules`,
      doc: DOC.logGroup,
    });
  },
};
