/**
 * `guardrails drift`: where the live organization and what the spec deploys disagree. Pure: the
 * live state comes in as sections read independently; a section that could not be read becomes
 * an `unchecked` entry (with why), never silence. Each check is a small function over the spec's
 * analysis and the live state; add a check = add a function to CHECKS.
 */
import { FULL_ACCESS_POLICY, isControlTowerPolicy, type LiveAccount, type LiveOrganization, type LivePolicy } from '../../aws/organizations.ts';
import type { Analysis } from '../../deployment/analyze.ts';
import type { StackSetInstances } from '../../aws/stackset-instances.ts';
import type { RecorderMode } from '../../deployment/baseline-template.ts';
import { checkBaselineInstances, INACTIVE_ACCOUNT_STATES } from './baseline.ts';
import { DELEGATED_SERVICES, TRUSTED_SERVICES } from '../../deployment/organization-services.ts';
import { configRuleDeployments } from '../../deployment/config-rules.ts';
import type { PolicyDocument, PolicyStatement } from '../../iam/policy.ts';
import type { DeclarativePolicyDocument } from '../../../guardrails/declarative.ts';
import { ROOT } from '../../model/organization.ts';
import { canonical } from '../../../scp/pack.ts';
import { diffStatements, statementsOf } from '../../../scp/normalize.ts';

export interface DriftItem {
  kind: string;
  /** Root, an OU path, an account name (or id when the spec does not know it), a policy, a Config rule. */
  target: string;
  expected: string;
  actual: string;
  fix: string;
  /** Statement-level difference of a policy's content. */
  statements?: { missing: PolicyStatement[]; extra: PolicyStatement[] };
}

export interface Unchecked {
  what: string;
  why: string;
}

export interface DriftReport {
  drift: DriftItem[];
  unchecked: Unchecked[];
}

/** A part of the live state: read, or not (and why). */
export type Section<T> = { ok: true; value: T } | { ok: false; why: string };

export interface ServiceState {
  /** Organization Config rules by name: the accounts (ids) where the rule failed to deploy. */
  configRules?: Section<{ region: string; rules: Map<string, { failedAccounts: string[] }> }[]>;
  /** The instances of each baseline StackSet (one per Config recorder mode), in every Region. */
  stackInstances?: Section<Record<RecorderMode, StackSetInstances>>;
  /** GuardDuty members of the delegated administrator's detector, per region. */
  guardDutyMembers?: Section<{ region: string; members: Map<string, string> }[]>;
}

export interface LiveState extends ServiceState {
  structure: Pick<LiveOrganization, 'id' | 'managementAccountId' | 'root' | 'units' | 'accounts'>;
  tagsRead: boolean;
  policies: Section<LivePolicy[]>;
  trustedServices: Section<string[]>;
  delegatedAdministrators: Section<LiveOrganization['delegatedAdministrators']>;
}

export interface CheckContext {
  analysis: Analysis;
  live: LiveState;
  /** Spec target → live id, for the targets that exist. */
  liveId: Map<string, string>;
  /** Live id → the spec's name for it, or the live path/name. */
  nameOf: (id: string) => string;
  report: (item: DriftItem) => void;
  unchecked: (what: string, why: string) => void;
}

function checkUnits({ analysis, live, report }: CheckContext) {
  const byPath = new Map(live.structure.units.map((u) => [u.path, u]));
  const byId = new Map(live.structure.units.map((u) => [u.id, u]));
  const specPaths = new Set(analysis.loaded.index.units.keys());
  const specIds = new Set([...analysis.loaded.index.units.values()].map((u) => u.id).filter(Boolean));
  for (const unit of analysis.loaded.index.units.values()) {
    if (byPath.has(unit.path)) continue;
    const moved = unit.id ? byId.get(unit.id) : undefined;
    if (moved)
      report({
        kind: 'ou-moved',
        target: unit.path,
        expected: unit.path,
        actual: moved.path,
        fix: `move or rename OU ${unit.id} back to ${unit.path}, or write its new place into the spec`,
      });
    else report({ kind: 'ou-missing', target: unit.path, expected: 'exists', actual: 'absent', fix: '`pulumi up` creates it' });
  }
  for (const u of live.structure.units) {
    if (specPaths.has(u.path) || specIds.has(u.id)) continue;
    report({
      kind: 'ou-extra',
      target: u.path,
      expected: 'absent',
      actual: `exists (${u.id})`,
      fix: 'add it to the spec (`guardrails import` shows how), or move its accounts out and delete it',
    });
  }
}

