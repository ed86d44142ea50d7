/** Builds a synthetic organization spec: N accounts spread over M OUs, every catalog guardrail enabled. */
import { stringify } from 'yaml';
import { catalog } from '../guardrails/catalog/index.ts';

export function syntheticSpec(accounts: number, units: number): { text: string; accountNames: string[] } {
  const topLevel = Math.max(1, Math.round(units / 10));
  const children = units - topLevel;
  const ous: { name: string; units: any[]; accounts: any[] }[] = Array.from({ length: topLevel }, (_, i) => ({ name: `Unit${i}`, units: [], accounts: [] }));
  for (let i = 0; i < children; i++) ous[i % topLevel].units.push({ name: `Team${i}`, accounts: [] });
  const leaves = ous.flatMap((o) => (o.units.length ? o.units : [o]));
  const accountNames: string[] = [];
  for (let i = 0; i < accounts; i++) {
    const name = `account-${i}`;
    accountNames.push(name);
    leaves[i % leaves.length].accounts.push({ name, email: `aws+${i}@example.com`, id: String(100000000000 + i), tags: { owner: `team-${i % 50}` } });
  }
  const targets = ['Root', ...ous.map((o) => o.name)];
  const spec = {
    version: 1,
    organization: {
      managementAccountId: '999999999999',
      id: 'o-bench00001',
      homeRegion: 'us-east-1',
      allowedRegions: ['us-east-1', 'us-west-2', 'eu-west-1'],
      breakGlass: ['arn:aws:iam::*:role/BreakGlass'],
      logArchiveAccount: 'log-archive',
      auditAccount: 'audit',
      accounts: [
        { name: 'management', email: 'mgmt@example.com', id: '999999999999' },
        { name: 'log-archive', email: 'log-archive@example.com', id: '999999999998' },
        { name: 'audit', email: 'audit@example.com', id: '999999999997' },
      ],
      units: ous.map((o) => ({ name: o.name, ...(o.units.length ? { units: o.units } : {}), ...(o.accounts.length ? { accounts: o.accounts } : {}) })),
    },
    guardrails: [
      ...catalog.map((g) => ({ use: g.id, on: ['Root'] })),
      ...ous.slice(0, 10).map((o, i) => ({
        scp: `team-boundary-${i}`,
        on: [o.name],
        statements: [
          {
            Sid: `Boundary${i}`,
            Effect: 'Deny',
            Action: ['iam:CreateUser', 'iam:CreateAccessKey'],
            Resource: '*',
            Condition: { StringNotEquals: { 'aws:PrincipalTag/team': `team-${i}` } },
          },
        ],
      })),
    ],
    tests: targets
      .slice(0, 20)
      .map((_t, i) => ({ name: `root denied ${i}`, account: accountNames[i], principal: 'root', action: 'iam:CreateUser', expect: 'deny' })),
  };
  return { text: stringify(spec, { lineWidth: 0 }), accountNames };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function timeIt(fn: () => unknown, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

export async function timeItAsync(fn: () => Promise<unknown>, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}
