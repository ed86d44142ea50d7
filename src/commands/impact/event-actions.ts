/**
 * A CloudTrail event's `eventSource` + `eventName` → the IAM action AWS authorized, as data.
 * Usually the service prefix is the host name before `.amazonaws.com` and the action is the
 * event name; the exceptions below are AWS's. Every action this table names is checked against
 * the IAM data in test/commands/impact/event-actions.test.ts, and at run time an action is used
 * only if the IAM data knows it: an event that cannot be mapped is counted, never guessed.
 */

/**
 * Event sources whose IAM service prefix is not their host name (Service Authorization
 * Reference, "Actions, resources, and condition keys for <service>": the "service prefix").
 */
export const SERVICE_PREFIX_OF_EVENT_SOURCE: Readonly<Record<string, string>> = {
  'monitoring.amazonaws.com': 'cloudwatch',
  'email.amazonaws.com': 'ses',
  'tagging.amazonaws.com': 'tag',
  'cloudcontrolapi.amazonaws.com': 'cloudformation',
  'metering-marketplace.amazonaws.com': 'aws-marketplace',
  'models.lex.amazonaws.com': 'lex',
  'runtime.lex.amazonaws.com': 'lex',
};

/**
 * Event names that differ from the action AWS authorizes, per service prefix.
 * S3: Amazon S3 User Guide, "Required permissions for Amazon S3 API operations" (e.g. ListObjectsV2
 * needs s3:ListBucket, HeadObject needs s3:GetObject, a multipart upload needs s3:PutObject).
 * Lambda: Lambda Developer Guide, "Logging AWS Lambda API calls using AWS CloudTrail" (the data event
 * `Invoke` is lambda:InvokeFunction; management event names carry an API version suffix, below).
 */
export const ACTION_OF_EVENT_NAME: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  s3: {
    ListBuckets: 'ListAllMyBuckets',
    ListObjects: 'ListBucket',
    ListObjectsV2: 'ListBucket',
    HeadBucket: 'ListBucket',
    HeadObject: 'GetObject',
    SelectObjectContent: 'GetObject',
    ListObjectVersions: 'ListBucketVersions',
    ListMultipartUploads: 'ListBucketMultipartUploads',
    ListParts: 'ListMultipartUploadParts',
    CreateMultipartUpload: 'PutObject',
    UploadPart: 'PutObject',
    UploadPartCopy: 'PutObject',
    CompleteMultipartUpload: 'PutObject',
    CopyObject: 'PutObject',
    DeleteObjects: 'DeleteObject',
    PutBucketEncryption: 'PutEncryptionConfiguration',
    GetBucketEncryption: 'GetEncryptionConfiguration',
    DeleteBucketEncryption: 'PutEncryptionConfiguration',
    PutBucketLifecycle: 'PutLifecycleConfiguration',
    PutBucketLifecycleConfiguration: 'PutLifecycleConfiguration',
    GetBucketLifecycle: 'GetLifecycleConfiguration',
    GetBucketLifecycleConfiguration: 'GetLifecycleConfiguration',
    DeleteBucketLifecycle: 'PutLifecycleConfiguration',
    PutBucketReplication: 'PutReplicationConfiguration',
    GetBucketReplication: 'GetReplicationConfiguration',
    DeleteBucketReplication: 'PutReplicationConfiguration',
    PutBucketCors: 'PutBucketCORS',
    GetBucketCors: 'GetBucketCORS',
    DeleteBucketCors: 'PutBucketCORS',
    DeleteBucketTagging: 'PutBucketTagging',
    DeleteBucketPublicAccessBlock: 'PutBucketPublicAccessBlock',
    DeleteBucketOwnershipControls: 'PutBucketOwnershipControls',
    PutBucketNotificationConfiguration: 'PutBucketNotification',
    GetBucketNotificationConfiguration: 'GetBucketNotification',
  },
  lambda: { Invoke: 'InvokeFunction' },
};

/**
 * S3 events that also read a source object, named by the `x-amz-copy-source` request parameter: AWS checks
 * s3:GetObject on the source and s3:PutObject on the destination (Amazon S3 API Reference, CopyObject and
 * UploadPartCopy, "Permissions").
 */
export const S3_COPY_EVENTS: ReadonlySet<string> = new Set(['CopyObject', 'UploadPartCopy']);
/** The action a copy's source is authorized for. */
export const S3_COPY_SOURCE_ACTION = 's3:GetObject';

/** Lambda's management event names end in the API version: CreateFunction20150331, UpdateFunctionCode20150331v2. */
const LAMBDA_API_VERSION = /\d{8}(v\d+)?$/;

/** The candidate action for an event (to be checked against the IAM data), or undefined when the source has no IAM prefix. */
export function actionOfEvent(eventSource: string, eventName: string): { service: string; action: string } | undefined {
  const source = eventSource.toLowerCase();
  const service = SERVICE_PREFIX_OF_EVENT_SOURCE[source] ?? (source.endsWith('.amazonaws.com') ? source.slice(0, -'.amazonaws.com'.length) : undefined);
  if (!service || !/^[a-z0-9-]+$/.test(service)) return undefined;
  const name = service === 'lambda' ? eventName.replace(LAMBDA_API_VERSION, '') : eventName;
  return { service, action: ACTION_OF_EVENT_NAME[service]?.[name] ?? name };
}
