/**
 * spec → the SCP and RCP documents every target (Root, OU, account) gets, within AWS's limits.
 * Pure and deterministic: an unchanged spec yields byte-identical documents and names.
 */
import { catalogById } from '../guardrails/catalog/index.ts';
import type { ScpContext } from '../guardrails/guardrail.ts';
import type { Diagnostic } from '../src/core/diagnostics.ts';
import type { LoadedSpec } from '../src/spec/load.ts';
import { isCustomRcp, isCustomScp } from '../src/model/spec.ts';
import { allTargets, ROOT, targetKind, type TargetKind } from '../src/model/organization.ts';
import { automationRolePatterns, partitionOf, policyName } from '../src/model/names.ts';
import { mergeStatements, packStatements, statementSize, type SourcedStatement, type StatementOrigin } from './pack.ts';
import { AUTOMATION_SOURCE, automationAllow, EXEMPTION_SOURCE, exemptRolePatterns, protectExemptRoles } from './protect-exemptions.ts';
import { FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS, documentSize, type PolicyDocument, type PolicyStatement } from '../src/iam/policy.ts';

/** AWS Organizations' names for the two authorization policy types (EnablePolicyType, CreatePolicy Type). */
export type AuthorizationPolicyType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

export interface ServiceControlPolicy {
  name: string;
  target: string;
  /** SERVICE_CONTROL_POLICY unless said otherwise (RCPs share this shape). */
  type?: AuthorizationPolicyType;
  document: PolicyDocument;
  /** Characters of the minified document as sent to AWS (AWS's measure of a policy's size). */
  size: number;
  /** For each statement, the guardrails/custom policies it came from. */
  origins: StatementOrigin[][];
  /** AWS-managed policy (FullAWSAccess, RCPFullAWSAccess): attached, never created. */
  awsManaged?: boolean;
}
/** An RCP compiles, packs and evaluates exactly as an SCP does; only its limits and its managed policy differ. */
export type OrganizationPolicy = ServiceControlPolicy;

export interface TargetPolicies {
  target: string;
  kind: TargetKind;
  fullAwsAccess: boolean;
  /** Attached policies in evaluation order; FullAWSAccess first where kept. */
  policies: ServiceControlPolicy[];
  slotLimit: number;
  reservedSlots: number;
}

export interface ScpPlan {
  /** Absent means SERVICE_CONTROL_POLICY. */
  type?: AuthorizationPolicyType;
  targets: Map<string, TargetPolicies>;
  sizeLimit: number;
  /** The organization's partition: a principal named `role/NAME` has its ARN (aws:PrincipalArn) there. Absent means aws. */
  partition?: string;
}
export type PolicyPlan = ScpPlan;

export function scpContext(loaded: LoadedSpec): ScpContext {
  const org = loaded.spec.organization;
  return {
    breakGlass: org.breakGlass,
    automation: automationRolePatterns(partitionOf(org.homeRegion)),
    allowedRegions: org.allowedRegions,
    organizationId: org.id,
    partition: partitionOf(org.homeRegion),
  };
}

export interface SpecStatements {
  index: number;
  type: AuthorizationPolicyType;
  source: string;
  statements: PolicyStatement[];
  custom: boolean;
}

/**
 * Every guardrail entry's statements, in spec order: the one place a spec entry becomes statements
 * (compile and lint read it). A catalog guardrail with an SCP and an RCP part yields two entries.
 */
export function statementsOfSpec(loaded: LoadedSpec): SpecStatements[] {
  const ctx = scpContext(loaded);
  return loaded.spec.guardrails.flatMap((use, index): SpecStatements[] => {
    if (isCustomScp(use)) return [{ index, type: 'SERVICE_CONTROL_POLICY', source: `scp:${use.scp}`, statements: use.statements, custom: true }];
    if (isCustomRcp(use)) return [{ index, type: 'RESOURCE_CONTROL_POLICY', source: `rcp:${use.rcp}`, statements: use.statements, custom: true }];
    const guardrail = catalogById.get(use.use);
    const params = use.with ?? {};
    const out: SpecStatements[] = [{ index, type: 'SERVICE_CONTROL_POLICY', source: use.use, statements: guardrail?.scp?.(params, ctx) ?? [], custom: false }];
    if (guardrail?.rcp) out.push({ index, type: 'RESOURCE_CONTROL_POLICY', source: use.use, statements: guardrail.rcp(params, ctx), custom: false });
    return out;
  });
}

