/**
 * One CloudTrail record → the request AWS authorized, in the terms `guardrails simulate` takes,
 * with the request context keys the record carries. Field meanings: AWS CloudTrail User Guide,
 * "CloudTrail record contents for management, data, and network activity events" and
 * "CloudTrail userIdentity element"; key meanings: IAM User Guide, "AWS global condition context keys".
 */
import { isIP } from 'node:net';
import { partitionOf } from '../../model/names.ts';
import { actionOfEvent, S3_COPY_EVENTS } from './event-actions.ts';
import { arnAccount, MAX_RESOURCES_PER_CALL } from './request-resources.ts';
import { principalOfIdentity } from './user-identity.ts';

export interface EventRequest {
  eventId: string;
  eventTime: string;
  /** Account id of the principal (whose SCPs apply); for an AWS service principal, the account it acted in (the record's recipient). */
  accountId: string;
  principal: string;
  /** An AWS service principal: no SCP applies, the resource owner's RCPs do. */
  servicePrincipal?: boolean;
  /** No IAM principal signed the call (EventPrincipal.unsigned): `principal` is a label, `accountId` the resource owner's. */
  unsigned?: true;
  /** Keys the simulator derives from `principal` that the record does not prove (EventPrincipal.hiddenKeys). */
  hiddenKeys?: readonly string[];
  service: string;
  /** Action name as the event gives it (checked against the IAM data by the caller). */
  actionName: string;
  region: string;
  resource: string;
  /** Further resources `resources` names besides `resource` (each authorized where the action takes its type). */
  moreResources?: NamedResource[];
  /** The call's requestParameters, kept when `resources` named nothing (the resource may be built from them). */
  parameters?: unknown;
  /** With IAM parameters: IAM ARNs the record carries (a Create* response's, the caller's own), which give a named resource its path. */
  iamArns?: string[];
  /** Account id owning the resource, when the record says. */
  resourceAccount?: string;
  /** A CopyObject/UploadPartCopy's source object (S3_COPY_EVENTS), which is authorized for s3:GetObject, not the copy's action. */
  copySource?: string;
  /** The record names the resource but not its owner (an ARN without an account, no owner listed): whose RCPs apply is unknown. */
  ownerUnknown?: true;
  /** The account whose trail received this copy of the event. */
  recipientAccountId?: string;
  /** A cross-account call is delivered to both accounts, each copy with the same sharedEventID. */
  shared: boolean;
  context: Record<string, string | string[]>;
  /** The error code of a call that failed for lack of permission. */
  accessDenied?: string;
}

/**
 * Keys only a service principal's request carries (IAM User Guide, aws:SourceAccount, aws:SourceArn,
 * aws:SourceOrgID, aws:SourceOrgPaths: "present in the request context only if accessing a resource
 * triggers an AWS service to call another service on behalf of the resource owner";
 * aws:PrincipalServiceNamesList), which CloudTrail does not record: absent from an IAM principal's
 * request for certain, unknown in a service principal's.
 */
export const KEYS_ONLY_SERVICE_PRINCIPALS_CARRY = [
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
  'aws:PrincipalServiceNamesList',
];

/**
 * Keys whose absence from a record means they were absent from the request: the record would
 * carry them. A decision resting on any other absent key (principal and resource tags, service
 * keys such as ec2:MetadataHttpTokens) is uncertain.
 */
export const KEYS_CLOUDTRAIL_RECORDS = [
  'aws:SourceIp',
  'aws:SourceVpce',
  'aws:VpceAccount',
  'aws:MultiFactorAuthPresent',
  'aws:TokenIssueTime',
  'aws:ViaAWSService',
  'aws:CalledVia',
  'aws:CalledViaFirst',
  'aws:CalledViaLast',
  'aws:SourceIdentity',
  'aws:FederatedProvider',
  'aws:AssumedRoot',
  'aws:CurrentTime',
  'aws:EpochTime',
  'aws:UserAgent',
  'aws:userid',
  'ec2:RoleDelivery',
  ...KEYS_ONLY_SERVICE_PRINCIPALS_CARRY,
  'aws:PrincipalServiceName',
].map((k) => k.toLowerCase());

