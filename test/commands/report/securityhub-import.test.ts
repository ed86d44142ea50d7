import { BatchImportFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { asffFindings } from '../../../src/commands/report/asff.ts';
import { reportFromEvaluations } from '../../../src/commands/report/report.ts';
import { batchesOf, importFindings, type SecurityHubImportDeps } from '../../../src/commands/report/securityhub-import.ts';
import { importAsff } from '../../../src/commands/report/securityhub-cli.ts';
import { exampleEvaluations } from './fixtures.ts';

const securityHub = mockClient(SecurityHubClient);
const CALLER = '111111111111';

/**
 * A stand-in for Security Hub that keeps findings by (ProductArn, Id) as the service does: a
 * known Id is updated in place (Workflow and Note keep their values from creation), and a
 * finding of another account than the caller's is refused, as with a default product ARN.
 */
function securityHubStore(options: { deniedAccounts?: string[]; throttleFirst?: number } = {}) {
  const store = new Map<string, AwsSecurityFinding>();
  const requests: { account: string; size: number }[] = [];
  let throttles = options.throttleFirst ?? 0;
  securityHub.on(BatchImportFindingsCommand).callsFake(async (input, getClient) => {
    const account = (await (getClient() as SecurityHubClient).config.credentials()).accessKeyId;
    if (throttles-- > 0) throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } });
    requests.push({ account, size: input.Findings.length });
    if (input.Findings.length > 100) throw Object.assign(new Error('too many findings'), { name: 'InvalidInputException' });
    const failed = [];
    for (const f of input.Findings as AwsSecurityFinding[]) {
      if (f.AwsAccountId !== account || !f.ProductArn!.includes(`:${account}:product/${account}/default`)) {
        failed.push({ Id: f.Id, ErrorCode: 'AccessDeniedException', ErrorMessage: 'finding is not for the calling account' });
        continue;
      }
      const key = `${f.ProductArn}\u0000${f.Id}`;
      const existing = store.get(key);
      store.set(key, existing ? { ...f, Workflow: existing.Workflow, Note: existing.Note, CreatedAt: existing.CreatedAt } : f);
    }
    return { SuccessCount: input.Findings.length - failed.length, FailedCount: failed.length, FailedFindings: failed };
  });
  const deps: SecurityHubImportDeps = {
    callerAccount: async () => CALLER,
    clientFor: (account) =>
      new SecurityHubClient({
        region: 'eu-west-1',
        credentials: async () => {
          if (options.deniedAccounts?.includes(account))
            throw Object.assign(new Error(`not authorized to perform sts:AssumeRole on ${account}`), { name: 'AccessDenied', $metadata: {} });
          return { accessKeyId: account, secretAccessKey: 'test' };
        },
      }),
    sleep: async () => {},
  };
  return { store, requests, deps };
}

beforeEach(() => securityHub.reset());

describe('report --asff-import', async () => {
  const { analysis, document } = await exampleEvaluations();
  const report = reportFromEvaluations(analysis, document, 'evaluations.json');
  const findings = asffFindings(report, { region: 'eu-west-1' });

  it('importing the same report twice updates the findings in place: no duplicates', async () => {
    const { store, deps } = securityHubStore();
    const first = await importFindings(findings, deps);
    expect(first).toMatchObject({ imported: findings.length, failed: [] });
    expect(store.size).toBe(findings.length);

    const rerun = asffFindings({ ...report, generatedAt: '2027-01-15T00:00:00.000Z' }, { region: 'eu-west-1' });
    const second = await importFindings(rerun, deps);
    expect(second).toMatchObject({ imported: findings.length, failed: [] });
    expect(store.size).toBe(findings.length);
    expect([...store.values()].every((f) => f.UpdatedAt === '2027-01-15T00:00:00.000Z')).toBe(true);
    expect([...store.values()].filter((f) => f.Workflow?.Status === 'SUPPRESSED')).toHaveLength(report.exempted);
  });

  it('sends each account its own findings, as that account', async () => {
    const { requests, deps } = securityHubStore();
    const result = await importFindings(findings, deps);
    const accounts = new Set(findings.map((f) => f.AwsAccountId));
    expect(result.accounts).toBe(accounts.size);
    expect(new Set(requests.map((r) => r.account))).toEqual(accounts);
  });

  it('sends at most 100 findings per request', async () => {
    const many = Array.from({ length: 250 }, (_, i) => ({ ...findings[0], Id: `${findings[0].Id}/${i}` }));
    const { requests, store, deps } = securityHubStore();
    const result = await importFindings(many, deps);
    expect(requests.map((r) => r.size)).toEqual([100, 100, 50]);
    expect(result).toMatchObject({ imported: 250, requests: 3 });
    expect(store.size).toBe(250);
    expect(batchesOf(many).map((b) => b.length)).toEqual([100, 100, 50]);
  });

  it('keeps each request under 6 MB', () => {
    const big = Array.from({ length: 60 }, (_, i) => ({ ...findings[0], Id: `big/${i}`, ProductFields: { blob: 'x'.repeat(200 * 1024) } }));
    const batches = batchesOf(big);
    expect(batches.length).toBeGreaterThan(1);
    for (const b of batches) expect(Buffer.byteLength(JSON.stringify(b))).toBeLessThanOrEqual(6 * 1024 * 1024);
    expect(batches.flat()).toHaveLength(60);
  });

  it('retries throttling, then reports what Security Hub refused and what could not be sent', async () => {
    const denied = findings.find((f) => f.AwsAccountId !== CALLER)!.AwsAccountId!;
    const { store, deps } = securityHubStore({ deniedAccounts: [denied], throttleFirst: 2 });
    const wrongAccount = { ...findings[0], Id: 'forged', AwsAccountId: '999999999999', ProductArn: findings[0].ProductArn };
    const result = await importFindings([...findings, wrongAccount], deps);
    const deniedCount = findings.filter((f) => f.AwsAccountId === denied).length;
    expect(result.imported).toBe(findings.length - deniedCount);
    expect(store.size).toBe(findings.length - deniedCount);
    expect(result.failed.filter((f) => f.AwsAccountId === denied)).toHaveLength(deniedCount);
    expect(result.failed.find((f) => f.AwsAccountId === denied)!.ErrorMessage).toMatch(/access denied/);
    expect(result.failed.find((f) => f.Id === 'forged')).toMatchObject({ ErrorCode: 'AccessDeniedException' });
  });

  it('prints the counts and every failure, and exits 1 on a partial failure', async () => {
    const { deps } = securityHubStore({ deniedAccounts: ['666666666666'] });
    const lines: string[] = [];
    const exit = { code: 0 };
    await importAsff({ out: (t) => lines.push(t), err: (t) => lines.push(t) }, findings, 'eu-west-1', 'OrganizationAccountAccessRole', exit, deps);
    expect(lines[0]).toMatch(new RegExp(`^Security Hub eu-west-1: \\d+ of ${findings.length} findings imported .* failed$`));
    expect(lines.slice(1).every((l) => /failed org-guardrails\/.* \(account 666666666666\): AccessDenied/.test(l))).toBe(true);
    expect(exit.code).toBe(1);
  });
});
