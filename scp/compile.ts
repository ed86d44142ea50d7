/**
 * spec → the SCP documents every target (Root, OU, account) gets, within AWS's limits.
 * Pure and deterministic: an unchanged spec yields byte-identical documents and names.
 */
import { catalogById } from '../guardrails/catalog/index.ts';
import type { ScpContext } from '../guardrails/guardrail.ts';
import type { Diagnostic } from '../src/core/diagnostics.ts';
import type { LoadedSpec } from '../src/spec/load.ts';
import { isCustomScp } from '../src/model/spec.ts';
import { allTargets, ROOT, targetKind, type TargetKind } from '../src/model/organization.ts';
import { automationRolePatterns, partitionOf, policyName } from '../src/model/names.ts';
import { mergeStatements, packStatements, statementSize, type SourcedStatement, type StatementOrigin } from './pack.ts';
import { AUTOMATION_SOURCE, automationAllow, EXEMPTION_SOURCE, exemptRolePatterns, protectExemptRoles } from './protect-exemptions.ts';
import { FULL_AWS_ACCESS, documentSize, type PolicyDocument, type PolicyStatement } from '../src/iam/policy.ts';

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
  return { breakGlass: org.breakGlass, automation: automationRolePatterns(partitionOf(org.homeRegion)), allowedRegions: org.allowedRegions };
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
      policies.push({
        name: FULL_AWS_ACCESS.name,
        target,
        document: FULL_AWS_ACCESS.document,
        size: documentSize(FULL_AWS_ACCESS.document),
        origins: [[]],
        awsManaged: true,
      });
    documents.forEach((d, n) => {
      // Two targets whose names slug alike ("a/b", "a_b") must still get distinct policies.
      const name = policyName(target, n + 1, (taken) => usedNames.has(taken) && usedNames.get(taken) !== target);
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
