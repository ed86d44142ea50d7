/**
 * spec → the SCP documents every target (Root, OU, account) gets, within AWS's limits.
 * Pure and deterministic: an unchanged spec yields byte-identical documents and names.
 */
import { catalogById } from '../guardrails/catalog/index.ts';
import { POLICY_NAME } from '../src/model/organizations-names.ts';
import type { ScpContext } from '../guardrails/guardrail.ts';
import type { Diagnostic } from '../src/core/diagnostics.ts';
import type { LoadedSpec } from '../src/spec/load.ts';
import { isCustomScp } from '../src/model/spec.ts';
import { allTargets, ROOT, targetKind, type TargetKind } from '../src/model/organization.ts';
import { mergeStatements, packStatements, statementSize, type SourcedStatement, type StatementOrigin } from './pack.ts';
import { EXEMPTION_SOURCE, exemptRolePatterns, protectExemptRoles } from './protect-exemptions.ts';
import { FULL_AWS_ACCESS, FULL_AWS_ACCESS_NAME, documentSize, type PolicyDocument, type PolicyStatement } from '../src/iam/policy.ts';

/** Role that service-managed StackSets run as in member accounts; the baseline needs it exempt from protective denies. */
export const STACKSET_EXECUTION_ROLE = 'arn:aws:iam::*:role/stacksets-exec-*';

export interface ServiceControlPolicy {
  name: string;
  target: string;
  document: PolicyDocument;
  /** UTF-8 bytes of the minified document as sent to AWS. */
  size: number;
  /** For each statement, the guardrails/custom SCPs it came from. */
  origins: StatementOrigin[][];
  /** AWS-managed policy (FullAWSAccess): attached, never created. */
  awsManaged?: boolean;
}

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
  targets: Map<string, TargetPolicies>;
  sizeLimit: number;
}

export function scpContext(loaded: LoadedSpec): ScpContext {
  const org = loaded.spec.organization;
  return { breakGlass: org.breakGlass, automation: [STACKSET_EXECUTION_ROLE], allowedRegions: org.allowedRegions };
}

/** Deterministic policy names, unique in the organization; readable from the target. */
export function policyName(target: string, n: number): string {
  const slug = target.replace(/[^A-Za-z0-9_.-]+/g, '_');
  return withinNameLimit(`guardrails-${slug}`, `-${n}`, target);
}

/** AWS's CreatePolicy takes names of at most 128 characters: a longer one keeps its start, and a digest of the whole target keeps it unique. */
function withinNameLimit(stem: string, tail: string, target: string): string {
  if (stem.length + tail.length <= POLICY_NAME.maxLength) return `${stem}${tail}`;
  const suffix = `-${shortHash(target)}${tail}`;
  return `${stem.slice(0, POLICY_NAME.maxLength - suffix.length)}${suffix}`;
}

/** Every guardrail entry's statements, in spec order: the one place a spec entry becomes statements (compile and lint read it). */
export function statementsOfSpec(loaded: LoadedSpec): { index: number; source: string; statements: PolicyStatement[]; custom: boolean }[] {
  const ctx = scpContext(loaded);
  return loaded.spec.guardrails.map((use, index) => {
    if (isCustomScp(use)) return { index, source: `scp:${use.scp}`, statements: use.statements, custom: true };
    const guardrail = catalogById.get(use.use);
    return { index, source: use.use, statements: guardrail?.scp?.(use.with ?? {}, ctx) ?? [], custom: false };
  });
}

function statementsByTarget(loaded: LoadedSpec): Map<string, SourcedStatement[]> {
  const out = new Map<string, SourcedStatement[]>();
  for (const { index, source, statements, custom } of statementsOfSpec(loaded)) {
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
  const protection = protectExemptRoles(exemptRolePatterns([...out.values()].flat().map((s) => s.statement)), loaded.spec.organization.accessRole);
  if (protection) {
    const root = out.get(ROOT) ?? [];
    root.push({
      statement: protection,
      origins: [{ source: EXEMPTION_SOURCE, sid: protection.Sid, statement: protection, specPath: ['organization', 'breakGlass'] }],
    });
    out.set(ROOT, root);
  }
  return out;
}

function settingsOf(loaded: LoadedSpec, target: string) {
  const { index } = loaded;
  const node = target === ROOT ? index.root : (index.units.get(target) ?? index.accounts.get(target)!);
  const specPath = target === ROOT ? ['organization'] : 'specPath' in node ? node.specPath : ['organization'];
  return { fullAwsAccess: node.fullAwsAccess, reservedSlots: node.reservedScpSlots, specPath };
}

export function compileScps(loaded: LoadedSpec): { plan: ScpPlan; diagnostics: Diagnostic[] } {
  const { spec, index, source } = loaded;
  const { scpSize, scpsPerTarget } = spec.organization.limits;
  const diagnostics: Diagnostic[] = [];
  const byTarget = statementsByTarget(loaded);
  const plan: ScpPlan = { targets: new Map(), sizeLimit: scpSize };
  const usedNames = new Map<string, string>();

  for (const target of allTargets(index)) {
    const kind = targetKind(index, target)!;
    const { fullAwsAccess, reservedSlots, specPath } = settingsOf(loaded, target);
    const merged = mergeStatements(byTarget.get(target) ?? []);
    const { documents, oversized } = packStatements(merged, scpSize);
    for (const s of oversized) {
      diagnostics.push(
        source.at(
          s.origins[0].specPath,
          `${target}: a statement of ${s.origins[0].source} is ${statementSize(s.statement)} bytes; one SCP holds at most ${scpSize}`,
          'split its Action or Resource list across statements',
        ),
      );
    }
    const policies: ServiceControlPolicy[] = [];
    if (fullAwsAccess)
      policies.push({ name: FULL_AWS_ACCESS_NAME, target, document: FULL_AWS_ACCESS, size: documentSize(FULL_AWS_ACCESS), origins: [[]], awsManaged: true });
    documents.forEach((d, n) => {
      let name = policyName(target, n + 1);
      // Two targets whose names slug alike ("a/b", "a_b") must still get distinct policies.
      const owner = usedNames.get(name);
      if (owner !== undefined && owner !== target) name = withinNameLimit(name, `-${shortHash(target)}`, `${target}\u0000`);
      usedNames.set(name, target);
      policies.push({ name, target, document: d.document, size: d.size, origins: d.origins });
    });
    const slotLimit = scpsPerTarget - reservedSlots;
    if (policies.length > slotLimit) {
      const contributions = new Map<string, number>();
      for (const s of merged) for (const o of s.origins) contributions.set(o.source, (contributions.get(o.source) ?? 0) + statementSize(o.statement));
      const largest = [...contributions.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([id, bytes]) => `${id.replace(/^scp:/, 'custom SCP ')} (${bytes} bytes)`);
      const total = documents.reduce((sum, d) => sum + d.size, 0);
      diagnostics.push(
        source.at(
          target === ROOT ? ['guardrails'] : [...specPath, 'name'],
          `${target}: needs ${policies.length} SCPs (${documents.length} of ${total} bytes${fullAwsAccess ? ' + FullAWSAccess' : ''}) but only ${slotLimit} can be attached (${scpsPerTarget} per target${reservedSlots ? `, ${reservedSlots} reserved` : ''})`,
          `largest: ${largest.join(', ')}; move one to a parent OU or drop it`,
        ),
      );
    }
    if (!fullAwsAccess && !policies.some((p) => p.document.Statement.some((s) => s.Effect === 'Allow'))) {
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

function shortHash(text: string): string {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h.toString(16).padStart(8, '0').slice(0, 6);
}