function statementsByTarget(loaded: LoadedSpec, type: AuthorizationPolicyType): Map<string, SourcedStatement[]> {
  const out = new Map<string, SourcedStatement[]>();
  const all = statementsOfSpec(loaded);
  for (const { index, source, statements, custom } of all.filter((e) => e.type === type)) {
    for (const target of loaded.spec.guardrails[index].on) {
      const list = out.get(target) ?? [];
      statements.forEach((statement, j) =>
        list.push({
          statement,
          origins: [{ source, sid: statement.Sid, statement, specPath: custom ? ['guardrails', index, 'statements', j] : ['guardrails', index] }],
        }),
      );
      out.set(target, list);
    }
  }
  if (type !== 'SERVICE_CONTROL_POLICY') return out;
  // Role names exempted by any policy (SCP or RCP) are protected by one SCP statement at the Root.
  const protection = protectExemptRoles(
    exemptRolePatterns(all.flatMap((e) => e.statements)),
    loaded.spec.organization.accessRole,
    partitionOf(loaded.spec.organization.homeRegion),
  );
  if (protection) {
    const root = out.get(ROOT) ?? [];
    root.push({
      statement: protection,
      origins: [{ source: EXEMPTION_SOURCE, sid: protection.Sid, statement: protection, specPath: ['organization', 'breakGlass'] }],
    });
    out.set(ROOT, root);
  }
  const allow = automationAllow(scpContext(loaded).automation);
  for (const target of allTargets(loaded.index)) {
    if (settingsOf(loaded, target).fullAwsAccess) continue;
    const list = out.get(target) ?? [];
    list.push({
      statement: allow,
      origins: [{ source: AUTOMATION_SOURCE, sid: allow.Sid, statement: allow, specPath: [...settingsOf(loaded, target).specPath, 'fullAwsAccess'] }],
    });
    out.set(target, list);
  }
  return out;
}

function settingsOf(loaded: LoadedSpec, target: string) {
  const { index } = loaded;
  const node = target === ROOT ? index.root : (index.units.get(target) ?? index.accounts.get(target)!);
  const specPath = target === ROOT ? ['organization'] : 'specPath' in node ? node.specPath : ['organization'];
  return { fullAwsAccess: node.fullAwsAccess, reservedSlots: node.reservedScpSlots, specPath };
}

/** What differs between the two policy types, from AWS Organizations' quotas and managed policies. */
interface PolicyTypeRules {
  type: AuthorizationPolicyType;
  /** "SCP" / "RCP" in messages. */
  short: string;
  sizeLimit: number;
  perTarget: number;
  managed: { name: string; document: PolicyDocument };
  /** FullAWSAccess may be detached (allow-list strategy); RCPFullAWSAccess cannot be detached. */
  managedDetachable: boolean;
  /** reservedScpSlots: Control Tower's own SCPs. */
  reserves: boolean;
}

function rulesFor(loaded: LoadedSpec, type: AuthorizationPolicyType): PolicyTypeRules {
  const { limits } = loaded.spec.organization;
  return type === 'SERVICE_CONTROL_POLICY'
    ? {
        type,
        short: 'SCP',
        sizeLimit: limits.scpSize,
        perTarget: limits.scpsPerTarget,
        managed: FULL_AWS_ACCESS,
        managedDetachable: true,
        reserves: true,
      }
    : {
        type,
        short: 'RCP',
        sizeLimit: limits.rcpSize,
        perTarget: limits.rcpsPerTarget,
        managed: RCP_FULL_AWS_ACCESS,
        managedDetachable: false,
        reserves: false,
      };
}

