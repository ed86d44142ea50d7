/**
 * Import and drift of an organization of 1,000 accounts in 100 OUs with 300 SCPs (and FullAWSAccess, and the
 * synthetic spec's RCPs and declarative policies), through the
 * stand-in endpoint: the spec validates, the round trip holds, drift finds nothing and then the one
 * change made, and the number of requests follows the organization's size (no timing here: the
 * bench measures time).
 */
import { MoveAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../helpers.ts';
import { deployedOrganization } from '../../aws/deployed-organization.ts';
import { syntheticOrganizationSpec } from '../../aws/synthetic-organization.ts';
import { runCli, tempDir, withOrganization } from '../../aws/loopback.ts';

describe('import and drift at scale', () => {
  it('1,000 accounts, 100 OUs, 300 SCPs: requests grow with accounts, OUs and policies; drift names a moved account', { timeout: 240_000 }, async () => {
    const org = deployedOrganization(await analyze(syntheticOrganizationSpec({ accounts: 1000, units: 100, customPolicies: 299 })));
    const scps = org.policies.filter((p) => p.type === 'SERVICE_CONTROL_POLICY').length;
    expect([org.accounts.length, org.units.length, scps]).toEqual([1003, 100, 301]);
    const out = join(tempDir(), 'imported.yaml');
    await withOrganization(org, async (server) => {
      const imported = await runCli(['import', '--out', out, '--rate', '100000', '--json', '--no-config-rules']);
      expect(imported.err).toBe('');
      const { summary, roundTrip, apiCalls } = JSON.parse(imported.out);
      expect(summary).toMatchObject({ units: 100, accounts: 1003, customEntries: 299 });
      expect(roundTrip.differences).toEqual([]);
      // One tag read per account, two reads per policy, one OU and one account listing per parent (pages of 20 add a few).
      expect(apiCalls.ListTagsForResource).toBe(1003);
      expect(apiCalls.DescribePolicy).toBe(org.policies.length);
      expect(apiCalls.ListOrganizationalUnitsForParent).toBe(101);
      expect(apiCalls.ListAccountsForParent).toBe(101);
      // FullAWSAccess and RCPFullAWSAccess sit on many targets: their listings take pages of 20.
      expect(apiCalls.ListTargetsForPolicy).toBe(org.policies.reduce((n, p) => n + Math.max(1, Math.ceil(p.targets.size / 20)), 0));

      const clean = await runCli(['drift', out, '--rate', '100000', '--no-services', '--json']);
      expect(JSON.parse(clean.out).drift).toEqual([]);
      const account = org.accounts[500];
      const destination = org.units.find((u) => u.id !== account.parentId && u.parentId !== org.rootId)!;
      await new OrganizationsClient({}).send(
        new MoveAccountCommand({ AccountId: account.id, SourceParentId: account.parentId, DestinationParentId: destination.id }),
      );
      const moved = JSON.parse((await runCli(['drift', out, '--rate', '100000', '--no-services', '--json'])).out).drift;
      expect(moved).toEqual([expect.objectContaining({ kind: 'account-misplaced', target: account.name })]);
      expect(server.calls.get('MoveAccount')).toBe(1);
    });
    // Custom SCPs come back under their spec names (the policy description says which statement is which).
    expect(readFileSync(out, 'utf8')).toContain('scp: boundary-298');
  });
});
