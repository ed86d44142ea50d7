import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  ListAccountsCommand,
  ListCreateAccountStatusCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileSpec } from '../../../src/commands/vend/edges.ts';
import { vend, type VendRequest } from '../../../src/commands/vend/vend.ts';
import { parseSpec } from '../../../src/spec/load.ts';
import { UserError } from '../../../src/core/errors.ts';
import { exampleText } from '../../helpers.ts';

const orgs = mockClient(OrganizationsClient);
const request: VendRequest = { name: 'dev-data', email: 'aws-dev-data@example.com', ou: 'Workloads/Dev', tags: { owner: 'data', environment: 'dev' } };

function memorySpec(text = exampleText()) {
  const state = { text, writes: 0, changedMeanwhile: undefined as string | undefined };
  return {
    state,
    spec: {
      read: async () => state.text,
      update: async (edit: (current: string) => Promise<string>) => {
        if (state.changedMeanwhile !== undefined) state.text = state.changedMeanwhile;
        const updated = await edit(state.text);
        if (updated === state.text) return;
        state.writes++;
        state.text = updated;
      },
    },
  };
}

/** The live organization: root r-root, Workloads ou-w, Workloads/Dev ou-dev. */
function organization() {
  orgs.on(ListRootsCommand).resolves({ Roots: [{ Id: 'r-root', Name: 'Root' }] });
  orgs.on(ListOrganizationalUnitsForParentCommand, { ParentId: 'r-root' }).resolves({
    OrganizationalUnits: [
      { Id: 'ou-sec', Name: 'Security' },
      { Id: 'ou-w', Name: 'Workloads' },
    ],
  });
  orgs.on(ListOrganizationalUnitsForParentCommand, { ParentId: 'ou-w' }).resolves({
    OrganizationalUnits: [
      { Id: 'ou-prod', Name: 'Prod' },
      { Id: 'ou-dev', Name: 'Dev' },
    ],
  });
  orgs.on(ListAccountsCommand).resolves({ Accounts: [{ Id: '666666666666', Email: 'aws-dev-app@example.com', Name: 'dev-app' }] });
  orgs.on(ListCreateAccountStatusCommand).resolves({ CreateAccountStatuses: [] });
  orgs.on(CreateAccountCommand).resolves({ CreateAccountStatus: { Id: 'car-1', State: 'IN_PROGRESS', AccountName: 'dev-data' } });
  orgs
    .on(DescribeCreateAccountStatusCommand)
    .resolvesOnce({ CreateAccountStatus: { Id: 'car-1', State: 'IN_PROGRESS' } })
    .resolvesOnce({ CreateAccountStatus: { Id: 'car-1', State: 'IN_PROGRESS' } })
    .resolves({ CreateAccountStatus: { Id: 'car-1', State: 'SUCCEEDED', AccountId: '888888888888' } });
  orgs.on(ListParentsCommand).resolves({ Parents: [{ Id: 'r-root', Type: 'ROOT' }] });
  orgs.on(MoveAccountCommand).resolves({});
  orgs.on(TagResourceCommand).resolves({});
}

async function run(req: VendRequest = request, spec = memorySpec()) {
  const logs: string[] = [];
  const progress: string[] = [];
  const sleeps: number[] = [];
  const result = await vend('example.yaml', req, {
    api: { client: new OrganizationsClient({ region: 'us-east-1' }), sleep: async (ms) => void sleeps.push(ms) },
    spec: spec.spec,
    log: (l) => logs.push(l),
    progress: (l) => progress.push(l),
  });
  return { result, logs, progress, sleeps, spec };
}

const calls = (command: Parameters<typeof orgs.commandCalls>[0]) => orgs.commandCalls(command).map((c) => c.args[0].input);

beforeEach(() => orgs.reset());