/**
 * Services that set aws:CalledVia when they call on to another service with the caller's
 * credentials (IAM User Guide, aws:CalledVia: "Services that support aws:CalledVia").
 */
const CALLED_VIA_SERVICES = new Set(['athena.amazonaws.com', 'cloudformation.amazonaws.com', 'dynamodb.amazonaws.com', 'kms.amazonaws.com']);

/**
 * Error codes of a call refused for lack of permission (IAM User Guide, "Troubleshoot access
 * denied error messages"; EC2 prefixes its codes with `Client.`).
 */
export const ACCESS_DENIED_ERRORS = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'Client.UnauthorizedOperation',
  'UnauthorizedOperation',
  'Client.UnauthorizedAccess',
  'AuthorizationError',
  'AuthorizationErrorException',
]);

/** Event types that are not a principal's API call (service events, console sign-in, Insights, VPC endpoint denials). */
const API_CALL_EVENT_TYPES = new Set(['AwsApiCall', undefined]);

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const ACCOUNT_ID = /^\d{12}$/;

/** CloudTrail writes session creation times as ISO 8601, in older records in the basic format 20131102T010628Z. */
function isoTime(value: string): string {
  const basic = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return basic ? `${basic[1]}-${basic[2]}-${basic[3]}T${basic[4]}:${basic[5]}:${basic[6]}Z` : value;
}

/** A resource a record names, with its owner when the record says. */
export interface NamedResource {
  arn: string;
  owner?: string;
}

/**
 * The owner of a listed resource: its accountId, the account in its ARN, else (an S3 object) the accountId
 * of its own bucket's entry (the bucket whose ARN prefixes the object's), never another entry's: a
 * CopyObject source or another bucket may be another account's. Undefined when the record does not say.
 */
function ownerOf(r: Record<string, unknown>, arn: string, named: Record<string, unknown>[]): string | undefined {
  let owner = str(r.accountId) ?? str(arnAccount(arn));
  if (owner === undefined && r.type === 'AWS::S3::Object') {
    for (const n of named) {
      const bucket = str(n.ARN);
      if (n.type === 'AWS::S3::Bucket' && bucket && arn.length > bucket.length && arn.startsWith(bucket) && arn[bucket.length] === '/')
        owner = str(n.accountId);
    }
  }
  return owner && ACCOUNT_ID.test(owner) ? owner : undefined;
}

/** The resource named by `resources` (data events always, some management events), else '*'; the others it names apart. */
function resourceOf(record: Record<string, unknown>): { resource: string; owner?: string; others?: NamedResource[] } {
  const resources = Array.isArray(record.resources) ? (record.resources as Record<string, unknown>[]) : [];
  const named = resources.filter((r) => str(r?.ARN));
  // An S3 data event names the bucket and the object; the call acts on the object.
  const chosen = named.find((r) => r.type === 'AWS::S3::Object') ?? named[0];
  if (!chosen) return { resource: '*' };
  const arn = str(chosen.ARN)!;
  const owner = ownerOf(chosen, arn, named);
  // The object's own bucket is listed to name the owner: S3's object actions authorize the object only
  // (Service Authorization Reference, Amazon S3: their resource type is `object`).
  const others = named.filter((r) => r !== chosen && !(chosen.type === 'AWS::S3::Object' && r.type === 'AWS::S3::Bucket' && arn.startsWith(`${str(r.ARN)}/`)));
  if (others.length === 0) return { resource: arn, owner };
  // Which of the others the action authorizes is for the caller to say (it knows the action's resource types).
  const more = others.slice(0, MAX_RESOURCES_PER_CALL - 1).map((r) => ({ arn: str(r.ARN)!, owner: ownerOf(r, str(r.ARN)!, named) }));
  return { resource: arn, owner, others: more };
}

