/** guardrails:logging:CentralLogging — the organization CloudTrail (management account), its KMS key and bucket and the central AWS Config bucket (log-archive account). */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { LoggingSpec } from '../../src/model/spec.ts';
import { configBucketPolicy, trailBucketPolicy, trailKeyPolicy } from '../../src/deployment/trail.ts';
import { TRAIL_KEY_ALIAS, TRAIL_LOGS_ROLE, type DeploymentNames } from '../../src/model/names.ts';
import { createsOrganizationTrail } from '../../src/deployment/adoption.ts';
import { secureBucket } from './secure-bucket.ts';
import { serviceRole } from './service-role.ts';

export interface CentralLoggingArgs {
  names: DeploymentNames;
  trail: LoggingSpec['trail'];
  logArchiveProvider?: aws.Provider;
  /** CloudTrail's trusted access: an organization trail cannot be created before it. */
  dependsOn: pulumi.Resource[];
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
  /** Undefined when the organization trail exists already (logging.trail.organizationTrail: existing). */
  readonly trailArn?: pulumi.Output<string>;
  /** Config delivery channels in every account write to the bucket only once its policy admits them. */
  readonly configBucketPolicy: pulumi.Resource;

  constructor(name: string, args: CentralLoggingArgs, opts?: pulumi.ComponentResourceOptions) {
    super('guardrails:logging:CentralLogging', name, {}, opts);
    const { names, trail } = args;
    const inLogArchive = { parent: this, provider: args.logArchiveProvider };
    this.configBucketPolicy = secureBucket(
      'config-bucket',
      {
        bucketName: names.configBucketName,
        policy: configBucketPolicy(names),
        retentionDays: trail.retentionDays,
        objectLock: false,
        provider: args.logArchiveProvider,
      },
      this,
    ).policy;
    // An organization trail that already records the organization (Control Tower's, say) is used as it is: a second
    // one would log, and bill, every event twice (CloudTrail allows 5 trails per Region, so AWS would not stop it).
    if (!createsOrganizationTrail(trail)) {
      this.registerOutputs({});
      return;
    }
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
    new aws.kms.Alias('trail-key-alias', { name: TRAIL_KEY_ALIAS, targetKeyId: key.keyId }, inLogArchive);
    const trailBucket = secureBucket(
      'trail-bucket',
      {
        bucketName: names.trailBucketName,
        policy: trailBucketPolicy(names),
        retentionDays: trail.retentionDays,
        objectLock: true,
        objectLockDays: trail.objectLockDays,
        kmsKeyArn: key.arn,
        provider: args.logArchiveProvider,
      },
      this,
    );

    let cloudWatch: { cloudWatchLogsGroupArn: pulumi.Input<string>; cloudWatchLogsRoleArn: pulumi.Input<string> } | undefined;
    const trailNeeds: pulumi.Resource[] = [...args.dependsOn, trailBucket.policy, key];
    if (trail.cloudWatchLogs) {
      const group = new aws.cloudwatch.LogGroup(
        'trail-logs',
        { name: names.trailLogGroupName, retentionInDays: trail.cloudWatchLogsRetentionDays },
        // Renaming the trail would replace the group and drop its history.
        { parent: this, protect: true },
      );
      // CloudTrail assumes this role without aws:SourceArn in the request (CloudTrail User Guide, "Sending events to
      // CloudWatch Logs": the documented trust policy has no condition), so a SourceArn condition would fail the trail.
      const role = serviceRole('trail-logs-role', { name: TRAIL_LOGS_ROLE, service: 'cloudtrail.amazonaws.com' }, { parent: this });
      const delivery = new aws.iam.RolePolicy(
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
      // CreateTrail checks the role can write to the group: it must hold its policy first.
      trailNeeds.push(delivery);
    }

    const organizationTrail = new aws.cloudtrail.Trail(
      'organization-trail',
      {
        name: names.trailName,
        s3BucketName: names.trailBucketName,
        isOrganizationTrail: true,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        kmsKeyId: key.arn,
        advancedEventSelectors: advancedEventSelectors(trail.dataEvents),
        ...cloudWatch,
      },
      // Protected: a rename would replace the organization trail, leaving a gap in the record.
      { parent: this, dependsOn: trailNeeds, protect: true },
    );
    this.trailArn = organizationTrail.arn;
    this.registerOutputs({ trailArn: this.trailArn });
  }
}
