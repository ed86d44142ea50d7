/**
 * The stack instances of a service-managed StackSet, read from the management account
 * (CloudFormation ListStackInstances), and what their statuses mean. Read-only; every page through
 * the SDK's paginator; a StackSet that does not exist is an answer (`exists: false`), not an error.
 */
import { CloudFormationClient, paginateListStackInstances } from '@aws-sdk/client-cloudformation';
import { SDK_RETRIES } from './config-organization.ts';

export const STACKSET_READ_PERMISSIONS = ['cloudformation:ListStackInstances'] as const;

export interface StackInstance {
  account: string;
  region: string;
  /** StackInstanceSummary.Status: CURRENT, OUTDATED or INOPERABLE. */
  status: string;
  /** StackInstanceSummary.StackInstanceStatus.DetailedStatus (below). */
  detailedStatus?: string;
  reason?: string;
  /** The deployment target (OU or root id) the instance was created for (service-managed StackSets). */
  unitId?: string;
  /** The stack's id (ARN) in the account and Region, what ImportStacksToStackSet takes. */
  stackId?: string;
}

export interface StackSetInstances {
  exists: boolean;
  instances: StackInstance[];
}

/**
 * A StackSet lives in the Region it was created in (its administrator Region): ListStackInstances
 * elsewhere answers StackSetNotFoundException. Credentials, AWS_ENDPOINT_URL_CLOUDFORMATION and
 * retries the standard SDK way.
 */
export const cloudFormationClient = (stackSetRegion: string) => new CloudFormationClient({ ...SDK_RETRIES, region: stackSetRegion });

/**
 * Where an instance stands (CloudFormation API Reference, StackInstanceSummary.Status and
 * StackInstanceComprehensiveStatus.DetailedStatus). An instance is as its StackSet says only when
 * CURRENT and SUCCEEDED: a StackSet operation passes as long as failures stay within its failure
 * tolerance, so a FAILED or CANCELLED account shows here and nowhere else.
 */
export type InstanceState = 'current' | 'failed' | 'outdated' | 'in-progress' | 'skipped';

export const DETAILED_STATUS: Record<string, { state: InstanceState; meaning: string }> = {
  SUCCEEDED: { state: 'current', meaning: 'the last operation succeeded' },
  FAILED: { state: 'failed', meaning: 'the last operation failed in this account and Region' },
  FAILED_IMPORT: { state: 'failed', meaning: 'importing the stack failed and left it unstable' },
  // Excluded from further UpdateStackSet operations until DeleteStackInstances with RetainStacks removes it.
  INOPERABLE: { state: 'failed', meaning: 'a DeleteStackInstances operation failed and left the stack unstable' },
  CANCELLED: { state: 'outdated', meaning: 'the operation was stopped, or the failure tolerance was exceeded elsewhere, before it reached this account' },
  PENDING: { state: 'in-progress', meaning: 'an operation has yet to start here' },
  RUNNING: { state: 'in-progress', meaning: 'an operation is running here' },
  SKIPPED_SUSPENDED_ACCOUNT: { state: 'skipped', meaning: 'the account is suspended, so the operation skipped it' },
};

/** StackInstanceSummary.Status: OUTDATED = a create or update failed or stopped before reaching the stack; INOPERABLE = a failed delete. */
export function instanceState(i: Pick<StackInstance, 'status' | 'detailedStatus'>): InstanceState {
  const detailed = i.detailedStatus ? DETAILED_STATUS[i.detailedStatus]?.state : undefined;
  if (i.status === 'INOPERABLE') return 'failed';
  if (detailed && detailed !== 'current') return detailed;
  if (i.status === 'OUTDATED') return 'outdated';
  return i.status === 'CURRENT' ? 'current' : 'failed';
}

/**
 * Every instance of the StackSet, in every Region (what drift needs, to see instances in Regions the
 * spec no longer allows), every page; CallAs SELF since the caller is the management account (CallAs
 * DELEGATED_ADMIN is for a CloudFormation delegated administrator).
 */
export async function readStackInstances(client: CloudFormationClient, stackSetName: string): Promise<StackSetInstances> {
  try {
    const instances: StackInstance[] = [];
    // MaxResults 1-100 (CloudFormation API Reference, ListStackInstances): the largest pages, the fewest requests.
    const pages = paginateListStackInstances({ client, pageSize: 100 }, { StackSetName: stackSetName, CallAs: 'SELF' });
    for await (const page of pages)
      for (const s of page.Summaries ?? [])
        instances.push({
          account: s.Account!,
          region: s.Region!,
          status: String(s.Status),
          detailedStatus: s.StackInstanceStatus?.DetailedStatus,
          reason: s.StatusReason,
          unitId: s.OrganizationalUnitId,
          stackId: s.StackId,
        });
    return { exists: true, instances };
  } catch (e) {
    if ((e as Error).name === 'StackSetNotFoundException') return { exists: false, instances: [] };
    throw e;
  }
}
