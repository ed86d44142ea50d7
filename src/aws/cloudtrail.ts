/**
 * Read-only view of the organization trails a management account sees (CloudTrail DescribeTrails),
 * for `import`: an organization that already records itself gets `logging.trail.organizationTrail:
 * existing` instead of a second trail.
 */
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand, type Trail } from '@aws-sdk/client-cloudtrail';
import { SDK_RETRIES } from './config-organization.ts';
import { explainAwsError } from './errors.ts';
import { withBackoff, type BackoffOptions } from './retry.ts';

export const CLOUDTRAIL_READ_PERMISSIONS = ['cloudtrail:DescribeTrails'] as const;
export const TRAIL_STATUS_PERMISSIONS = ['cloudtrail:GetTrailStatus'] as const;

export interface OrganizationTrail {
  name: string;
  arn: string;
  /** The Region the trail was created in; elsewhere it appears as a shadow trail. */
  homeRegion: string;
  bucket: string;
  multiRegion: boolean;
}

/** Credentials, AWS_REGION, AWS_ENDPOINT_URL_CLOUDTRAIL and retries the standard SDK way; `region` is where DescribeTrails looks. */
export const cloudTrailClient = (region: string) => new CloudTrailClient({ ...SDK_RETRIES, region });

/**
 * What makes a trail the organization's, in DescribeTrails' answer (AWS CloudTrail API Reference,
 * DescribeTrails and Trail; CloudTrail User Guide, "Creating a trail for an organization" and
 * "Organization delegated administrator"):
 * - `IsOrganizationTrail` is true. A trail a CloudTrail delegated administrator creates is still
 *   owned by the management account, so it is listed here like one the management account created.
 * - `includeShadowTrails` (default true, sent explicitly) adds the replicas of multi-Region trails
 *   created in another Region; `HomeRegion` names where the trail itself lives. A single-Region
 *   organization trail of another Region is not listed (CloudTrail has no call listing every Region's).
 * - The same trail is never listed twice in one answer, but ARNs are compared anyway.
 */
export function organizationTrails(trails: Trail[]): OrganizationTrail[] {
  const found = new Map<string, OrganizationTrail>();
  for (const t of trails) {
    if (t.IsOrganizationTrail !== true || !t.TrailARN) continue;
    found.set(t.TrailARN, {
      name: t.Name ?? t.TrailARN.split('/').pop()!,
      arn: t.TrailARN,
      homeRegion: t.HomeRegion ?? '',
      bucket: t.S3BucketName ?? '',
      multiRegion: t.IsMultiRegionTrail === true,
    });
  }
  // Multi-Region trails first (the organization's usual trail), then by ARN: the same order on every run.
  return [...found.values()].sort((a, b) => Number(b.multiRegion) - Number(a.multiRegion) || (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
}

/** The organization trails seen from `region` (DescribeTrails has no pages); a denied call names cloudtrail:DescribeTrails. */
export async function readOrganizationTrails(client: CloudTrailClient, region: string, backoff: BackoffOptions = {}): Promise<OrganizationTrail[]> {
  try {
    const { trailList } = await withBackoff(() => client.send(new DescribeTrailsCommand({ includeShadowTrails: true })), backoff);
    return organizationTrails(trailList ?? []);
  } catch (e) {
    throw (
      explainAwsError(e, {
        doing: `describing the trails in ${region}`,
        permissions: [...CLOUDTRAIL_READ_PERMISSIONS],
        service: 'AWS CloudTrail',
        call: 'DescribeTrails',
      }) ?? e
    );
  }
}

/**
 * Whether a trail records (CloudTrail API Reference, GetTrailStatus: IsLogging); DescribeTrails does not
 * say, and a stopped trail records nothing. Asked by ARN: "To get the status of a shadow trail (a
 * replication of the trail in another Region), you must specify its ARN". A denied call names
 * cloudtrail:GetTrailStatus.
 */
export async function readTrailLogging(client: CloudTrailClient, trail: OrganizationTrail, backoff: BackoffOptions = {}): Promise<boolean> {
  try {
    const status = await withBackoff(() => client.send(new GetTrailStatusCommand({ Name: trail.arn })), backoff);
    return status.IsLogging === true;
  } catch (e) {
    throw (
      explainAwsError(e, {
        doing: `reading whether trail ${trail.name} is logging`,
        permissions: [...TRAIL_STATUS_PERMISSIONS],
        service: 'AWS CloudTrail',
        call: 'GetTrailStatus',
      }) ?? e
    );
  }
}