function checkAccounts({ analysis, live, nameOf, report }: CheckContext) {
  const byId = new Map(live.structure.accounts.map((a) => [a.id, a]));
  const byEmail = new Map(live.structure.accounts.map((a) => [a.email.toLowerCase(), a]));
  const parentPath = (a: LiveAccount) => nameOf(a.parentId);
  const known = new Set<string>();
  for (const account of analysis.loaded.index.accounts.values()) {
    const found = account.id ? byId.get(account.id) : byEmail.get(account.email.toLowerCase());
    if (!found) {
      if (account.id)
        report({
          kind: 'account-missing',
          target: account.name,
          expected: `member ${account.id}`,
          actual: 'not in the organization',
          fix: 'invite it back, or remove it from the spec',
        });
      continue;
    }
    known.add(found.id);
    if (!account.id) {
      report({
        kind: 'account-unadopted',
        target: account.name,
        expected: 'to be vended',
        actual: `exists as ${found.id}`,
        fix: `write id: "${found.id}" into the spec (or rerun \`guardrails vend\`, which adopts it)`,
      });
      continue;
    }
    if (INACTIVE_ACCOUNT_STATES.has(found.state)) {
      report({
        kind: 'account-suspended',
        target: account.name,
        expected: 'ACTIVE',
        actual: found.state,
        fix: 'remove it from the spec (a closed account cannot be governed)',
      });
      continue;
    }
    if (parentPath(found) !== account.parent)
      report({
        kind: 'account-misplaced',
        target: account.name,
        expected: account.parent,
        actual: parentPath(found),
        fix: `move it back to ${account.parent} (\`pulumi up\` does), or change its OU in the spec`,
      });
    if (live.tagsRead && canonical(found.tags ?? {}) !== canonical(account.tags))
      report({
        kind: 'account-tags',
        target: account.name,
        expected: JSON.stringify(account.tags),
        actual: JSON.stringify(found.tags ?? {}),
        fix: '`pulumi up` restores the tags, or write the new ones into the spec',
      });
  }
  for (const a of live.structure.accounts) {
    // A suspended account the spec does not list is as it should be (import keeps it in a comment).
    if (known.has(a.id) || INACTIVE_ACCOUNT_STATES.has(a.state)) continue;
    report({
      kind: 'account-unknown',
      target: `${a.name} (${a.id})`,
      expected: 'in the spec',
      actual: `in ${parentPath(a)}`,
      fix: `add it to the spec under ${parentPath(a)} with id "${a.id}"`,
    });
  }
}

const documentText = (statements: PolicyStatement[]) => statements.map((s) => s.Sid ?? JSON.stringify(s)).join(', ');

interface PlannedPolicies {
  target: string;
  fullAwsAccess: boolean;
  policies: { name: string; awsManaged?: boolean; document: unknown }[];
}

interface ContentDiff {
  /** What was planned and is not there, and what is there but not planned, in words. */
  actual: string;
  statements?: { missing: PolicyStatement[]; extra: PolicyStatement[] };
}

function statementDiff(document: unknown, content: string): ContentDiff | undefined {
  const diff = diffStatements((document as PolicyDocument).Statement, statementsOf(content));
  if (!diff.missing.length && !diff.extra.length) return undefined;
  return {
    actual: `${diff.missing.length} statement(s) changed or removed (${documentText(diff.missing)}), ${diff.extra.length} added or changed (${documentText(diff.extra)})`,
    statements: diff,
  };
}

