/**
 * The report grouped by benchmark control (CIS AWS Foundations, Security Hub controls, …),
 * driven by the `benchmarks` each guardrail declares in the catalog: a control's counts are
 * the sums over the guardrails that cover it. Controls no guardrail declares do not appear.
 */
import { catalogById } from '../../../guardrails/catalog/index.ts';
import type { ComplianceReport } from './model.ts';

export interface BenchmarkSummary {
  framework: string;
  id: string;
  guardrails: string[];
  open: number;
  exempted: number;
  compliant: number;
}

/** Control ids sort as numbers where they are numbers: CIS 1.4 before 1.10, IAM.4 before IAM.10. */
const controlOrder = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

export function byBenchmark(report: ComplianceReport): BenchmarkSummary[] {
  const controls = new Map<string, BenchmarkSummary>();
  for (const g of report.byGuardrail) {
    for (const b of (g.guardrail && catalogById.get(g.guardrail)?.benchmarks) || []) {
      const key = `${b.framework}\u0000${b.id}`;
      let c = controls.get(key);
      if (!c) controls.set(key, (c = { framework: b.framework, id: b.id, guardrails: [], open: 0, exempted: 0, compliant: 0 }));
      c.guardrails.push(g.guardrail!);
      c.open += g.counts.NON_COMPLIANT - g.exempted;
      c.exempted += g.exempted;
      c.compliant += g.counts.COMPLIANT;
    }
  }
  return [...controls.values()].sort((x, y) => x.framework.localeCompare(y.framework) || controlOrder(x.id, y.id));
}
