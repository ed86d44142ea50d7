/** guardrails:logging:CentralLogging — the organization CloudTrail (management account), its KMS key and bucket and the central AWS Config bucket (log-archive account). */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { LoggingSpec } from '../../src/model/spec.ts';
import { configBucketPolicy, trailBucketPolicy, trailKeyPolicy, type TrailNames } from '../../src/deployment/trail.ts';
import { secureBucket } from './secure-bucket.ts';

export interface CentralLoggingArgs {
  names: TrailNames;
  trail: LoggingSpec['trail'];
  configBucketName: string;
  logArchiveProvider?: aws.Provider;
}

const DATA_EVENT_TYPES = { s3: 'AWS::S3::Object', lambda: 'AWS::Lambda::Function' } as const;

export function advancedEventSelectors(dataEvents: LoggingSpec['trail']['dataEvents']) {
  const selectors: { name: string; fieldSelectors: { field: string; equals: string[] }[] }[] = [
    { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] },
  ];
  for (const [service, mode] of Object.entries(dataEvents) as [keyof typeof DATA_EVENT_TYPES, string][]) {
    if (mode === 'none') continue;
    selectors.push({
      name: `${service} data events (${mode})`,
      fieldSelectors: [
        { field: 'eventCategory', equals: ['Data'] },
        { field: 'resources.type', equals: [DATA_EVENT_TYPES[service]] },
        ...(mode === 'all' ? [] : [{ field: 'readOnly', equals: [mode === 'read' ? 'true' : 'false'] }]),
      ],
    });
  }
  return selectors;
}

export class CentralLoggingComponent extends pulumi.ComponentResource {
  readonly trailArn: pulumi.Output<string>;

  constructor(name: string, args: CentralLoggingArgs, opts?: pulumi.ComponentResourceOptions) {
    super('guardrails:logging:CentralLogging', name, {}, opts);
    const { names, trail } = args;
    const inLogArchive = { parent: this, provider: args.logArchiveProvider };
    const key = new aws.kms.Key(
      'trail-key',
      {
        description: `org-guardrails: encrypts the organization trail ${names.trailName}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: JSON.stringify(trailKeyPolicy(names)),
      },
      { ...inLogArchive, protect: true },
    );
    new aws.kms.Alias('trail-key-alias', { name: 'alias/guardrails-cloudtrail', targetKeyId: key.keyId }, inLogArchive);
    const trailBucket = secureBucket(
      'trail-bucket',
      {
        bucketName: names.bucketName,
        policy: trailBucketPolicy(names),
        retentionDays: trail.retentionDays,
        objectLockDays: trail.objectLockDays,
        kmsKeyArn: key.arn,
        provider: args.logArchiveProvider,
      },
      this,
    );
    secureBucket(
      'config-bucket',
      {
        bucketName: args.configBucketName,
        policy: configBucketPolicy(args.configBucketName, names.organizationId),
        retentionDays: trail.retentionDays,
        provider: args.logArchiveProvider,
      },
      this,
    );

    let cloudWatch: { cloudWatchLogsGroupArn: pulumi.Input<string>; cloudWatchLogsRoleArn: pulumi.Input<string> } | undefined;
    if (trail.cloudWatchLogs) {
      const group = new aws.cloudwatch.LogGroup(
        'trail-logs',
        { name: `/guardrails/cloudtrail/${names.trailName}`, retentionInDays: trail.cloudWatchLogsRetentionDays },
        { parent: this },
      );
      const role = new aws.iam.Role(
        'trail-logs-role',
        {
          assumeRolePolicy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'cloudtrail.amazonaws.com' },
                Action: 'sts:AssumeRole',
                Condition: { StringEquals: { 'aws:SourceArn': names.trailArn } },
              },
            ],
          }),
        },
        { parent: this },
      );
      new aws.iam.RolePolicy(
        'trail-logs-delivery',
        {
          role: role.id,
          policy: group.arn.apply((arn) =>
            JSON.stringify({
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${arn}:log-stream:*` }],
            }),
          ),
        },
        { parent: this },
      );
      cloudWatch = { cloudWatchLogsGroupArn: pulumi.interpolate`${group.arn}:*`, cloudWatchLogsRoleArn: role.arn };
    }

    const organizationTrail = new aws.cloudtrail.Trail(
      'organization-trail',
      {
        name: names.trailName,
        s3BucketName: names.bucketName,
        isOrganizationTrail: true,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        kmsKeyId: key.arn,
        advancedEventSelectors: advancedEventSelectors(trail.dataEvents),
        ...cloudWatch,
      },
      { parent: this, dependsOn: [trailBucket.policy, key] },
    );
    this.trailArn = organizationTrail.arn;
    this.registerOutputs({ trailArn: this.trailArn });
  }
}
