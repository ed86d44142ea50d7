/** A large organization for scale tests and benches: OUs two levels deep, accounts spread over them, catalog guardrails on the root and custom SCPs on OUs and accounts. */
import { stringify } from 'yaml';

export interface SyntheticShape {
  accounts: number;
  units: number;
  /** Custom SCPs, one per OU first, then one per account. */
  customPolicies: number;
}

export function syntheticOrganizationSpec({ accounts, units, customPolicies }: SyntheticShape): string {
  const topLevel = Math.max(1, Math.round(units / 10));
  const ous: { name: string; units: { name: string; accounts: any[] }[]; accounts: any[] }[] = Array.from({ length: topLevel }, (_, i) => ({
    name: `Unit${i}`,
    units: [],
    accounts: [],
  }));
  for (let i = 0; i < units - topLevel; i++) ous[i % topLevel].units.push({ name: `Team${i}`, accounts: [] });
  const leaves = ous.flatMap((o) => (o.units.length ? o.units : [o]));
  const names: string[] = [];
  for (let i = 0; i < accounts; i++) {
    const name = `account-${i}`;
    names.push(name);
    leaves[i % leaves.length].accounts.push({ name, email: `aws+${i}@example.com`, id: String(100000000000 + i), tags: { owner: `team-${i % 50}` } });
  }
  const paths = ous.flatMap((o) => [o.name, ...o.units.map((u) => `${o.name}/${u.name}`)]);
  const targets = [...paths, ...names].slice(0, customPolicies);
  return stringify(
    {
      version: 1,
      organization: {
        managementAccountId: '999999999999',
        id: 'o-bench00001',
        homeRegion: 'us-east-1',
        allowedRegions: ['us-east-1', 'us-west-2', 'eu-west-1'],
        breakGlass: ['arn:aws:iam::*:role/BreakGlass'],
        accounts: [{ name: 'management', email: 'mgmt@example.com', id: '999999999999' }],
        units: ous.map((o) => ({ name: o.name, ...(o.units.length ? { units: o.units } : {}), ...(o.accounts.length ? { accounts: o.accounts } : {}) })),
      },
      guardrails: [
        ...['deny-root-user', 'deny-leave-organization', 'protect-cloudtrail', 'protect-config', 'region-restriction', 'kms-keys'].map((use) => ({
          use,
          on: ['Root'],
        })),
        { use: 'require-imdsv2', on: ous.map((o) => o.name) },
        ...targets.map((on, i) => ({
          scp: `boundary-${i}`,
          on: [on],
          statements: [
            {
              Sid: `Boundary${i}`,
              Effect: 'Deny',
              Action: ['iam:CreateUser', 'iam:CreateAccessKey', `ec2:${['DeleteVpc', 'CreateVpc', 'DeleteSubnet'][i % 3]}`],
              Resource: '*',
              Condition: { StringNotEquals: { 'aws:PrincipalTag/team': `team-${i}` } },
            },
          ],
        })),
      ],
    },
    { lineWidth: 0 },
  );
}
