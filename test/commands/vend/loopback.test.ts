/**
 * vend killed with SIGKILL mid-run, against a loopback stand-in for AWS Organizations
 * (AWS_ENDPOINT_URL_ORGANIZATIONS=http://127.0.0.1:PORT, JSON 1.1 protocol as the SDK speaks it):
 * the rerun completes the same account, never a second one, and the spec holds it once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../../src/spec/load.ts';
import { exampleText } from '../../helpers.ts';

const BIN = new URL('../../../bin/guardrails.mjs', import.meta.url).pathname;

/** Just enough of Organizations for vend: one root, Workloads/Dev, accounts created on request. */
function standIn(onCall: (target: string) => void) {
  const accounts: { Id: string; Name: string; Email: string; Status: string; parent: string }[] = [];
  const requests: { Id: string; AccountName: string; State: string; AccountId?: string }[] = [];
  const calls: string[] = [];
  const ous: Record<string, { Id: string; Name: string }[]> = { 'r-root': [{ Id: 'ou-w', Name: 'Workloads' }], 'ou-w': [{ Id: 'ou-dev', Name: 'Dev' }] };
  const answer = (action: string, input: any): unknown => {
    switch (action) {
      case 'ListRoots':
        return { Roots: [{ Id: 'r-root', Name: 'Root' }] };
      case 'ListOrganizationalUnitsForParent':
        return { OrganizationalUnits: ous[input.ParentId] ?? [] };
      case 'ListAccounts':
        return { Accounts: accounts.map(({ parent: _p, ...a }) => a) };
      case 'ListCreateAccountStatus':
        return { CreateAccountStatuses: requests.filter((r) => (input.States ?? [r.State]).includes(r.State)) };
      case 'CreateAccount': {
        const request = { Id: `car-${requests.length + 1}`, AccountName: input.AccountName, State: 'IN_PROGRESS' };
        requests.push(request);
        // The creation finishes on its own, whoever is watching.
        const id = String(888888888888 + accounts.length);
        accounts.push({ Id: id, Name: input.AccountName, Email: input.Email, Status: 'ACTIVE', parent: 'r-root' });
        Object.assign(request, { State: 'SUCCEEDED', AccountId: id });
        return { CreateAccountStatus: { Id: request.Id, AccountName: input.AccountName, State: 'IN_PROGRESS' } };
      }
      case 'DescribeCreateAccountStatus':
        return { CreateAccountStatus: requests.find((r) => r.Id === input.CreateAccountRequestId) };
      case 'ListParents': {
        const a = accounts.find((x) => x.Id === input.ChildId)!;
        return { Parents: [{ Id: a.parent, Type: a.parent.startsWith('r-') ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }] };
      }
      case 'MoveAccount':
        accounts.find((x) => x.Id === input.AccountId)!.parent = input.DestinationParentId;
        return {};
      case 'TagResource':
        return {};
      default:
        throw new Error(`stand-in does not answer ${action}`);
    }
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const action = String(req.headers['x-amz-target']).split('.').pop()!;
      calls.push(action);
      try {
        const out = answer(action, JSON.parse(body || '{}'));
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(out));
      } catch (e) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ __type: 'InvalidInputException', Message: (e as Error).message }));
      }
      onCall(action);
    });
  });
  return { server, accounts, calls };
}

function vendProcess(spec: string, port: number): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; err: string }> } {
  const child = spawn(
    process.execPath,
    [BIN, 'vend', spec, '--name', 'dev-data', '--email', 'aws-dev-data@example.com', '--ou', 'Workloads/Dev', '--tag', 'owner=data'],
    {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AWS_ENDPOINT_URL_ORGANIZATIONS: `http://127.0.0.1:${port}`,
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  child.stdout!.resume();
  return { child, done: new Promise((r) => child.on('exit', (code, signal) => r({ code, signal, err }))) };
}

describe('vend under kill -9, against a loopback Organizations endpoint', () => {
  it('killed right after CreateAccount: the rerun adopts that account, creates none, and the spec holds it once', { timeout: 240_000 }, async () => {
    let victim: ChildProcess | undefined;
    const org = standIn((action) => {
      if (action === 'CreateAccount') victim?.kill('SIGKILL');
    });
    await new Promise<void>((r) => org.server.listen(0, '127.0.0.1', r));
    const port = (org.server.address() as AddressInfo).port;
    const spec = join(mkdtempSync(join(tmpdir(), 'vend-kill-')), 'spec.yaml');
    writeFileSync(spec, exampleText());
    try {
      const first = vendProcess(spec, port);
      victim = first.child;
      expect((await first.done).signal).toBe('SIGKILL');
      expect(readFileSync(spec, 'utf8')).toBe(exampleText());

      victim = undefined;
      const second = await vendProcess(spec, port).done;
      expect(second.err).not.toMatch(/error/i);
      expect(second.code).toBe(0);
      expect(org.calls.filter((c) => c === 'CreateAccount')).toHaveLength(1);
      expect(org.accounts).toMatchObject([{ Id: '888888888888', parent: 'ou-dev' }]);
      const text = readFileSync(spec, 'utf8');
      expect(text.match(/id: "888888888888"/g)).toHaveLength(1);
      expect(parseSpec(spec, text).ok).toBe(true);
    } finally {
      org.server.close();
    }
  });
});