/** `wanted`: the keys to fill (all when absent); a key no policy reads need not be worked out. */
function contextOf(record: Record<string, unknown>, identity: Record<string, any>, wanted: (key: string) => boolean): Record<string, string | string[]> {
  const ctx: Record<string, string | string[]> = {};
  const set = (key: string, value: unknown) => {
    const v = str(value);
    if (v !== undefined && wanted(key)) ctx[key] = v;
  };
  const sourceIp = str(record.sourceIPAddress);
  // A service calling on the caller's behalf (forward access session) appears as its own name, not an IP.
  if (sourceIp && wanted('aws:SourceIp') && isIP(sourceIp)) ctx['aws:SourceIp'] = sourceIp;
  set('aws:SourceVpce', record.vpcEndpointId);
  set('aws:VpceAccount', record.vpcEndpointAccountId);
  // A service principal calling with its own identity is not a service calling with a principal's credentials.
  const invokedBy = identity.type === 'AWSService' ? undefined : str(identity.invokedBy);
  set('aws:ViaAWSService', invokedBy ? 'true' : 'false');
  if (invokedBy && CALLED_VIA_SERVICES.has(invokedBy)) {
    if (wanted('aws:CalledVia')) ctx['aws:CalledVia'] = [invokedBy];
    set('aws:CalledViaFirst', invokedBy);
    set('aws:CalledViaLast', invokedBy);
  }
  const session = identity.sessionContext as Record<string, any> | undefined;
  // Long-term access keys carry no session context, and then AWS sets no MFA key at all.
  set('aws:MultiFactorAuthPresent', session?.attributes?.mfaAuthenticated);
  const created = str(session?.attributes?.creationDate);
  if (created && wanted('aws:TokenIssueTime')) ctx['aws:TokenIssueTime'] = isoTime(created);
  set('aws:SourceIdentity', session?.sourceIdentity);
  set('aws:FederatedProvider', session?.webIdFederationData?.federatedProvider);
  set('aws:AssumedRoot', session?.assumedRoot);
  // "1.0" or "2.0": credentials delivered by IMDSv1 or IMDSv2 (the key the IMDSv2 guardrail reads).
  set('ec2:RoleDelivery', session?.ec2RoleDelivery);
  const time = str(record.eventTime);
  if (time) {
    set('aws:CurrentTime', time);
    if (wanted('aws:EpochTime')) {
      const ms = Date.parse(time);
      if (!Number.isNaN(ms)) ctx['aws:EpochTime'] = String(Math.floor(ms / 1000));
    }
  }
  set('aws:UserAgent', record.userAgent);
  set('aws:userid', identity.principalId);
  return ctx;
}

/**
 * IAM ARNs a record carries besides `resources`: the created resource in a Create* response
 * (`responseElements.role.arn`, `.user.arn`, `.group.arn`, `.policy.arn`: IAM API Reference, CreateRole
 * etc., Role/User/Group/Policy "Arn") and the caller's own role or user (`sessionContext.sessionIssuer.arn`,
 * an IAM user's `arn`), each with its path.
 */
function iamArnsOf(record: Record<string, unknown>, identity: Record<string, any> | undefined): string[] {
  const out: string[] = [];
  const response = record.responseElements;
  if (response && typeof response === 'object') {
    for (const v of Object.values(response)) {
      const arn = v && typeof v === 'object' ? str((v as Record<string, unknown>).arn) : undefined;
      if (arn?.includes(':iam::')) out.push(arn);
    }
  }
  for (const arn of [str(identity?.sessionContext?.sessionIssuer?.arn), str(identity?.arn)]) if (arn?.includes(':iam::')) out.push(arn);
  return out;
}

const EVERY_KEY = () => true;

/**
 * The source object's ARN from `x-amz-copy-source`: `BUCKET/KEY` or an access point's object ARN, URL-encoded,
 * with an optional leading `/` and `?versionId=` (Amazon S3 API Reference, CopyObject, x-amz-copy-source).
 */
