import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchImportFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXAMPLE_FILE, runCli } from '../../helpers.ts';
import { exampleEvaluations } from './fixtures.ts';
import { schemaErrors } from '../../fixtures/schemas.ts';

const sts = mockClient(STSClient);
const securityHub = mockClient(SecurityHubClient);
const CALLER = '666666666666';

beforeEach(() => {
  sts.reset();
  securityHub.reset();
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDCALLER');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
  vi.stubEnv('AWS_REGION', 'us-east-1');
});
afterEach(() => vi.unstubAllEnvs());

async function evaluationsFile(): Promise<string> {
  const { document } = await exampleEvaluations();
  const file = join(mkdtempSync(join(tmpdir(), 'report-')), 'evaluations.json');
  writeFileSync(file, JSON.stringify(document));
  return file;
}

describe('guardrails report, ecosystem formats', () => {
  it('--format asff and --format ocsf write files that validate against their schemas', async () => {
    const input = await evaluationsFile();
    const dir = mkdtempSync(join(tmpdir(), 'report-'));
    expect((await runCli('report', EXAMPLE_FILE, '--input', input, '--format', 'asff', '--region', 'eu-west-1', '--out', join(dir, 'f.asff.json'))).code).toBe(
      0,
    );
    const asff = JSON.parse(readFileSync(join(dir, 'f.asff.json'), 'utf8'));
    expect(schemaErrors('asff-2018-10-08.schema.json', asff)).toEqual([]);
    expect(asff.Findings[0].ProductArn).toMatch(/^arn:aws:securityhub:eu-west-1:/);
    // Without --region, the spec's home region names the product ARN.
    const home = JSON.parse((await runCli('report', EXAMPLE_FILE, '--input', input, '--format', 'asff')).out);
    expect(home.Findings[0].ProductArn).toMatch(/^arn:aws:securityhub:us-east-1:/);
    const ocsf = (await runCli('report', EXAMPLE_FILE, '--input', input, '--format', 'ocsf')).out.split('\n').map((l) => JSON.parse(l));
    expect(ocsf).toHaveLength(asff.Findings.length);
    for (const e of ocsf) expect(schemaErrors('ocsf-1.8.0-compliance_finding.schema.json', e)).toEqual([]);
  });

  it('rejects an unknown --region before anything is sent', async () => {
    const r = await runCli('report', EXAMPLE_FILE, '--input', await evaluationsFile(), '--asff-import', '--region', 'eu-westt-1');
    expect(r).toMatchObject({ code: 1, err: 'error: --region: unknown region "eu-westt-1"' });
    expect(securityHub.calls()).toHaveLength(0);
  });

  it('--asff-import sends each account its findings as that account (its own directly, others through the access role), twice without duplicates', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: CALLER, Arn: `arn:aws:sts::${CALLER}:assumed-role/ci/x`, UserId: 'x' });
    sts.on(AssumeRoleCommand).callsFake((input) => {
      const account = /^arn:aws:iam::(\d{12}):role\/OrganizationAccountAccessRole$/.exec(input.RoleArn)![1];
      return { Credentials: { AccessKeyId: `ASIA${account}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3600_000) } };
    });
    const store = new Map<string, AwsSecurityFinding>();
    securityHub.on(BatchImportFindingsCommand).callsFake(async (input, getClient) => {
      const client = getClient() as SecurityHubClient;
      const key = (await client.config.credentials()).accessKeyId;
      const account = key === 'AKIDCALLER' ? CALLER : key.slice(4);
      expect(await client.config.region()).toBe('eu-west-1');
      const failed = (input.Findings as AwsSecurityFinding[]).filter((f) => f.AwsAccountId !== account);
      for (const f of input.Findings as AwsSecurityFinding[]) if (f.AwsAccountId === account) store.set(`${f.ProductArn}|${f.Id}`, f);
      return {
        SuccessCount: input.Findings.length - failed.length,
        FailedCount: failed.length,
        FailedFindings: failed.map((f) => ({ Id: f.Id, ErrorCode: 'AccessDenied', ErrorMessage: 'x' })),
      };
    });
    const input = await evaluationsFile();
    const first = await runCli('report', EXAMPLE_FILE, '--input', input, '--asff-import', '--region', 'eu-west-1');
    expect(first.code).toBe(0);
    expect(first.out).toBe('');
    // One finding per NON_COMPLIANT result, one request per account that has any.
    const open = openResults(input);
    expect(first.err).toBe(
      `Security Hub eu-west-1: ${open.results} of ${open.results} findings imported (created or updated by Id) for ${open.accounts} accounts in ${open.accounts} requests`,
    );
    const second = await runCli('report', EXAMPLE_FILE, '--input', input, '--asff-import', '--region', 'eu-west-1');
    expect(second.code).toBe(0);
    expect(store.size).toBe(open.results);
    expect(sts.commandCalls(AssumeRoleCommand).every((c) => c.args[0].input.RoleArn !== `arn:aws:iam::${CALLER}:role/OrganizationAccountAccessRole`)).toBe(
      true,
    );
  });
});

/** The distinct NON_COMPLIANT results of an evaluations file, and the accounts they are in. */
function openResults(file: string): { results: number; accounts: number } {
  const { evaluations } = JSON.parse(readFileSync(file, 'utf8')) as { evaluations: Record<string, string>[] };
  const open = evaluations.filter((e) => e.complianceType === 'NON_COMPLIANT');
  return {
    results: new Set(open.map((e) => [e.configRule, e.accountId, e.region, e.resourceType, e.resourceId].join('|'))).size,
    accounts: new Set(open.map((e) => e.accountId)).size,
  };
}
