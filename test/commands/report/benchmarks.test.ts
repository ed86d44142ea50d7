import { describe, expect, it } from 'vitest';
import { reportFromEvaluations, renderReport } from '../../../src/commands/report/report.ts';
import { byBenchmark } from '../../../src/commands/report/benchmarks.ts';
import { CSV_COLUMNS } from '../../../src/commands/report/render-text.ts';
import { exampleEvaluations } from './fixtures.ts';

describe('benchmark controls and remediation in reports', async () => {
  const { analysis, document } = await exampleEvaluations();
  const report = reportFromEvaluations(analysis, document, 'evaluations.json');

  it('groups results by the controls guardrails declare, numerically ordered, with the sums of their guardrails', () => {
    const controls = byBenchmark(report);
    expect(controls.map((c) => `${c.framework} ${c.id}`)).toEqual([
      'AWS Foundational Security Best Practices EC2.53',
      'AWS Foundational Security Best Practices EC2.54',
      'AWS Foundational Security Best Practices IAM.4',
      'AWS Foundational Security Best Practices IAM.9',
      'CIS AWS Foundations Benchmark v5.0.0 1.3',
      'CIS AWS Foundations Benchmark v5.0.0 1.4',
    ]);
    const sg = report.byGuardrail.find((g) => g.guardrail === 'security-group-admin-ports')!;
    expect(controls[0]).toEqual({
      framework: 'AWS Foundational Security Best Practices',
      id: 'EC2.53',
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
    expect(md).toMatch(/\| root-credentials \|.*\| Sign in as the root user/);
    const [header, ...rows] = renderReport(report, 'csv').trimEnd().split('\r\n');
    expect(header.split(',').slice(-2)).toEqual(['benchmarks', 'remediation']);
    expect(CSV_COLUMNS).toContain('remediation');
    expect(rows.find((r) => r.includes('root-credentials'))).toContain('CIS AWS Foundations Benchmark v5.0.0 1.3; ');
    const html = renderReport(report, 'html');
    expect(html).toContain('<section id="benchmarks"><h2>By benchmark control</h2>');
    expect(html).toContain('"remediation":"Sign in as the root user');
  });

  it('findings of guardrails without declared controls carry none, and no empty section is shown', () => {
    const noControls = {
      ...report,
      byGuardrail: report.byGuardrail.filter((g) => !['root-credentials', 'security-group-admin-ports'].includes(g.guardrail ?? '')),
    };
    expect(byBenchmark(noControls)).toEqual([]);
    expect(renderReport(noControls, 'md')).not.toContain('By benchmark control');
    expect(report.findings.find((f) => f.guardrail === 'no-admin-policies')).not.toHaveProperty('remediation');
  });
});
