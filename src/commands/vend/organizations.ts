/**
 * The AWS Organizations calls of account vending, each safe to repeat. Organizations has low
 * request limits and answers ConcurrentModificationException while another change is under
 * way, so besides the SDK's own retries every call here backs off and retries on those.
 * Reads of OUs and accounts go through the shared reader (src/aws/organizations.ts); the writes,
 * and the reads that only vending needs (creation requests, an account's parent), stay here.
 */
import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  ListParentsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  TagResourceCommand,
  paginateListCreateAccountStatus,
  type CreateAccountStatus,
} from '@aws-sdk/client-organizations';
import { findAccountByEmail as findAccount, findUnitByPath } from '../../aws/organizations.ts';
import { withBackoff } from '../../aws/retry.ts';
import { UserError } from '../../core/errors.ts';

export interface OrgApi {
  client: OrganizationsClient;
  sleep: (ms: number) => Promise<void>;
  retries?: number;
}

export const withRetry = <T>(api: OrgApi, fn: () => Promise<T>): Promise<T> => withBackoff(fn, { retries: api.retries, sleep: api.sleep });

async function collect<T>(api: OrgApi, pages: () => AsyncIterable<T>): Promise<T[]> {
  return withRetry(api, async () => {
    const out: T[] = [];
    for await (const page of pages()) out.push(page);
    return out;
  });
}

export async function findAccountByEmail(api: OrgApi, email: string): Promise<{ id: string; name?: string; status?: string } | undefined> {
  const found = await findAccount(api, email);
  return found && { id: found.id, name: found.name, status: found.state };
}

export async function findCreationInProgress(api: OrgApi, name: string): Promise<CreateAccountStatus | undefined> {
  const pages = await collect(api, () => paginateListCreateAccountStatus({ client: api.client }, { States: ['IN_PROGRESS'] }));
  return pages.flatMap((p) => p.CreateAccountStatuses ?? []).find((s) => s.AccountName === name);
}

/** Resolves an OU path ("Workloads/Prod") through the live organization tree. */
export async function resolveOrganizationalUnit(api: OrgApi, path: string): Promise<{ rootId: string; ouId: string }> {
  const { rootId, unitId, missing } = await findUnitByPath(api, path);
  if (!rootId) throw new UserError('the organization has no root (are these management-account credentials?)');
  if (!unitId) throw new UserError(`OU "${missing}" does not exist in the organization yet`, "run `pulumi up` to create the spec's OUs, then vend");
  return { rootId, ouId: unitId };
}

export async function createAccount(
  api: OrgApi,
  request: { name: string; email: string; roleName: string; tags: Record<string, string> },
): Promise<CreateAccountStatus> {
  const { CreateAccountStatus: status } = await withRetry(api, () =>
    api.client.send(
      new CreateAccountCommand({
        AccountName: request.name,
        Email: request.email,
        RoleName: request.roleName,
        IamUserAccessToBilling: 'DENY',
        Tags: Object.entries(request.tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    ),
  );
  if (!status?.Id) throw new Error('CreateAccount returned no request id');
  return status;
}

/** Follows a creation request until it ends, backing off from 5 s to 30 s between polls. */
export async function waitForCreation(
  api: OrgApi,
  requestId: string,
  onPoll: (status: CreateAccountStatus, polls: number) => void,
  maxPolls = 240,
): Promise<CreateAccountStatus> {
  for (let polls = 1; polls <= maxPolls; polls++) {
    const { CreateAccountStatus: status } = await withRetry(api, () =>
      api.client.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: requestId })),
    );
    if (!status) throw new Error(`no status for request ${requestId}`);
    onPoll(status, polls);
    if (status.State !== 'IN_PROGRESS') return status;
    await api.sleep(Math.min(5000 * polls, 30_000));
  }
  throw new UserError(`account creation ${requestId} is still in progress after ${maxPolls} polls`, 'rerun the same command later: it resumes this request');
}

export async function moveToUnit(api: OrgApi, accountId: string, destinationId: string): Promise<{ moved: boolean; from: string }> {
  const { Parents } = await withRetry(api, () => api.client.send(new ListParentsCommand({ ChildId: accountId })));
  const from = Parents?.[0]?.Id;
  if (!from) throw new Error(`account ${accountId} has no parent`);
  if (from === destinationId) return { moved: false, from };
  await withRetry(api, () => api.client.send(new MoveAccountCommand({ AccountId: accountId, SourceParentId: from, DestinationParentId: destinationId })));
  return { moved: true, from };
}

export async function tagAccount(api: OrgApi, accountId: string, tags: Record<string, string>): Promise<void> {
  if (Object.keys(tags).length === 0) return;
  await withRetry(api, () =>
    api.client.send(new TagResourceCommand({ ResourceId: accountId, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) })),
  );
}

/** AWS's CreateAccountStatus FailureReason values, in plain words with what to do. */
export const FAILURE_ADVICE: Record<string, string> = {
  ACCOUNT_LIMIT_EXCEEDED:
    'the organization has reached its account quota; request an increase in Service Quotas (AWS Organizations: Default maximum number of accounts)',
  CONCURRENT_ACCOUNT_MODIFICATION: 'another change to the organization was under way; rerun the same command',
  EMAIL_ALREADY_EXISTS: 'an AWS account outside this organization already uses this email; use another address, or invite that account into the organization',
  FAILED_BUSINESS_VALIDATION: 'AWS could not validate the business details of the management account; contact AWS Support',
  GOVCLOUD_ACCOUNT_ALREADY_EXISTS: 'a GovCloud account with this email already exists; use another address',
  IDENTITY_INVALID_BUSINESS_VALIDATION: "the management account's identity failed business validation; contact AWS Support",
  INTERNAL_FAILURE: 'AWS had an internal failure; rerun the same command, and contact AWS Support if it persists',
  INVALID_ADDRESS: "the management account's address is invalid; correct it in the Billing console",
  INVALID_EMAIL: 'AWS rejected the email address; check it',
  INVALID_IDENTITY_FOR_BUSINESS_VALIDATION: "the management account's identity is invalid for business validation; contact AWS Support",
  INVALID_PAYMENT_INSTRUMENT: "the management account's payment method is invalid; fix it in the Billing console",
  MISSING_BUSINESS_VALIDATION: 'the management account has not completed business validation; complete it, then rerun',
  MISSING_PAYMENT_INSTRUMENT: 'the management account has no valid payment method; add one in the Billing console',
  PENDING_BUSINESS_VALIDATION: 'business validation of the management account is still pending; rerun once it completes',
  UNKNOWN_BUSINESS_VALIDATION: 'business validation failed for an unknown reason; contact AWS Support',
  UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED:
    "tags could not be applied while the organization's resource policy was being updated; rerun without --tag, then tag the account",
};
