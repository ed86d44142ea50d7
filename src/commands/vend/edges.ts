/** The real edges vend runs against: the Organizations client and the spec file on disk. */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { readFile } from 'node:fs/promises';
import { writeFileAtomically } from '../../io/atomic-write.ts';
import type { SpecFile } from './vend.ts';
import type { OrgApi } from './organizations.ts';

/** Organizations is a global service (endpoint in us-east-1); credentials and AWS_ENDPOINT_URL_ORGANIZATIONS work as in any SDK tool. */
export const organizationsApi = (): OrgApi => ({
  client: new OrganizationsClient({ region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1', retryMode: 'adaptive', maxAttempts: 10 }),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
});

export const fileSpec = (file: string): SpecFile => ({
  read: () => readFile(file, 'utf8'),
  writeAtomically: (text) => writeFileAtomically(file, text),
});
