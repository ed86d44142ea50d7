/** A stand-in organization as `pulumi up` of a spec leaves it: OUs, accounts, the planned SCPs attached, FullAWSAccess detached from allow-list targets. */
import type { Analysis } from '../../src/deployment/analyze.ts';
import { DELEGATED_SERVICES, TRUSTED_SERVICES } from '../../src/deployment/organization-services.ts';
import { ROOT } from '../../src/model/organization.ts';
import { emptyOrganization, type FakeOrganization } from './organizations-server.ts';

const hex = (n: number, width = 8) => n.toString(16).padStart(width, '0');

export function deployedOrganization(analysis: Analysis): FakeOrganization {
  const { spec, index } = analysis.loaded;
  const org = emptyOrganization(spec.organization.managementAccountId);
  if (spec.organization.id) org.id = spec.organization.id;
  const ids = new Map<string, string>([[ROOT, org.rootId]]);
  let n = 0;
  for (const unit of index.units.values()) {
    const id = unit.id ?? `ou-ab12-${hex(++n)}`;
    ids.set(unit.path, id);
    org.units.push({ id, name: unit.name, parentId: ids.get(unit.parent)! });
  }
  for (const a of index.accounts.values()) {
    if (!a.id) continue;
    ids.set(a.name, a.id);
    org.accounts.push({ id: a.id, name: a.name, email: a.email, parentId: ids.get(a.parent)!, state: 'ACTIVE', tags: { ...a.tags } });
  }
  const fullAccess = org.policies[0];
  fullAccess.targets.clear();
  for (const t of analysis.scps.targets.values()) {
    const targetId = ids.get(t.target);
    if (!targetId) continue;
    if (t.fullAwsAccess) fullAccess.targets.add(targetId);
    for (const p of t.policies) {
      if (p.awsManaged) continue;
      org.policies.push({
        id: `p-${hex(++n, 10)}`,
        name: p.name,
        type: 'SERVICE_CONTROL_POLICY',
        awsManaged: false,
        description: `org-guardrails: ${t.target}`,
        content: JSON.stringify(p.document),
        targets: new Set([targetId]),
      });
    }
  }
  org.trustedServices = [...TRUSTED_SERVICES].sort();
  const audit = spec.organization.auditAccount ? index.accounts.get(spec.organization.auditAccount)?.id : undefined;
  if (audit) org.delegated.push({ accountId: audit, services: [...DELEGATED_SERVICES, 'guardduty.amazonaws.com'].sort() });
  return org;
}
