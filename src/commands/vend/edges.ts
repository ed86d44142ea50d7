/** The real edges vend runs against: the Organizations client and the spec file on disk. */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { realpath } from 'node:fs/promises';
import lockfile from 'proper-lockfile';
import { sleepMs } from '../../aws/retry.ts';
import { UserError } from '../../core/errors.ts';
import { writeFileAtomically } from '../../io/atomic-write.ts';
import { readSpecText } from '../../io/spec-file.ts';
import type { SpecFile } from './vend.ts';
import type { OrgApi } from './organizations.ts';

/** Organizations is a global service (endpoint in us-east-1); credentials and AWS_ENDPOINT_URL_ORGANIZATIONS work as in any SDK tool. */
export const organizationsApi = (): OrgApi => ({
  client: new OrganizationsClient({ region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1', retryMode: 'adaptive', maxAttempts: 10 }),
  sleep: sleepMs,
});

/** A lock whose holder stopped refreshing it (killed, crashed) for this long is taken over. */
export const STALE_LOCK_MS = 10_000;

/**
 * The spec file, edited under an advisory lock (`SPEC.lock`, proper-lockfile: created atomically,
 * refreshed while held, taken over once stale) so concurrent vends each re-read the current text
 * and add to it: no update is lost. A symlinked spec is edited where it really is, the link kept.
 */
export const fileSpec = (file: string, options: { lockRetries?: number } = {}): SpecFile => ({
  read: () => readSpecText(file),
  async update(edit) {
    const target = await realpath(file);
    let compromised: Error | undefined;
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(target, {
        realpath: false,
        stale: STALE_LOCK_MS,
        retries: { retries: options.lockRetries ?? 120, factor: 1.2, minTimeout: 50, maxTimeout: 1000 },
        onCompromised: (e) => void (compromised = e),
      });
    } catch (e) {
      if ((e as { code?: string }).code !== 'ELOCKED') throw e;
      throw new UserError(`${file} is being edited by another vend (lock ${target}.lock)`, `rerun when it is done: the account is adopted, not created again`);
    }
    try {
      const current = await readSpecText(target);
      const updated = await edit(current);
      if (updated === current) return;
      if (compromised) throw new UserError(`lost the lock on ${file} (${compromised.message}); it was not written`, 'rerun the same command');
      await writeFileAtomically(target, updated);
    } finally {
      await release().catch(() => {});
    }
  },
});
