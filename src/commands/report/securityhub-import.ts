/**
 * `report --asff-import`: sends ASFF findings to Security Hub with BatchImportFindings.
 * AWS's rules (Security Hub partner guide, "Guidelines for using the BatchImportFindings API";
 * API reference, BatchImportFindings):
 * - with a custom integration's default product ARN, the caller must be the account named in
 *   each finding's AwsAccountId, so findings go out per account: the caller's own directly,
 *   the others through the organization's access role in that account;
 * - at most 100 findings and 6 MB per request, 240 KB per finding;
 * - a request can succeed in part: FailedFindings lists the findings it rejected, with a code;
 * - resubmitting a finding with the same Id updates it (Workflow and Note set at creation are
 *   kept: BatchImportFindings cannot change them afterwards).
 * Throttling (10 requests/s per account and region, burst 30) is retried by the SDK and then
 * with backoff; a failed account does not stop the others.
 */
import { BatchImportFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { isRetryableAwsError, withBackoff } from '../../aws/retry.ts';
import { explainAwsError } from '../../aws/errors.ts';
import { partitionOf } from '../../model/names.ts';

type TemporaryCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date };

export const BATCH_IMPORT_LIMITS = { findings: 100, requestBytes: 6 * 1024 * 1024, findingBytes: 240 * 1024 } as const;

export interface FailedFinding {
  Id: string;
  AwsAccountId: string;
  ErrorCode: string;
  ErrorMessage: string;
}

export interface ImportResult {
  imported: number;
  failed: FailedFinding[];
  requests: number;
  accounts: number;
}

export interface SecurityHubImportDeps {
  /** The account the credentials belong to. */
  callerAccount: () => Promise<string>;
  /** A Security Hub client acting as `account` in the import region. */
  clientFor: (account: string, caller: string) => SecurityHubClient;
  sleep?: (ms: number) => Promise<void>;
}

const bytes = (f: AwsSecurityFinding) => Buffer.byteLength(JSON.stringify(f));

/** Requests of at most 100 findings and 6 MB, in the given order. */
export function batchesOf(findings: AwsSecurityFinding[]): AwsSecurityFinding[][] {
  const batches: AwsSecurityFinding[][] = [];
  let current: AwsSecurityFinding[] = [];
  let size = 0;
  for (const f of findings) {
    const n = bytes(f);
    if (current.length === BATCH_IMPORT_LIMITS.findings || (current.length && size + n > BATCH_IMPORT_LIMITS.requestBytes)) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(f);
    size += n;
  }
  if (current.length) batches.push(current);
  return batches;
}

const retryable = (e: unknown) => isRetryableAwsError(e) || (e as { name?: string })?.name === 'InternalException';

export async function importFindings(findings: AwsSecurityFinding[], deps: SecurityHubImportDeps): Promise<ImportResult> {
  const caller = await deps.callerAccount();
  const byAccount = new Map<string, AwsSecurityFinding[]>();
  const failed: FailedFinding[] = [];
  for (const f of findings) {
    const account = f.AwsAccountId ?? '';
    if (bytes(f) > BATCH_IMPORT_LIMITS.findingBytes) {
      failed.push({ Id: f.Id ?? '', AwsAccountId: account, ErrorCode: 'FindingTooLarge', ErrorMessage: 'larger than the 240 KB BatchImportFindings accepts' });
      continue;
    }
    byAccount.set(account, [...(byAccount.get(account) ?? []), f]);
  }
  let imported = 0;
  let requests = 0;
  for (const [account, own] of byAccount) {
    const client = deps.clientFor(account, caller);
    for (const batch of batchesOf(own)) {
      try {
        const out = await withBackoff(() => client.send(new BatchImportFindingsCommand({ Findings: batch })), { retryable, sleep: deps.sleep });
        requests++;
        imported += out.SuccessCount ?? 0;
        for (const e of out.FailedFindings ?? [])
          failed.push({ Id: e.Id ?? '', AwsAccountId: account, ErrorCode: e.ErrorCode ?? 'Unknown', ErrorMessage: e.ErrorMessage ?? '' });
      } catch (e) {
        const problem = explainAwsError(e, { doing: `importing findings of account ${account}`, permissions: ['securityhub:BatchImportFindings'] });
        const message = problem ? `${problem.message}${problem.hint ? ` (${problem.hint})` : ''}` : ((e as Error).message ?? String(e));
        const code = (e as { name?: string }).name ?? 'Error';
        // This account's remaining batches would fail the same way; the other accounts still go.
        for (const f of own.slice(own.indexOf(batch[0]))) failed.push({ Id: f.Id ?? '', AwsAccountId: account, ErrorCode: code, ErrorMessage: message });
        break;
      }
    }
  }
  return { imported, failed, requests, accounts: byAccount.size };
}

/**
 * The real edges: clients built the standard SDK way (credentials chain, AWS_ENDPOINT_URL_SECURITYHUB,
 * adaptive retries); other accounts are reached by assuming `roleName` there.
 */
export function securityHubDeps(region: string, roleName: string): SecurityHubImportDeps {
  const sts = new STSClient({ region });
  const options = { region, retryMode: 'adaptive' as const, maxAttempts: 8 };
  return {
    callerAccount: async () => (await sts.send(new GetCallerIdentityCommand({}))).Account!,
    clientFor: (account, caller) => {
      if (account === caller) return new SecurityHubClient(options);
      const roleArn = `arn:${partitionOf(region)}:iam::${account}:role/${roleName}`;
      let session: Promise<TemporaryCredentials> | undefined;
      const assume = async (): Promise<TemporaryCredentials> => {
        const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'org-guardrails-asff-import' }));
        return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken, expiration: c!.Expiration };
      };
      // One AssumeRole per account and run; a run outlasting the one-hour session is not expected.
      const credentials = () => (session ??= assume());
      return new SecurityHubClient({ ...options, credentials });
    },
  };
}
