/**
 * The `organization` part of an imported spec: the OU tree with ids, every active account with
 * id, email, name and tags, FullAWSAccess detachments and the SCP slots Control Tower uses.
 * Deterministic: OUs and accounts sorted by name, so an unchanged organization imports the same.
 */
import { FULL_ACCESS_POLICY, isControlTowerPolicy, type LiveAccount, type LiveOrganization } from '../../aws/organizations.ts';
import { ROOT } from '../../model/organization.ts';

/** Accounts Organizations still lists but that are not members one can govern (Organizations API: Account.State). */
export const INACTIVE_ACCOUNT_STATES = new Set(['SUSPENDED', 'PENDING_CLOSURE', 'CLOSED']);

type Node = Record<string, unknown>;

export interface ImportedTree {
  /** Root's accounts and units, in spec shape. */
  accounts: Node[];
  units: Node[];
  /** Root settings (organization.fullAwsAccess / reservedScpSlots) when they differ from the defaults. */
  root: Node;
  /** AWS id (r-…, ou-…, account id) → spec target (Root, OU path, account name). */
  targetOf: Map<string, string>;
  /** Spec account name by account id (active accounts). */
  accountNames: Map<string, string>;
  inactive: LiveAccount[];
  /** Control Tower SCPs found, and on how many targets. */
  controlTowerPolicies: string[];
}

const byName = <T extends { name: string; id: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** AWS allows any 1-50 characters and duplicates; the spec's names are unique targets without "/". */
function uniqueAccountNames(accounts: LiveAccount[]): Map<string, string> {
  const base = (a: LiveAccount) => a.name.replace(/\//g, '-').trim().slice(0, 50) || a.id;
  const counts = new Map<string, number>();
  for (const a of accounts) counts.set(base(a), (counts.get(base(a)) ?? 0) + 1);
  return new Map(accounts.map((a) => [a.id, counts.get(base(a))! > 1 ? `${base(a).slice(0, 37)}-${a.id}` : base(a)]));
}

export function importTree(live: LiveOrganization): ImportedTree {
  const active = live.accounts.filter((a) => !INACTIVE_ACCOUNT_STATES.has(a.state)).sort(byName);
  const accountNames = uniqueAccountNames(active);
  const fullAccess = new Set(
    live.policies.filter((p) => p.awsManaged && p.name === FULL_ACCESS_POLICY.SERVICE_CONTROL_POLICY).flatMap((p) => p.targets.map((t) => t.id)),
  );
  const fullAccessKnown = live.policies.some((p) => p.awsManaged && p.name === FULL_ACCESS_POLICY.SERVICE_CONTROL_POLICY);
  const controlTower = live.policies.filter((p) => p.type === 'SERVICE_CONTROL_POLICY' && isControlTowerPolicy(p));
  const reserved = new Map<string, number>();
  for (const p of controlTower) for (const t of p.targets) reserved.set(t.id, (reserved.get(t.id) ?? 0) + 1);

  // Settings a target carries only where they differ from the spec's defaults.
  const settings = (id: string): Node => ({
    ...(fullAccessKnown && !fullAccess.has(id) ? { fullAwsAccess: false } : {}),
    ...(reserved.has(id) ? { reservedScpSlots: Math.min(4, reserved.get(id)!) } : {}),
  });
  const targetOf = new Map<string, string>([[live.root.id, ROOT]]);
  const accountsUnder = (parentId: string): Node[] =>
    active
      .filter((a) => a.parentId === parentId)
      .map((a) => {
        const name = accountNames.get(a.id)!;
        targetOf.set(a.id, name);
        const tags = Object.entries(a.tags ?? {}).filter(([k]) => !k.startsWith('aws:'));
        return {
          name,
          email: a.email,
          id: a.id,
          ...settings(a.id),
          ...(tags.length ? { tags: Object.fromEntries(tags.sort(([x], [y]) => (x < y ? -1 : 1))) } : {}),
        };
      });
  const unitsUnder = (parentId: string): Node[] =>
    live.units
      .filter((u) => u.parentId === parentId)
      .sort(byName)
      .map((u) => {
        targetOf.set(u.id, u.path);
        const units = unitsUnder(u.id);
        const accounts = accountsUnder(u.id);
        return { name: u.name, id: u.id, ...settings(u.id), ...(units.length ? { units } : {}), ...(accounts.length ? { accounts } : {}) };
      });
  const units = unitsUnder(live.root.id);
  const accounts = accountsUnder(live.root.id);
  return {
    accounts,
    units,
    root: settings(live.root.id),
    targetOf,
    accountNames,
    inactive: live.accounts.filter((a) => INACTIVE_ACCOUNT_STATES.has(a.state)).sort(byName),
    controlTowerPolicies: controlTower.map((p) => p.name).sort(),
  };
}
