/**
 * The two calls `import` and `drift` make in the management account beyond Organizations, served by
 * the same stand-in on 127.0.0.1: CloudTrail's DescribeTrails (JSON 1.1, X-Amz-Target
 * CloudTrail_20131101.DescribeTrails) and CloudFormation's ListStackInstances (Query protocol:
 * form-encoded request, XML answer, errors as <ErrorResponse>). Both are regional: the Region is the
 * one the request was signed for (the SigV4 credential scope), as AWS routes it. STS AssumeRole (same
 * protocol) is denied: the stand-in has no member account to enter (drift then reports the audit
 * account's Config rules and GuardDuty as unchecked).
 */

export interface FakeTrail {
  name: string;
  /** The management account's, also for a trail a delegated administrator created (the management account owns it). */
  account: string;
  homeRegion: string;
  bucket: string;
  organization: boolean;
  multiRegion: boolean;
  /** GetTrailStatus IsLogging; logging unless false. */
  logging?: boolean;
}

export interface FakeStackInstance {
  account: string;
  region: string;
  status: 'CURRENT' | 'OUTDATED' | 'INOPERABLE';
  detailedStatus: string;
  reason?: string;
  ou?: string;
}

/** A service-managed StackSet, which exists in its administrator's (home) Region only. */
export interface FakeStackSet {
  name: string;
  homeRegion: string;
  instances: FakeStackInstance[];
}

export class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** The Region a SigV4 request was signed for: Authorization: AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, ... */
export const signedRegion = (authorization: string | undefined) => /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(authorization ?? '')?.[1] ?? 'us-east-1';

/**
 * DescribeTrails with an empty trailNameList: the trails of the Region, plus, unless includeShadowTrails
 * is false, the shadow trails of multi-Region trails created elsewhere (AWS CloudTrail API Reference, DescribeTrails).
 */
export function describeTrails(trails: FakeTrail[], region: string, input: { includeShadowTrails?: boolean }) {
  const seen = trails.filter((t) => t.homeRegion === region || (input.includeShadowTrails !== false && t.multiRegion));
  return {
    trailList: seen.map((t) => ({
      Name: t.name,
      TrailARN: `arn:aws:cloudtrail:${t.homeRegion}:${t.account}:trail/${t.name}`,
      HomeRegion: t.homeRegion,
      S3BucketName: t.bucket,
      IsOrganizationTrail: t.organization,
      IsMultiRegionTrail: t.multiRegion,
      IncludeGlobalServiceEvents: true,
      LogFileValidationEnabled: true,
      HasCustomEventSelectors: false,
      HasInsightSelectors: false,
    })),
  };
}

/**
 * GetTrailStatus: a trail by name in its home Region, or by ARN anywhere it is seen ("To get the status of a shadow
 * trail ... you must specify its ARN", AWS CloudTrail API Reference); otherwise TrailNotFoundException.
 */
export function getTrailStatus(trails: FakeTrail[], region: string, input: { Name?: string }) {
  const arn = (t: FakeTrail) => `arn:aws:cloudtrail:${t.homeRegion}:${t.account}:trail/${t.name}`;
  const trail = trails.find((t) => (input.Name === arn(t) && (t.homeRegion === region || t.multiRegion)) || (input.Name === t.name && t.homeRegion === region));
  if (!trail) throw new ServiceError('TrailNotFoundException', `Unknown trail: ${input.Name} for the user: ${trails[0]?.account ?? ''}`);
  return { IsLogging: trail.logging !== false };
}

const xml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const element = (name: string, value: string | undefined) => (value === undefined ? '' : `<${name}>${xml(value)}</${name}>`);
const NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
/** ListStackInstances' largest MaxResults (CloudFormation API Reference). */
const PAGE = 100;

/** ListStackInstances: StackSetNotFoundException outside the StackSet's Region; StackInstanceRegion and StackInstanceAccount filter; pages of at most 100. */
export function listStackInstances(stackSets: FakeStackSet[], region: string, params: URLSearchParams): string {
  const name = params.get('StackSetName') ?? '';
  const stackSet = stackSets.find((s) => s.name === name && s.homeRegion === region);
  if (!stackSet) throw new ServiceError('StackSetNotFoundException', `StackSet ${name} not found`, 404);
  const instances = stackSet.instances.filter(
    (i) =>
      (!params.get('StackInstanceRegion') || i.region === params.get('StackInstanceRegion')) &&
      (!params.get('StackInstanceAccount') || i.account === params.get('StackInstanceAccount')),
  );
  const start = Number(params.get('NextToken') ?? 0);
  const end = start + Math.min(Number(params.get('MaxResults') ?? PAGE), PAGE);
  const members = instances
    .slice(start, end)
    .map(
      (i) =>
        `<member>${element('StackSetId', `${name}:0f1e2d3c-aaaa-bbbb-cccc-000000000000`)}${element('Region', i.region)}${element('Account', i.account)}` +
        `${element('StackId', `arn:aws:cloudformation:${i.region}:${i.account}:stack/StackSet-${name}-x/1`)}${element('Status', i.status)}` +
        `${element('StatusReason', i.reason)}<StackInstanceStatus>${element('DetailedStatus', i.detailedStatus)}</StackInstanceStatus>` +
        `${element('OrganizationalUnitId', i.ou)}<DriftStatus>NOT_CHECKED</DriftStatus></member>`,
    );
  return (
    `<ListStackInstancesResponse xmlns="${NS}"><ListStackInstancesResult><Summaries>${members.join('')}</Summaries>` +
    `${end < instances.length ? element('NextToken', String(end)) : ''}</ListStackInstancesResult>` +
    `<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></ListStackInstancesResponse>`
  );
}

/** The Query-protocol calls served, by Action. */
export const queryHandlers: Record<string, (stackSets: FakeStackSet[], region: string, params: URLSearchParams) => string> = {
  ListStackInstances: listStackInstances,
  AssumeRole: (_, region, params) => {
    throw new ServiceError('AccessDenied', `not authorized to perform: sts:AssumeRole on resource: ${params.get('RoleArn')} (stand-in in ${region})`, 403);
  },
};

export const queryError = (e: ServiceError) =>
  `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${xml(e.type)}</Code><Message>${xml(e.message)}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`;