/** EC2 declarative policies compare attribute by attribute: each attribute's whole subtree (values, operators, child limits). */
function attributeDiff(document: unknown, content: string): ContentDiff | undefined {
  const attributes = (d: unknown) => {
    const ec2 = (d as DeclarativePolicyDocument | undefined)?.ec2_attributes;
    return new Map(Object.entries(ec2 && typeof ec2 === 'object' ? ec2 : {}).map(([k, v]) => [k, canonical(v)]));
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    parsed = undefined;
  }
  const [want, have] = [attributes(document), attributes(parsed)];
  const missing = [...want].filter(([k, v]) => have.get(k) !== v).map(([k]) => k);
  const extra = [...have].filter(([k, v]) => want.get(k) !== v).map(([k]) => k);
  if (!missing.length && !extra.length) return undefined;
  return { actual: `attributes changed or removed (${missing.join(', ')}), added or changed (${extra.join(', ')})` };
}

/**
 * The policy types the program deploys, in drift's words: SCPs (FullAWSAccess may be detached), RCPs
 * (RCPFullAWSAccess may not) and EC2 declarative policies (one per target; the spec has no custom entry for them).
 */
const POLICY_TYPES = [
  {
    type: 'SERVICE_CONTROL_POLICY',
    short: 'SCP',
    plural: 'SCPs',
    adopt: 'move it into the spec as a custom `scp:` entry (`guardrails import` writes one), or detach it',
    planned: (a: Analysis): PlannedPolicies[] => [...a.scps.targets.values()],
    diff: statementDiff,
  },
  {
    type: 'RESOURCE_CONTROL_POLICY',
    short: 'RCP',
    plural: 'RCPs',
    adopt: 'move it into the spec as a custom `rcp:` entry (`guardrails import` writes one), or detach it',
    planned: (a: Analysis): PlannedPolicies[] => [...a.rcps.targets.values()],
    diff: statementDiff,
  },
  {
    type: 'DECLARATIVE_POLICY_EC2',
    short: 'declarative policy',
    plural: 'declarative policies',
    adopt: 'set its attributes with catalog guardrails (`guardrails import` names those that match), or detach it',
    planned: (a: Analysis): PlannedPolicies[] => [...a.declarative.targets.values()].map((p) => ({ target: p.target, fullAwsAccess: true, policies: [p] })),
    diff: attributeDiff,
  },
] as const;

function checkPolicies(ctx: CheckContext) {
  if (!ctx.live.policies.ok) return ctx.unchecked('organization policies (SCPs, RCPs, declarative) and their attachments', ctx.live.policies.why);
  for (const type of POLICY_TYPES) checkPolicyType(ctx, type, ctx.live.policies.value);
}

