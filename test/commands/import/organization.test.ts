import { describe, expect, it } from 'vitest';
import { importTree } from '../../../src/commands/import/organization.ts';
import type { LiveOrganization } from '../../../src/aws/organizations.ts';

const live = (accounts: LiveOrganization['accounts']): LiveOrganization => ({
  id: 'o-a1b2c3d4e5',
  managementAccountId: '111111111111',
  featureSet: 'ALL',
  root: { id: 'r-ab12', policyTypes: [] },
  units: [{ id: 'ou-ab12-11111111', name: 'Workloads', parentId: 'r-ab12', path: 'Workloads' }],
  accounts,
  policies: [],
  trustedServices: [],
  delegatedAdministrators: [],
});

describe('the imported OU tree', () => {
  it('gives accounts AWS names alike distinct spec names, and keeps names the spec can target', () => {
    const tree = importTree(
      live([
        { id: '222222222222', name: 'app', email: 'a@example.com', parentId: 'ou-ab12-11111111', state: 'ACTIVE', tags: { 'aws:reserved': 'x', team: 'a' } },
        { id: '333333333333', name: 'app', email: 'b@example.com', parentId: 'r-ab12', state: 'ACTIVE' },
        { id: '444444444444', name: 'team/app', email: 'c@example.com', parentId: 'r-ab12', state: 'PENDING_CLOSURE' },
      ]),
    );
    expect([...tree.accountNames.values()]).toEqual(['app-222222222222', 'app-333333333333']);
    expect(tree.units[0].accounts).toEqual([{ name: 'app-222222222222', email: 'a@example.com', id: '222222222222', tags: { team: 'a' } }]);
    expect(tree.inactive.map((a) => a.id)).toEqual(['444444444444']);
    // Without a FullAWSAccess policy in the data (not readable), nothing is marked as an allow-list.
    expect(JSON.stringify(tree)).not.toContain('fullAwsAccess');
  });
});
