/**
 * The whole offline check every command starts with: load and validate the spec,
 * compile its SCPs, RCPs and declarative policies within AWS's limits, lint every statement. Problems come back
 * together, sorted by position.
 */
import { compileRcps, compileScps, statementsOfSpec, type PolicyPlan, type ScpPlan } from '../../scp/compile.ts';
import { loadIamReference, servicesNamedIn } from '../iam/reference.ts';
import { lintSpec } from '../../scp/lint-spec.ts';
import { compileDeclarativePolicies, type DeclarativePlan } from '../../scp/declarative.ts';
import { fromCheck, hasErrors, sortDiagnostics, type Diagnostic } from '../core/diagnostics.ts';
import { parseSpec, type LoadedSpec } from '../spec/load.ts';

export interface Analysis {
  loaded: LoadedSpec;
  scps: ScpPlan;
  /** The organization's Resource Control Policies per target (RCPFullAWSAccess everywhere, plus the spec's). */
  rcps: PolicyPlan;
  /** EC2 declarative policies per target (only targets a declarative guardrail is on). */
  declarative: DeclarativePlan;
  /** Warnings only (errors make the analysis fail). */
  diagnostics: Diagnostic[];
}

export type AnalysisResult = { ok: true; analysis: Analysis } | { ok: false; diagnostics: Diagnostic[] };

export async function analyzeSpec(file: string, text: string): Promise<AnalysisResult> {
  const parsed = parseSpec(file, text);
  if (!parsed.ok) return parsed;
  const { loaded } = parsed;
  const { plan, diagnostics: limits } = compileScps(loaded);
  const { plan: rcps, diagnostics: rcpLimits } = compileRcps(loaded);
  const { plan: declarative, diagnostics: declarativeProblems } = compileDeclarativePolicies(loaded);
  const statements = [...statementsOfSpec(loaded).flatMap((e) => e.statements), ...(loaded.spec.tests ?? []).map((t) => ({ Action: t.action }))];
  const iam = await loadIamReference(servicesNamedIn(statements));
  const diagnostics = sortDiagnostics([
    ...parsed.diagnostics,
    ...[...limits, ...rcpLimits].map(fromCheck('scp-limits')),
    ...declarativeProblems.map(fromCheck('declarative-policy')),
    ...lintSpec(loaded, iam).map(fromCheck('iam-lint')),
  ]);
  return hasErrors(diagnostics) ? { ok: false, diagnostics } : { ok: true, analysis: { loaded, scps: plan, rcps, declarative, diagnostics } };
}