function copySourceArn(parameters: unknown, region: string): string | undefined {
  const raw = str((parameters as Record<string, unknown> | null)?.['x-amz-copy-source']);
  if (!raw) return undefined;
  let source: string;
  try {
    source = decodeURIComponent(raw.split('?versionId=')[0]).replace(/^\//, '');
  } catch {
    return undefined;
  }
  if (source.startsWith('arn:')) return source;
  return source.indexOf('/') > 0 ? `arn:${partitionOf(region)}:s3:::${source}` : undefined;
}

/**
 * The request of a record, or why it is not replayed. `wanted`: the context keys to fill (those a
 * policy reads; spelled as AWS documents them), all when absent.
 */
export function requestOfEvent(record: Record<string, unknown>, wanted: (key: string) => boolean = EVERY_KEY): EventRequest | { skip: string } {
  if (!API_CALL_EVENT_TYPES.has(record.eventType as string | undefined)) return { skip: `event type ${String(record.eventType)}` };
  const eventSource = str(record.eventSource);
  const eventName = str(record.eventName);
  const region = str(record.awsRegion);
  if (!eventSource || !eventName || !region) return { skip: 'not a CloudTrail record (eventSource, eventName or awsRegion missing)' };
  const mapped = actionOfEvent(eventSource, eventName);
  if (!mapped) return { skip: `event source with no IAM service prefix: ${eventSource}` };
  const who = principalOfIdentity(record.userIdentity, region);
  if ('skip' in who) return who;
  const recipient = str(record.recipientAccountId);
  const { resource, owner, others } = resourceOf(record);
  // A service principal has no account: it acted in the account whose trail received the call, on that
  // account's resource unless the record names another owner. So for an unsigned call.
  const accountless = who.servicePrincipal || who.unsigned;
  if (accountless && !recipient) return { skip: `${who.unsigned ? 'unsigned' : 'AWS service principal'} call without recipientAccountId` };
  const accountId = accountless ? recipient! : who.accountId;
  const errorCode = str(record.errorCode);
  // Optional fields are set only when present (an event is mapped in microseconds: no spread copies).
  const request: EventRequest = {
    eventId: str(record.eventID) ?? '',
    eventTime: str(record.eventTime) ?? '',
    accountId,
    principal: who.principal,
    service: mapped.service,
    actionName: mapped.action,
    region,
    resource,
    resourceAccount: owner ?? (recipient && (recipient !== accountId || accountless) ? recipient : undefined),
    recipientAccountId: recipient,
    shared: str(record.sharedEventID) !== undefined,
    context: contextOf(record, record.userIdentity as Record<string, any>, wanted),
  };
  if (request.resourceAccount === undefined && resource !== '*' && !arnAccount(resource)) request.ownerUnknown = true;
  if (who.servicePrincipal) request.servicePrincipal = true;
  if (who.unsigned) {
    request.unsigned = true;
    // AssumeRoleWithSAML/WithWebIdentity name the role in requestParameters.roleArn (STS API Reference).
    const roleArn = str((record.requestParameters as Record<string, unknown> | null)?.roleArn);
    if (resource === '*' && roleArn) request.resource = roleArn;
  }
  if (who.hiddenKeys) request.hiddenKeys = who.hiddenKeys;
  if (others) request.moreResources = others;
  if (resource === '*' && record.requestParameters) request.parameters = record.requestParameters;
  if (resource === '*' && mapped.service === 'iam') request.iamArns = iamArnsOf(record, record.userIdentity as Record<string, any>);
  if (errorCode && ACCESS_DENIED_ERRORS.has(errorCode)) request.accessDenied = errorCode;
  if (mapped.service === 's3' && S3_COPY_EVENTS.has(eventName)) {
    const source = copySourceArn(record.requestParameters, region);
    if (source) request.copySource = source;
  }
  return request;
}
