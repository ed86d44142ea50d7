/** Runs the spec's own `tests` against the effective SCP chain (principal) and RCP chain (resource owner). */
import type { Analysis } from '../../deployment/analyze.ts';
import type { DecidedBy, DecisionKind } from '../../../scp/simulate.ts';
import { simulatorOf } from '../../deployment/simulator.ts';
import type { PolicyTestSpec } from '../../model/spec.ts';

export interface PolicyTestResult {
  name: string;
  expect: PolicyTestSpec['expect'];
  decision: DecisionKind;
  pass: boolean;
  decidedBy?: DecidedBy;
  reason: string;
}

export const expectationMet = (expect: PolicyTestSpec['expect'], decision: DecisionKind): boolean =>
  expect === 'allow' ? decision === 'allowed' : expect === 'deny' ? decision !== 'allowed' : expect === decision;

export function runPolicyTests(analysis: Analysis): PolicyTestResult[] {
  const { spec } = analysis.loaded;
  const simulator = simulatorOf(analysis);
  return (spec.tests ?? []).map((t) => {
    const d = simulator.simulate({ ...t, region: t.region ?? spec.organization.homeRegion });
    return { name: t.name, expect: t.expect, decision: d.decision, pass: expectationMet(t.expect, d.decision), decidedBy: d.decidedBy, reason: d.reason };
  });
}
