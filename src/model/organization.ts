/** The OU tree indexed by target name: "Root", OU paths ("Workloads/Prod") and account names. */
import type { SpecPath } from './source.ts';
import type { AccountSpec, OrganizationSpec, OrganizationalUnitSpec } from './spec.ts';

export const ROOT = 'Root';

export interface OrganizationalUnit {
  path: string;
  name: string;
  /** 1 for a child of the root. */
  depth: number;
  parent: string;
  id?: string;
  fullAwsAccess: boolean;
  reservedScpSlots: number;
  units: string[];
  accounts: string[];
  specPath: SpecPath;
}

export interface Account {
  name: string;
  email: string;
  id?: string;
  /** "Root" or an OU path. */
  parent: string;
  tags: Record<string, string>;
  fullAwsAccess: boolean;
  reservedScpSlots: number;
  isManagement: boolean;
  specPath: SpecPath;
}

export interface OrganizationIndex {
  root: { fullAwsAccess: boolean; reservedScpSlots: number; units: string[]; accounts: string[] };
  units: Map<string, OrganizationalUnit>;
  accounts: Map<string, Account>;
  /** Every account in spec order, duplicates included (for duplicate checks). */
  allAccounts: Account[];
  /** Every OU in spec order, duplicates included. */
  allUnits: OrganizationalUnit[];
}

export function indexOrganization(org: OrganizationSpec): OrganizationIndex {
  const index: OrganizationIndex = {
    root: { fullAwsAccess: org.fullAwsAccess ?? true, reservedScpSlots: org.reservedScpSlots ?? 0, units: [], accounts: [] },
    units: new Map(),
    accounts: new Map(),
    allAccounts: [],
    allUnits: [],
  };
  const addAccounts = (accounts: AccountSpec[] | undefined, parent: string, specPath: SpecPath, siblings: string[]) => {
    (accounts ?? []).forEach((a, i) => {
      const account: Account = {
        name: a.name,
        email: a.email,
        id: a.id,
        parent,
        tags: a.tags ?? {},
        fullAwsAccess: a.fullAwsAccess ?? true,
        reservedScpSlots: a.reservedScpSlots ?? org.reservedScpSlots ?? 0,
        isManagement: a.id !== undefined && a.id === org.managementAccountId,
        specPath: [...specPath, 'accounts', i],
      };
      index.allAccounts.push(account);
      if (!index.accounts.has(a.name)) index.accounts.set(a.name, account);
      siblings.push(a.name);
    });
  };
  const addUnits = (units: OrganizationalUnitSpec[] | undefined, parent: string, depth: number, specPath: SpecPath, siblings: string[]) => {
    (units ?? []).forEach((u, i) => {
      const path = parent === ROOT ? u.name : `${parent}/${u.name}`;
      const unitPath = [...specPath, 'units', i];
      const unit: OrganizationalUnit = {
        path,
        name: u.name,
        depth,
        parent,
        id: u.id,
        fullAwsAccess: u.fullAwsAccess ?? true,
        reservedScpSlots: u.reservedScpSlots ?? org.reservedScpSlots ?? 0,
        units: [],
        accounts: [],
        specPath: unitPath,
      };
      index.allUnits.push(unit);
      if (!index.units.has(path)) index.units.set(path, unit);
      siblings.push(path);
      addAccounts(u.accounts, path, unitPath, unit.accounts);
      addUnits(u.units, path, depth + 1, unitPath, unit.units);
    });
  };
  addAccounts(org.accounts, ROOT, ['organization'], index.root.accounts);
  addUnits(org.units, ROOT, 1, ['organization'], index.root.units);
  return index;
}

export type TargetKind = 'root' | 'unit' | 'account';

export function targetKind(index: OrganizationIndex, target: string): TargetKind | undefined {
  if (target === ROOT) return 'root';
  if (index.units.has(target)) return 'unit';
  if (index.accounts.has(target)) return 'account';
  return undefined;
}

export const allTargets = (index: OrganizationIndex): string[] => [ROOT, ...index.units.keys(), ...index.accounts.keys()];

/** Root → OUs → account: the SCP chain AWS evaluates for a request in that account. */
export function chainOf(index: OrganizationIndex, accountName: string): string[] {
  const account = index.accounts.get(accountName);
  if (!account) throw new Error(`unknown account ${accountName}`);
  const chain = [accountName];
  let parent = account.parent;
  while (parent !== ROOT) {
    chain.unshift(parent);
    parent = index.units.get(parent)!.parent;
  }
  return [ROOT, ...chain];
}

/** Every account at or below a target. */
export function accountsUnder(index: OrganizationIndex, target: string): Account[] {
  if (index.accounts.has(target)) return [index.accounts.get(target)!];
  const prefix = target === ROOT ? '' : `${target}/`;
  return [...index.accounts.values()].filter((a) => target === ROOT || a.parent === target || a.parent.startsWith(prefix));
}

/** Account names by account id, for the accounts that have one (mapping AWS's ids back to the spec's names). */
export const accountNamesById = (index: OrganizationIndex): Map<string, string> =>
  new Map([...index.accounts.values()].filter((a) => a.id).map((a) => [a.id!, a.name]));