function checkPolicyType(
  { analysis, liveId, nameOf, report }: CheckContext,
  { type, short, plural, adopt, planned: plannedOf, diff: diffOf }: (typeof POLICY_TYPES)[number],
  all: LivePolicy[],
) {
  const policies = all.filter((p) => p.type === type);
  const byName = new Map(policies.filter((p) => !p.awsManaged).map((p) => [p.name, p]));
  const fullAccess = type === 'SERVICE_CONTROL_POLICY' ? policies.find((p) => p.awsManaged && p.name === FULL_ACCESS_POLICY[type]) : undefined;
  const fullAccessTargets = new Set(fullAccess?.targets.map((x) => x.id));
  /** Planned policy name → the live id of the target it belongs to. */
  const planned = new Map<string, string | undefined>();
  for (const t of plannedOf(analysis)) {
    const id = liveId.get(t.target);
    if (!id) continue; // the OU or account itself is reported missing
    for (const p of t.policies) {
      if (p.awsManaged) continue;
      planned.set(p.name, id);
      const found = byName.get(p.name);
      if (!found) {
        report({ kind: 'policy-missing', target: t.target, expected: `${short} ${p.name}`, actual: 'absent', fix: '`pulumi up` creates and attaches it' });
        continue;
      }
      const diff = diffOf(p.document, found.content);
      if (diff)
        report({
          kind: 'policy-content',
          target: t.target,
          expected: `${p.name} as planned`,
          actual: diff.actual,
          fix: '`pulumi up` restores the planned document; if the edit was wanted, move it into the spec',
          ...(diff.statements ? { statements: diff.statements } : {}),
        });
      if (!found.targets.some((x) => x.id === id))
        report({ kind: 'attachment-missing', target: t.target, expected: `${p.name} attached`, actual: 'detached', fix: '`pulumi up` attaches it again' });
    }
    const attached = fullAccessTargets.has(id);
    if (fullAccess && !t.fullAwsAccess && attached)
      report({
        kind: 'full-aws-access-attached',
        target: t.target,
        expected: 'FullAWSAccess detached (allow-list)',
        actual: 'attached',
        fix: 'detach FullAWSAccess (`pulumi up` does): while attached, the allow-list allows everything',
      });
    if (fullAccess && t.fullAwsAccess && !attached)
      report({
        kind: 'full-aws-access-detached',
        target: t.target,
        expected: 'FullAWSAccess attached',
        actual: 'detached',
        fix: 'attach FullAWSAccess again, or set fullAwsAccess: false with Allow statements in the spec',
      });
  }
  const specTargets = new Set(liveId.values());
  for (const p of policies) {
    if (p.awsManaged || isControlTowerPolicy(p)) continue;
    const where = p.targets.filter((x) => specTargets.has(x.id));
    if (planned.has(p.name)) {
      const plannedTarget = planned.get(p.name);
      for (const x of where)
        if (x.id !== plannedTarget)
          report({
            kind: 'attachment-extra',
            target: nameOf(x.id),
            expected: `${p.name} not attached`,
            actual: 'attached',
            fix: `detach ${p.name} from ${nameOf(x.id)}`,
          });
    } else {
      for (const x of where)
        report({
          kind: 'policy-extra',
          target: nameOf(x.id),
          expected: `only the planned ${plural}`,
          actual: `${p.name} (${p.id}) attached`,
          fix: adopt,
        });
    }
  }
}

function checkOrganizationSettings({ analysis, live, nameOf, report, unchecked }: CheckContext) {
  for (const { type, short, planned } of POLICY_TYPES) {
    // SCPs are always planned; the other types only once the spec has one.
    const needed = type === 'SERVICE_CONTROL_POLICY' || planned(analysis).some((t) => t.policies.some((p) => !p.awsManaged));
    const status = live.structure.root.policyTypes.find((t) => t.type === type)?.status;
    if (needed && status !== 'ENABLED')
      report({
        kind: 'policy-type-disabled',
        target: ROOT,
        expected: `${type} enabled`,
        actual: status ?? 'disabled',
        fix: `enable the policy type (\`pulumi up\` does): until then no ${short} applies`,
      });
  }
  if (!live.trustedServices.ok) unchecked('trusted access for AWS services', live.trustedServices.why);
  else
    for (const service of TRUSTED_SERVICES)
      if (!live.trustedServices.value.includes(service))
        report({
          kind: 'trusted-access-disabled',
          target: service,
          expected: 'trusted access enabled',
          actual: 'disabled',
          fix: '`pulumi up` enables it again',
        });
  const auditName = analysis.loaded.spec.organization.auditAccount;
  const audit = auditName ? analysis.loaded.index.accounts.get(auditName)?.id : undefined;
  if (!audit) return;
  if (!live.delegatedAdministrators.ok) return unchecked('delegated administrators', live.delegatedAdministrators.why);
  for (const service of DELEGATED_SERVICES) {
    const admins = live.delegatedAdministrators.value.filter((d) => d.services.includes(service)).map((d) => d.accountId);
    if (admins.length === 1 && admins[0] === audit) continue;
    report({
      kind: 'delegated-admin-changed',
      target: service,
      expected: `${auditName} (${audit})`,
      actual: admins.length ? admins.map(nameOf).join(', ') : 'none',
      fix: '`pulumi up` registers the audit account again; deregister any other',
    });
  }
}

