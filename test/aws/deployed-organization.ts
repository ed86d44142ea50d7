/**
 * A stand-in organization as `pulumi up` of a spec leaves it: OUs, accounts, the planned SCPs, RCPs and EC2
 * declarative policies attached (with the description the program writes), FullAWSAccess detached from
 * allow-list targets, RCPFullAWSAccess on every target once RCPs are enabled, the baseline StackSet's instances CURRENT.
 */
import type { Analysis } from '../../src/deployment/analyze.ts';
import { DELEGATED_SERVICES, TRUSTED_SERVICES } from '../../src/deployment/organization-services.ts';
import { accountsUnder, ROOT } from '../../src/model/organization.ts';
import { excludedAccountIdsByRegion } from '../../src/deployment/adoption.ts';
import { baselineTargetUnits } from '../../src/deployment/baseline-template.ts';
import { baselineStackSetName } from '../../src/model/names.ts';
import type { FakeStackSet } from './management-services-server.ts';
import { DECLARATIVE_POLICY_TYPE } from '../../scp/declarative.ts';
import { customDescriptions, policyDescription } from '../../scp/description.ts';
import { emptyOrganization, enableResourceControlPolicies, type FakeOrganization, type FakePolicy } from './organizations-server.ts';

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
  const descriptions = customDescriptions(spec.guardrails);
  const fullAccess = org.policies[0];
  fullAccess.targets.clear();
  const place = (type: FakePolicy['type'], name: string, target: string, document: unknown, description: string) =>
    org.policies.push({
      id: `p-${hex(++n, 10)}`,
      name,
      type,
      awsManaged: false,
      description,
      content: JSON.stringify(document),
      targets: new Set([ids.get(target)!]),
    });
  for (const t of analysis.scps.targets.values()) {
    if (!ids.has(t.target)) continue;
    if (t.fullAwsAccess) fullAccess.targets.add(ids.get(t.target)!);
    for (const p of t.policies)
      if (!p.awsManaged) place('SERVICE_CONTROL_POLICY', p.name, t.target, p.document, policyDescription(t.target, p.origins, descriptions));
  }
  const rcps = [...analysis.rcps.targets.values()].filter((t) => ids.has(t.target));
  if (rcps.some((t) => t.policies.some((p) => !p.awsManaged))) {
    enableResourceControlPolicies(org, ids.values());
    for (const t of rcps)
      for (const p of t.policies)
        if (!p.awsManaged) place('RESOURCE_CONTROL_POLICY', p.name, t.target, p.document, policyDescription(t.target, p.origins, descriptions));
  }
  const declarative = [...analysis.declarative.targets.values()].filter((p) => ids.has(p.target));
  if (declarative.length) org.policyTypes.push({ Type: DECLARATIVE_POLICY_TYPE, Status: 'ENABLED' });
  for (const p of declarative) place(DECLARATIVE_POLICY_TYPE, p.name, p.target, p.document, policyDescription(p.target));
  org.trustedServices = [...TRUSTED_SERVICES].sort();
  const audit = spec.organization.auditAccount ? index.accounts.get(spec.organization.auditAccount)?.id : undefined;
  if (audit) org.delegated.push({ accountId: audit, services: [...DELEGATED_SERVICES, 'guardduty.amazonaws.com'].sort() });
  org.stackSets = deployedBaseline(analysis, ids);
  return org;
}

/**
 * The baseline StackSets in the home Region, one per Config recorder mode an OU uses: one CURRENT instance per member
 * account under a baseline target of that mode and allowed Region, but where baseline.exclude skips it.
 */
function deployedBaseline(analysis: Analysis, ids: Map<string, string>): FakeStackSet[] {
  const { spec, index } = analysis.loaded;
  const excluded = excludedAccountIdsByRegion(spec, index);
  const stackSets = new Map<string, FakeStackSet>();
  for (const unit of baselineTargetUnits(index)) {
    const name = baselineStackSetName(spec.baseline.configRecorderByUnit[unit] ?? spec.baseline.configRecorder);
    if (!stackSets.has(name)) stackSets.set(name, { name, homeRegion: spec.organization.homeRegion, instances: [] });
    for (const region of spec.organization.allowedRegions)
      for (const a of accountsUnder(index, unit))
        if (a.id && !a.isManagement && !excluded.get(region)?.includes(a.id))
          stackSets.get(name)!.instances.push({ account: a.id, region, status: 'CURRENT', detailedStatus: 'SUCCEEDED', ou: ids.get(unit) });
  }
  return [...stackSets.values()];
}
