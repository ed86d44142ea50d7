/**
 * What the spec says already exists in the organization, and what it keeps out of the baseline:
 * the one reading of `organization.delegatedAdministrators`, `logging.trail.organizationTrail`
 * and `baseline.exclude` that the Pulumi program and the rehearsal share.
 */
import type { OrganizationIndex } from '../model/organization.ts';
import type { GuardrailSpec, LoggingSpec } from '../model/spec.ts';

export interface ExistingAdministrator {
  name: string;
  /** Undefined for an account the spec lists without an id. */
  id?: string;
}

/** The delegated administrators the spec says are registered for a service principal. */
export function existingAdministrators(spec: GuardrailSpec, index: OrganizationIndex, service: string): ExistingAdministrator[] {
  return (spec.organization.delegatedAdministrators?.[service] ?? []).map((name) => ({ name, id: index.accounts.get(name)?.id }));
}

/** Whether the audit account is already registered for the service: then the program adopts (imports) the registration. */
export function auditAlreadyDelegated(spec: GuardrailSpec, index: OrganizationIndex, service: string): boolean {
  return spec.organization.auditAccount !== undefined && existingAdministrators(spec, index, service).some((a) => a.name === spec.organization.auditAccount);
}

/** Whether the deployment creates the organization trail (and its bucket, key and log group). */
export const createsOrganizationTrail = (trail: LoggingSpec['trail']) => trail.organizationTrail !== 'existing';

export interface BaselineExclusionPlace {
  account: string;
  accountId: string;
  region: string;
  reason: string;
  /** Index of the entry in baseline.exclude (for its spec position). */
  entry: number;
}

/** Every account and region the baseline skips, with why; accounts without an id are not deployed to anyway. */
export function baselineExclusions(spec: GuardrailSpec, index: OrganizationIndex): BaselineExclusionPlace[] {
  const out: BaselineExclusionPlace[] = [];
  (spec.baseline.exclude ?? []).forEach((x, entry) => {
    const accountId = index.accounts.get(x.account)?.id;
    if (!accountId) return;
    for (const region of x.regions ?? spec.organization.allowedRegions)
      out.push({ account: x.account, accountId, region, reason: x.reason ?? 'baseline.exclude', entry });
  });
  return out;
}

/** Account ids the baseline skips in each region. */
export function excludedAccountIdsByRegion(spec: GuardrailSpec, index: OrganizationIndex): Map<string, string[]> {
  const byRegion = new Map<string, string[]>();
  for (const x of baselineExclusions(spec, index)) byRegion.set(x.region, [...new Set([...(byRegion.get(x.region) ?? []), x.accountId])]);
  return byRegion;
}