export function compileScps(loaded: LoadedSpec): { plan: ScpPlan; diagnostics: Diagnostic[] } {
  return compilePolicies(loaded, 'SERVICE_CONTROL_POLICY');
}

export function compileRcps(loaded: LoadedSpec): { plan: PolicyPlan; diagnostics: Diagnostic[] } {
  return compilePolicies(loaded, 'RESOURCE_CONTROL_POLICY');
}

function compilePolicies(loaded: LoadedSpec, type: AuthorizationPolicyType): { plan: PolicyPlan; diagnostics: Diagnostic[] } {
  const { index, source } = loaded;
  const rules = rulesFor(loaded, type);
  const { sizeLimit, short } = rules;
  const diagnostics: Diagnostic[] = [];
  const byTarget = statementsByTarget(loaded, type);
  const plan: PolicyPlan = { type, targets: new Map(), sizeLimit, partition: partitionOf(loaded.spec.organization.homeRegion) };
  const usedNames = new Map<string, string>();

  for (const target of allTargets(index)) {
    const kind = targetKind(index, target)!;
    const settings = settingsOf(loaded, target);
    const fullAwsAccess = rules.managedDetachable ? settings.fullAwsAccess : true;
    const reservedSlots = rules.reserves ? settings.reservedSlots : 0;
    const { specPath } = settings;
    const merged = mergeStatements(byTarget.get(target) ?? []);
    const { documents, oversized } = packStatements(merged, sizeLimit);
    for (const s of oversized) {
      diagnostics.push(
        source.at(
          s.origins[0].specPath,
          `${target}: a statement of ${s.origins[0].source} is ${statementSize(s.statement)} characters; one ${short} holds at most ${sizeLimit}`,
          'split its Action or Resource list across statements',
        ),
      );
    }
    const policies: ServiceControlPolicy[] = [];
    if (fullAwsAccess) {
      const { name, document } = rules.managed;
      policies.push({ name, target, type, document, size: documentSize(document), origins: [[]], awsManaged: true });
    }
    documents.forEach((d, n) => {
      // Two targets whose names slug alike ("a/b", "a_b") must still get distinct policies.
      const name = policyName(target, n + 1, (taken) => usedNames.has(taken) && usedNames.get(taken) !== target, type);
      usedNames.set(name, target);
      policies.push({ name, target, type, document: d.document, size: d.size, origins: d.origins });
    });
    const slotLimit = rules.perTarget - reservedSlots;
    if (policies.length > slotLimit) {
      const contributions = new Map<string, number>();
      for (const s of merged) for (const o of s.origins) contributions.set(o.source, (contributions.get(o.source) ?? 0) + statementSize(o.statement));
      const largest = [...contributions.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([id, chars]) => `${id.replace(/^scp:/, 'custom SCP ').replace(/^rcp:/, 'custom RCP ')} (${chars} characters)`);
      const total = documents.reduce((sum, d) => sum + d.size, 0);
      diagnostics.push(
        source.at(
          target === ROOT ? ['guardrails'] : [...specPath, 'name'],
          `${target}: needs ${policies.length} ${short}s (${documents.length} of ${total} characters${fullAwsAccess ? ` + ${rules.managed.name}` : ''}) but only ${slotLimit} can be attached (${rules.perTarget} per target${reservedSlots ? `, ${reservedSlots} reserved` : ''})`,
          `largest: ${largest.join(', ')}; move one to a parent OU or drop it`,
        ),
      );
    }
    const allowsAnything = policies.some((p) =>
      p.document.Statement.some((s, i) => s.Effect === 'Allow' && p.origins[i]?.some((o) => o.source !== AUTOMATION_SOURCE)),
    );
    if (!fullAwsAccess && !allowsAnything) {
      diagnostics.push(
        source.at(
          [...specPath, 'fullAwsAccess'],
          `${target}: fullAwsAccess is false but no SCP on it allows anything, so every action would be denied there`,
          'add a custom SCP with Allow statements',
        ),
      );
    }
    plan.targets.set(target, { target, kind, fullAwsAccess, policies, slotLimit, reservedSlots });
  }
  return { plan, diagnostics };
}
