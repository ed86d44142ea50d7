import { describe, expect, it } from 'vitest';
import { reportFromEvaluations, renderReport } from '../../../src/commands/report/report.ts';
import { byBenchmark } from '../../../src/commands/report/benchmarks.ts';
import { CSV_COLUMNS } from '../../../src/commands/report/render-text.ts';
import { exampleEvaluations } from './fixtures.ts';
import { catalogById } from '../../../guardrails/catalog/index.ts';

describe('benchmark controls and remediation in reports', async () => {
  const { analysis, document } = await exampleEvaluations();
  const report = reportFromEvaluations(analysis, document, 'evaluations.json');

  it('groups results by the controls guardrails declare, numerically ordered, with the sums of their guardrails', () => {
    const controls = byBenchmark(report);
    const names = controls.map((c) => `${c.framework} ${c.id}`);
    // Numeric order within a framework: CIS 1.4 before 1.13, FSBP EC2.13 before EC2.14 and IAM.4 before IAM.9.
    for (const [a, b] of [
      ['CIS AWS Foundations Benchmark v5.0.0 1.4', 'CIS AWS Foundations Benchmark v5.0.0 1.13'],
      ['AWS Foundational Security Best Practices EC2.13', 'AWS Foundational Security Best Practices EC2.14'],
      ['AWS Foundational Security Best Practices IAM.4', 'AWS Foundational Security Best Practices IAM.9'],
    ])
      expect(names.indexOf(a), `${a} before ${b}`).toBeLessThan(names.indexOf(b));
    const sg = report.byGuardrail.find((g) => g.guardrail === 'security-group-admin-ports')!;
    expect(controls.find((c) => c.id === 'EC2.13')).toEqual({
      framework: 'AWS Foundational Security Best Practices',
      id: 'EC2.13',
      guardrails: ['security-group-admin-ports'],
      open: sg.counts.NON_COMPLIANT - sg.exempted,
      exempted: sg.exempted,
      compliant: sg.counts.COMPLIANT,
    });
  });

  it('puts the remediation next to each finding in every format', () => {
    const fix = report.findings.find((f) => f.guardrail === 'root-credentials')!.remediation!;
    expect(fix).toMatch(/MFA/);
    expect(JSON.parse(renderReport(report, 'json')).findings.find((f: any) => f.guardrail === 'root-credentials').remediation).toBe(fix);
    const md = renderReport(report, 'md');
    expect(md).toContain('### By benchmark control');
    expect(md).toMatch(/\| root-credentials \|.*\| Delete the root access keys/);
    const [header, ...rows] = renderReport(report, 'csv').trimEnd().split('\r\n');
    expect(header.split(',').slice(-2)).toEqual(['benchmarks', 'remediation']);
    expect(CSV_COLUMNS).toContain('remediation');
    expect(rows.find((r) => r.includes('root-credentials'))).toContain('CIS AWS Foundations Benchmark v5.0.0 1.3; ');
    const html = renderReport(report, 'html');
    expect(html).toContain('<section id="benchmarks"><h2>By benchmark control</h2>');
    expect(html).toContain(`"remediation":${JSON.stringify(fix).slice(0, 40)}`);
  });

  it('findings of guardrails without declared controls carry none, and no empty section is shown', () => {
    const noControls = {
      ...report,
      byGuardrail: report.byGuardrail.filter((g) => !catalogById.get(g.guardrail ?? '')?.benchmarks?.length),
      findings: report.findings.filter((f) => !catalogById.get(f.guardrail ?? '')?.benchmarks?.length),
    };
    expect(byBenchmark(noControls)).toEqual([]);
    expect(renderReport(noControls, 'md')).not.toContain('By benchmark control');
    // A finding of a rule the spec does not know has no guardrail, so no remediation either.
    const unknown = reportFromEvaluations(
      analysis,
      {
        version: 1,
        evaluations: [
          {
            configRule: 'someone-elses-rule',
            accountId: '666666666666',
            region: 'us-east-1',
            resourceType: 'AWS::S3::Bucket',
            resourceId: 'b',
            complianceType: 'NON_COMPLIANT',
          },
        ],
      },
      'x',
    );
    expect(unknown.findings[0]).not.toHaveProperty('remediation');
    expect(unknown.findings[0]).not.toHaveProperty('benchmarks');
  });
});