function checkServices(ctx: CheckContext) {
  const { analysis, live, nameOf, report, unchecked } = ctx;
  for (const [what, section] of [
    ['organization Config rules', live.configRules],
    ['baseline StackSet instances', live.stackInstances],
    ['GuardDuty members', live.guardDutyMembers],
  ] as const)
    if (section && !section.ok) unchecked(what, section.why);
  if (live.configRules?.ok) {
    const deployments = configRuleDeployments(analysis.loaded);
    for (const { region, rules } of live.configRules.value) {
      for (const rule of deployments) {
        if (rule.declaration.scope === 'global' && region !== analysis.loaded.spec.organization.homeRegion) continue;
        const found = rules.get(rule.name);
        if (!found)
          report({ kind: 'config-rule-missing', target: `${rule.name}@${region}`, expected: 'deployed', actual: 'absent', fix: '`pulumi up` deploys it' });
        else if (found.failedAccounts.length)
          report({
            kind: 'config-rule-failing',
            target: `${rule.name}@${region}`,
            expected: 'deployed in every account in scope',
            actual: `failed in ${found.failedAccounts.map(nameOf).join(', ')}`,
            fix: 'read GetOrganizationConfigRuleDetailedStatus for the error (often the Config recorder is missing there), fix it, then `pulumi up`',
          });
      }
    }
  }
  checkBaselineInstances(ctx);
  if (live.guardDutyMembers?.ok) {
    const members = live.structure.accounts.filter(
      (a) => !INACTIVE_ACCOUNT_STATES.has(a.state) && a.id !== analysis.loaded.index.accounts.get(analysis.loaded.spec.organization.auditAccount ?? '')?.id,
    );
    for (const { region, members: status } of live.guardDutyMembers.value) {
      for (const a of members) {
        const relationship = status.get(a.id);
        if (relationship === 'Enabled') continue;
        report({
          kind: 'guardduty-member-not-enabled',
          target: `${nameOf(a.id)}@${region}`,
          expected: 'Enabled',
          actual: relationship ?? 'not a member',
          fix: 'GuardDuty auto-enable covers new accounts only: add it as a member from the audit account (CreateMembers)',
        });
      }
    }
  }
}

const CHECKS = [checkUnits, checkAccounts, checkPolicies, checkOrganizationSettings, checkServices];

export function detectDrift(analysis: Analysis, live: LiveState): DriftReport {
  const drift: DriftItem[] = [];
  const unchecked: Unchecked[] = [];
  const { index } = analysis.loaded;
  const byPath = new Map(live.structure.units.map((u) => [u.path, u.id]));
  const liveAccounts = new Set(live.structure.accounts.map((a) => a.id));
  const liveId = new Map<string, string>([[ROOT, live.structure.root.id]]);
  for (const path of index.units.keys()) if (byPath.has(path)) liveId.set(path, byPath.get(path)!);
  for (const a of index.accounts.values()) if (a.id && liveAccounts.has(a.id)) liveId.set(a.name, a.id);
  const names = new Map<string, string>([
    ...live.structure.units.map((u) => [u.id, u.path] as [string, string]),
    ...live.structure.accounts.map((a) => [a.id, a.name] as [string, string]),
  ]);
  for (const [target, id] of liveId) names.set(id, target);
  const nameOf = (id: string) => names.get(id) ?? id;
  if (!live.tagsRead) unchecked.push({ what: 'account tags', why: 'not read' });
  const ctx: CheckContext = { analysis, live, liveId, nameOf, report: (d) => drift.push(d), unchecked: (what, why) => unchecked.push({ what, why }) };
  for (const check of CHECKS) check(ctx);
  return { drift, unchecked };
}
