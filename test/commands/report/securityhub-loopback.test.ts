/**
 * `report --asff-import` against loopback stand-ins for STS and Security Hub reached through
 * AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL_SECURITYHUB: the real SDK clients, wire protocols and
 * SigV4 signing. Security Hub's stand-in tells the calling account from the signing access key,
 * refuses findings of another account (as with a default product ARN) and keeps findings by
 * (ProductArn, Id), so a second import must update, not add.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXAMPLE_FILE, runCli } from '../../helpers.ts';
import { exampleEvaluations } from './fixtures.ts';

const CALLER = '666666666666';
const body = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => resolve(text));
  });
const signingKey = (req: IncomingMessage) => /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '';

const store = new Map<string, { Id: string; UpdatedAt: string }>();
const calls: { path: string; account: string; findings: number }[] = [];
let server: Server;
let endpoint: string;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const text = await body(req);
    if (req.url === '/findings/import') {
      const account = signingKey(req) === 'AKIDCALLER' ? CALLER : signingKey(req).replace(/^ASIA/, '');
      const { Findings } = JSON.parse(text) as { Findings: { Id: string; ProductArn: string; AwsAccountId: string; UpdatedAt: string }[] };
      calls.push({ path: req.url, account, findings: Findings.length });
      const failed = Findings.filter((f) => f.AwsAccountId !== account || !f.ProductArn.endsWith(`:${account}:product/${account}/default`));
      for (const f of Findings) if (!failed.includes(f)) store.set(`${f.ProductArn}|${f.Id}`, f);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          SuccessCount: Findings.length - failed.length,
          FailedCount: failed.length,
          FailedFindings: failed.map((f) => ({ Id: f.Id, ErrorCode: 'AccessDeniedException', ErrorMessage: 'not the calling account' })),
        }),
      );
      return;
    }
    // STS speaks the AWS Query protocol: form-encoded request, XML response.
    const form = new URLSearchParams(text);
    const ns = 'https://sts.amazonaws.com/doc/2011-06-15/';
    res.writeHead(200, { 'content-type': 'text/xml' });
    if (form.get('Action') === 'GetCallerIdentity') {
      res.end(
        `<GetCallerIdentityResponse xmlns="${ns}"><GetCallerIdentityResult><Arn>arn:aws:sts::${CALLER}:assumed-role/ci/x</Arn><UserId>AROAX:x</UserId><Account>${CALLER}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
    } else {
      const account = /^arn:aws:iam::(\d{12}):role\/OrganizationAccountAccessRole$/.exec(form.get('RoleArn') ?? '')![1];
      const expiration = new Date(Date.now() + 3600_000).toISOString();
      res.end(
        `<AssumeRoleResponse xmlns="${ns}"><AssumeRoleResult><Credentials><AccessKeyId>ASIA${account}</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/OrganizationAccountAccessRole/org-guardrails-asff-import</Arn><AssumedRoleId>AROAY:org-guardrails-asff-import</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>2</RequestId></ResponseMetadata></AssumeRoleResponse>`,
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => vi.unstubAllEnvs());

describe('report --asff-import over HTTP', () => {
  it('imports every finding as its own account, and a second run updates them: no duplicates', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDCALLER');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_ENDPOINT_URL_STS', endpoint);
    vi.stubEnv('AWS_ENDPOINT_URL_SECURITYHUB', endpoint);
    const { document } = await exampleEvaluations();
    const input = join(mkdtempSync(join(tmpdir(), 'import-')), 'evaluations.json');
    writeFileSync(input, JSON.stringify(document));

    const first = await runCli('report', EXAMPLE_FILE, '--input', input, '--asff-import', '--region', 'eu-west-1');
    // One finding per NON_COMPLIANT result, each sent as its own account, one request per account.
    const open = (document.evaluations as Record<string, string>[]).filter((e) => e.complianceType === 'NON_COMPLIANT');
    const results = new Set(open.map((e) => [e.configRule, e.accountId, e.region, e.resourceType, e.resourceId].join('|'))).size;
    const accounts = new Set(open.map((e) => e.accountId));
    expect(first.err).toMatch(
      new RegExp(`^Security Hub eu-west-1: ${results} of ${results} findings imported .* for ${accounts.size} accounts in ${accounts.size} requests$`),
    );
    expect(first.code).toBe(0);
    expect(new Set(calls.map((c) => c.account))).toEqual(accounts);
    const second = await runCli('report', EXAMPLE_FILE, '--input', input, '--asff-import', '--region', 'eu-west-1');
    expect(second.code).toBe(0);
    expect(calls).toHaveLength(2 * accounts.size);
    expect(store.size).toBe(results);
  });
});
