/** Runs the CLI against the stand-in Organizations endpoint, the way a user's shell would point any SDK tool at it. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/main.ts';
import { startOrganizationsServer, type FakeOrganization, type OrganizationsServer } from './organizations-server.ts';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCli(args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const ENDPOINTS = ['AWS_ENDPOINT_URL_ORGANIZATIONS', 'AWS_ENDPOINT_URL_CLOUDTRAIL', 'AWS_ENDPOINT_URL_CLOUDFORMATION', 'AWS_ENDPOINT_URL_STS'] as const;
const ENV = [...ENDPOINTS, 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'AWS_PROFILE'] as const;

/** Starts the stand-in, points the SDK's Organizations, CloudTrail, CloudFormation and STS clients at it with fake credentials, and undoes both afterwards. */
export async function withOrganization<T>(org: FakeOrganization, fn: (server: OrganizationsServer) => Promise<T>): Promise<T> {
  const server = await startOrganizationsServer(org);
  const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
  Object.assign(process.env, {
    ...Object.fromEntries(ENDPOINTS.map((k) => [k, server.url])),
    AWS_ACCESS_KEY_ID: 'AKIDLOOPBACK',
    AWS_SECRET_ACCESS_KEY: 'loopback',
    AWS_REGION: 'us-east-1',
  });
  delete process.env.AWS_PROFILE;
  try {
    return await fn(server);
  } finally {
    for (const k of ENV)
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    await server.close();
  }
}

export const tempDir = () => mkdtempSync(join(tmpdir(), 'guardrails-'));
