/** What `report --asff-import` prints: the counts, then every finding Security Hub rejected and why. */
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { Io } from '../../io/context.ts';
import { plural } from '../../io/render.ts';
import { importFindings, securityHubDeps, type SecurityHubImportDeps } from './securityhub-import.ts';

export async function importAsff(
  io: Io,
  findings: AwsSecurityFinding[],
  region: string,
  roleName: string,
  exit: { code: number },
  deps: SecurityHubImportDeps = securityHubDeps(region, roleName),
): Promise<void> {
  const result = await importFindings(findings, deps);
  io.err(
    `Security Hub ${region}: ${result.imported} of ${plural(findings.length, 'finding')} imported (created or updated by Id) for ${plural(result.accounts, 'account')} in ${plural(result.requests, 'request')}${result.failed.length ? `; ${result.failed.length} failed` : ''}`,
  );
  for (const f of result.failed) io.err(`  failed ${f.Id} (account ${f.AwsAccountId}): ${f.ErrorCode}: ${f.ErrorMessage}`);
  if (result.failed.length) exit.code = 1;
}