describe('guardrails vend', () => {
  it('creates, waits through IN_PROGRESS polls, moves, tags, and writes the spec keeping its layout', async () => {
    organization();
    const { result, progress, spec } = await run();
    expect(result).toMatchObject({ accountId: '888888888888', outcome: 'created' });
    expect(calls(CreateAccountCommand)).toEqual([
      {
        AccountName: 'dev-data',
        Email: 'aws-dev-data@example.com',
        RoleName: 'OrganizationAccountAccessRole',
        IamUserAccessToBilling: 'DENY',
        Tags: [
          { Key: 'owner', Value: 'data' },
          { Key: 'environment', Value: 'dev' },
        ],
      },
    ]);
    expect(progress).toEqual([
      'creating "dev-data": IN_PROGRESS (check 1)',
      'creating "dev-data": IN_PROGRESS (check 2)',
      'creating "dev-data": SUCCEEDED (check 3)',
    ]);
    expect(calls(MoveAccountCommand)).toEqual([{ AccountId: '888888888888', SourceParentId: 'r-root', DestinationParentId: 'ou-dev' }]);
    const before = exampleText().split('\n');
    const after = spec.state.text.split('\n');
    const at = before.findIndex((l, i) => l !== after[i]);
    expect(after.slice(at, at + 4)).toEqual([
      '            - name: dev-data',
      '              email: aws-dev-data@example.com',
      '              id: "888888888888"',
      '              tags: { owner: data, environment: dev }',
    ]);
    expect([...after.slice(0, at), ...after.slice(at + 4)]).toEqual(before);
    expect(result.rollout[0]).toMatch(
      /^SCPs in force through Root → Workloads → Workloads\/Dev → dev-data: guardrails-Root-1 \(on Root\), guardrails-Workloads-1 \(on Workloads\)$/,
    );
    expect(result.rollout[2]).toMatch(/guardrails-security-group-admin-ports/);
  });

  it('survives throttling and concurrent modification on every call type', async () => {
    organization();
    const throttle = (name: string) => Object.assign(new Error(name), { name });
    // Each command fails once first, with Organizations' throttling or concurrency errors.
    const failedOnce = new Set<string>();
    const flaky =
      <T>(key: string, answer: (input: any) => T) =>
      (input: any) => {
        if (!failedOnce.has(key)) {
          failedOnce.add(key);
          throw throttle(key.length % 2 ? 'TooManyRequestsException' : 'ConcurrentModificationException');
        }
        return answer(input);
      };
    let polls = 0;
    orgs.on(ListRootsCommand).callsFake(flaky('roots', () => ({ Roots: [{ Id: 'r-root' }] })));
    orgs
      .on(ListOrganizationalUnitsForParentCommand)
      .callsFake(
        flaky('ous', (i) => ({ OrganizationalUnits: i.ParentId === 'r-root' ? [{ Id: 'ou-w', Name: 'Workloads' }] : [{ Id: 'ou-dev', Name: 'Dev' }] })),
      );
    orgs.on(ListAccountsCommand).callsFake(flaky('accounts', () => ({ Accounts: [] })));
    orgs.on(ListCreateAccountStatusCommand).callsFake(flaky('statuses', () => ({ CreateAccountStatuses: [] })));
    orgs.on(CreateAccountCommand).callsFake(flaky('create', () => ({ CreateAccountStatus: { Id: 'car-1', State: 'IN_PROGRESS' } })));
    orgs
      .on(DescribeCreateAccountStatusCommand)
      .callsFake(
        flaky('describe', () =>
          ++polls < 2
            ? { CreateAccountStatus: { Id: 'car-1', State: 'IN_PROGRESS' } }
            : { CreateAccountStatus: { Id: 'car-1', State: 'SUCCEEDED', AccountId: '888888888888' } },
        ),
      );
    orgs.on(ListParentsCommand).callsFake(flaky('parents', () => ({ Parents: [{ Id: 'r-root' }] })));
    orgs.on(MoveAccountCommand).callsFake(flaky('move', () => ({})));
    orgs.on(TagResourceCommand).callsFake(flaky('tag', () => ({})));
    const { result } = await run();
    expect(result.accountId).toBe('888888888888');
    expect(failedOnce.size).toBe(9);
    expect(calls(CreateAccountCommand)).toHaveLength(2);
  });

  it('a failed creation exits with the reason and advice, and leaves the spec byte-identical', async () => {
    organization();
    orgs.on(DescribeCreateAccountStatusCommand).resolves({ CreateAccountStatus: { Id: 'car-1', State: 'FAILED', FailureReason: 'EMAIL_ALREADY_EXISTS' } });
    const spec = memorySpec();
    const failure = await run(request, spec).catch((e) => e);
    expect(failure).toBeInstanceOf(UserError);
    expect(failure.message).toBe('account creation failed: EMAIL_ALREADY_EXISTS');
    expect(failure.hint).toMatch(/outside this organization already uses this email/);
    expect(spec.state.writes).toBe(0);
    expect(spec.state.text).toBe(exampleText());
    expect(calls(MoveAccountCommand)).toHaveLength(0);
  });

  it('names other failure reasons in plain words', async () => {
    organization();
    orgs.on(DescribeCreateAccountStatusCommand).resolves({ CreateAccountStatus: { Id: 'car-1', State: 'FAILED', FailureReason: 'ACCOUNT_LIMIT_EXCEEDED' } });
    await expect(run()).rejects.toMatchObject({ hint: expect.stringMatching(/Service Quotas/) });
  });

  it('resumes a creation still in progress instead of creating a second account', async () => {
    organization();
    orgs.on(ListCreateAccountStatusCommand).resolves({ CreateAccountStatuses: [{ Id: 'car-1', AccountName: 'dev-data', State: 'IN_PROGRESS' }] });
    const { result } = await run();
    expect(result.outcome).toBe('resumed');
    expect(calls(CreateAccountCommand)).toHaveLength(0);
    expect(result.accountId).toBe('888888888888');
  });

  it('adopts an account that already exists with the email (interrupted after creation): moves and tags it, creates nothing', async () => {
    organization();
    orgs.on(ListAccountsCommand).resolves({ Accounts: [{ Id: '888888888888', Email: 'AWS-Dev-Data@example.com', Name: 'dev-data' }] });
    const { result, spec } = await run();
    expect(result.outcome).toBe('adopted');
    expect(calls(CreateAccountCommand)).toHaveLength(0);
    expect(calls(MoveAccountCommand)).toHaveLength(1);
    expect(calls(TagResourceCommand)).toEqual([
      {
        ResourceId: '888888888888',
        Tags: [
          { Key: 'owner', Value: 'data' },
          { Key: 'environment', Value: 'dev' },
        ],
      },
    ]);
    expect(spec.state.text).toContain('id: "888888888888"');
  });

  it('interrupted after the move: does not move again', async () => {
    organization();
    orgs.on(ListAccountsCommand).resolves({ Accounts: [{ Id: '888888888888', Email: 'aws-dev-data@example.com', Name: 'dev-data' }] });
    orgs.on(ListParentsCommand).resolves({ Parents: [{ Id: 'ou-dev', Type: 'ORGANIZATIONAL_UNIT' }] });
    const { logs } = await run();
    expect(calls(MoveAccountCommand)).toHaveLength(0);
    expect(logs).toContain('888888888888 is already in Workloads/Dev');
  });

  it('a rerun after success creates nothing and calls nothing', async () => {
    organization();
    const first = await run();
    orgs.resetHistory();
    const again = await run(request, memorySpec(first.spec.state.text));
    expect(again.result).toMatchObject({ outcome: 'already-vended', accountId: '888888888888' });
    expect(orgs.calls()).toHaveLength(0);
    expect(again.spec.state.writes).toBe(0);
  });

  it('adds to a spec that changed on disk meanwhile, keeping the other edit', async () => {
    organization();
    const spec = memorySpec();
    spec.state.changedMeanwhile = `${exampleText()}# edited by a colleague\n`;
    await run(request, spec);
    expect(spec.state.text).toContain('# edited by a colleague');
    expect(spec.state.text).toContain('id: "888888888888"');
  });

  it('refuses, naming the account to adopt, when the spec changed meanwhile into a conflict', async () => {
    organization();
    const spec = memorySpec();
    spec.state.changedMeanwhile = exampleText().replace('aws-dev-app@example.com', 'aws-dev-data@example.com');
    const failure = await run(request, spec).catch((e) => e);
    expect(failure.message).toMatch(/changed while account 888888888888 was being vended: email aws-dev-data@example.com is already used by account "dev-app"/);
    expect(failure.hint).toMatch(/rerun the same command: it adopts the account/);
    expect(spec.state.writes).toBe(0);
  });

  it('--dry-run prints the steps and changes nothing', async () => {
    organization();
    const spec = memorySpec();
    const { logs, result } = await run({ ...request, dryRun: true }, spec);
    expect(result.outcome).toBe('dry-run');
    expect(logs).toEqual([
      '1. create account "dev-data" <aws-dev-data@example.com> with role OrganizationAccountAccessRole',
      '2. move it into Workloads/Dev (ou-dev)',
      '3. tag it owner=data, environment=dev',
      '4. add it to example.yaml under Workloads/Dev',
      'dry run: nothing was changed',
    ]);
    for (const c of [CreateAccountCommand, MoveAccountCommand, TagResourceCommand]) expect(calls(c)).toHaveLength(0);
    expect(spec.state.writes).toBe(0);
  });

  it('checks the request against the spec before calling AWS', async () => {
    organization();
    await expect(run({ ...request, ou: 'Workloads/Dv', email: 'aws-dev-app@example.com' })).rejects.toThrow(
      'unknown OU "Workloads/Dv" (did you mean "Workloads/Dev"?); email aws-dev-app@example.com is already used by account "dev-app" in the spec',
    );
    await expect(run({ ...request, email: 'not-an-email' })).rejects.toThrow(/"not-an-email" is not a valid account email/);
    await expect(run({ ...request, name: 'dev-app' })).rejects.toThrow(/account name "dev-app" is already in the spec with email aws-dev-app@example.com/);
    expect(orgs.calls()).toHaveLength(0);
  });

  it('stops before creating anything when the OU does not exist in the live organization', async () => {
    organization();
    orgs.on(ListOrganizationalUnitsForParentCommand, { ParentId: 'ou-w' }).resolves({ OrganizationalUnits: [{ Id: 'ou-prod', Name: 'Prod' }] });
    await expect(run()).rejects.toMatchObject({
      message: 'OU "Workloads/Dev" does not exist in the organization yet',
      hint: expect.stringMatching(/pulumi up/),
    });
    expect(calls(CreateAccountCommand)).toHaveLength(0);
  });

  it('adds an accounts list to an OU that has none', async () => {
    organization();
    orgs.on(ListOrganizationalUnitsForParentCommand, { ParentId: 'r-root' }).resolves({ OrganizationalUnits: [{ Id: 'ou-w', Name: 'Workloads' }] });
    const { spec } = await run({ ...request, ou: 'Workloads' });
    expect(spec.state.text).toMatch(
      / {4}- name: Workloads\n {6}accounts:\n {8}- name: dev-data\n {10}email: aws-dev-data@example.com\n {10}id: "888888888888"\n {10}tags: \{ owner: data, environment: dev \}\n {6}units:\n/,
    );
  });

  describe('nothing is created that the spec cannot hold', () => {
    it.each(['user@exa_mple.com', 'a"b@example.com', 'user@example..com', 'ünï@example.com', '.dot@example.com'])(
      '--email %s is refused before any AWS call, also with --dry-run',
      async (email) => {
        organization();
        await expect(run({ ...request, email })).rejects.toThrow(/is not a valid account email/);
        await expect(run({ ...request, email, dryRun: true })).rejects.toThrow(/is not a valid account email/);
        expect(orgs.calls()).toHaveLength(0);
      },
    );

    it('names and tags AWS cannot hold are refused before any AWS call', async () => {
      organization();
      await expect(run({ ...request, name: 'line\nbreak' })).rejects.toThrow(/is not a valid account name/);
      await expect(run({ ...request, tags: { 'owner\u0007': 'x' } })).rejects.toThrow(/is not a valid tag key/);
      expect(orgs.calls()).toHaveLength(0);
    });

    it('a flow-style OU is refused before any AWS call', async () => {
      organization();
      const text = exampleText().replace('        - name: Dev\n          accounts:', '        - { name: Sandbox }\n        - name: Dev\n          accounts:');
      await expect(run({ ...request, ou: 'Workloads/Sandbox' }, memorySpec(text))).rejects.toMatchObject({
        message: 'OU "Workloads/Sandbox" is written as a flow mapping',
        hint: 'write it in block style to let vend add accounts',
      });
      expect(orgs.calls()).toHaveLength(0);
    });
  });

  describe('crash and concurrency', () => {
    it("an interrupted run's creation that completes during the rerun's lookups is adopted, not created again", async () => {
      organization();
      orgs
        .on(ListAccountsCommand)
        .resolvesOnce({ Accounts: [] })
        .resolves({ Accounts: [{ Id: '888888888888', Email: 'aws-dev-data@example.com', Name: 'dev-data' }] });
      const { result } = await run();
      expect(result).toMatchObject({ outcome: 'adopted', accountId: '888888888888' });
      expect(calls(CreateAccountCommand)).toHaveLength(0);
    });

    it("an interrupted run's creation request that appears during the rerun's lookups is resumed, not sent again", async () => {
      organization();
      orgs
        .on(ListCreateAccountStatusCommand)
        .resolvesOnce({ CreateAccountStatuses: [] })
        .resolves({ CreateAccountStatuses: [{ Id: 'car-1', AccountName: 'dev-data', State: 'IN_PROGRESS' }] });
      const { result } = await run();
      expect(result).toMatchObject({ outcome: 'resumed', accountId: '888888888888' });
      expect(calls(CreateAccountCommand)).toHaveLength(0);
    });

    it('EMAIL_ALREADY_EXISTS for an account of this organization adopts it and never advises another address', async () => {
      organization();
      orgs
        .on(ListAccountsCommand)
        .resolvesOnce({ Accounts: [] })
        .resolvesOnce({ Accounts: [] })
        .resolves({ Accounts: [{ Id: '888888888888', Email: 'aws-dev-data@example.com', Name: 'dev-data' }] });
      orgs.on(DescribeCreateAccountStatusCommand).resolves({ CreateAccountStatus: { Id: 'car-1', State: 'FAILED', FailureReason: 'EMAIL_ALREADY_EXISTS' } });
      const { result, logs, spec } = await run();
      expect(result).toMatchObject({ outcome: 'adopted', accountId: '888888888888' });
      expect(logs.join('\n')).not.toMatch(/another address/);
      expect(spec.state.text).toContain('id: "888888888888"');
    });

    it('two concurrent vends of different accounts into one spec file both land in it', async () => {
      organization();
      const ids: Record<string, string> = { 'dev-data': '888888888888', 'dev-ml': '899999999999' };
      orgs.on(CreateAccountCommand).callsFake((i) => ({ CreateAccountStatus: { Id: `car-${i.AccountName}`, State: 'IN_PROGRESS' } }));
      orgs
        .on(DescribeCreateAccountStatusCommand)
        .callsFake((i) => ({ CreateAccountStatus: { Id: i.CreateAccountRequestId, State: 'SUCCEEDED', AccountId: ids[i.CreateAccountRequestId.slice(4)] } }));
      const dir = mkdtempSync(join(tmpdir(), 'vend-'));
      const file = join(dir, 'spec.yaml');
      writeFileSync(file, exampleText());
      const vendInto = (req: VendRequest) =>
        vend(file, req, {
          api: { client: new OrganizationsClient({ region: 'us-east-1' }), sleep: async () => {} },
          spec: fileSpec(file),
          log: () => {},
          progress: () => {},
        });
      const results = await Promise.all([vendInto(request), vendInto({ ...request, name: 'dev-ml', email: 'aws-dev-ml@example.com', tags: {} })]);
      expect(results.map((r) => r.accountId).sort()).toEqual(['888888888888', '899999999999']);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('id: "888888888888"');
      expect(text).toContain('id: "899999999999"');
      expect(parseSpec(file, text).ok).toBe(true);
    });

    it('keeps the line endings of a CRLF spec', async () => {
      organization();
      const crlf = exampleText().replace(/\n/g, '\r\n');
      const { spec } = await run(request, memorySpec(crlf));
      expect(spec.state.text).toContain('id: "888888888888"');
      expect(spec.state.text.replace(/\r\n/g, '')).not.toContain('\n');
    });
  });

  it('--ou Root says truthfully what reaches the account: the StackSet then targets the root itself', async () => {
    organization();
    const { result } = await run({ ...request, ou: 'Root' });
    expect(result.rollout[1]).toMatch(/targets Root: StackSets deploys it to the account on its own once `pulumi up` has run/);
    const inOu = await run({ ...request, name: 'dev-ml', email: 'aws-dev-ml@example.com' });
    expect(inOu.result.rollout[1]).toMatch(/targets Workloads: StackSets deploys it to the account on its own once `pulumi up` has run/);
  });
});
