import { describe, expect, it } from 'vitest';
import { reportFromEvaluations, renderReport } from '../../../src/commands/report/report.ts';
import { OCSF_VERSION } from '../../../src/commands/report/ocsf.ts';
import { findingId } from '../../../src/commands/report/asff.ts';
import { exampleEvaluations } from './fixtures.ts';
import { schemaErrors } from '../../fixtures/schemas.ts';

describe('report --format ocsf', async () => {
  const { analysis, document } = await exampleEvaluations();
  const report = reportFromEvaluations(analysis, document, 'evaluations.json');
  const text = renderReport(report, 'ocsf', { region: 'eu-west-1' });
  const events = text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));

  it('writes one Compliance Finding (class 2003) per line for each NON_COMPLIANT result, valid against the OCSF class schema', () => {
    expect(events).toHaveLength(report.summary.NON_COMPLIANT);
    for (const e of events) expect(schemaErrors('ocsf-1.8.0-compliance_finding.schema.json', e)).toEqual([]);
    expect(events[0]).toMatchObject({ class_uid: 2003, category_uid: 2, type_uid: 200301, metadata: { version: OCSF_VERSION, profiles: ['cloud'] } });
  });

  it('the schema check can fail: a misspelt or missing attribute is caught', () => {
    const { compliance: _c, ...noCompliance } = events[0];
    expect(schemaErrors('ocsf-1.8.0-compliance_finding.schema.json', noCompliance).join()).toMatch(/compliance/);
    expect(schemaErrors('ocsf-1.8.0-compliance_finding.schema.json', { ...events[0], severty_id: 5 }).join()).toMatch(/additional/);
    expect(schemaErrors('ocsf-1.8.0-compliance_finding.schema.json', { ...events[0], class_uid: 2001 }).join()).toMatch(/class_uid/);
  });

  it('carries account, region, benchmark requirements, remediation and exemptions', () => {
    const root = events.find((e) => e.compliance.control === 'root-credentials');
    expect(root).toMatchObject({
      severity_id: 5,
      cloud: { provider: 'AWS', account: { uid: '666666666666', type_id: 10 } },
      compliance: { status_id: 3, requirements: expect.arrayContaining(['CIS AWS Foundations Benchmark v5.0.0/1.3']) },
      remediation: { desc: expect.stringMatching(/MFA/) },
    });
    const suppressed = events.filter((e) => e.status_id === 3);
    expect(suppressed).toHaveLength(report.exempted);
    expect(suppressed.every((e) => /^Exempted until \d{4}-\d{2}-\d{2}: /.test(e.comment))).toBe(true);
    expect(events.map((e) => e.finding_info.uid)).toEqual(report.findings.map(findingId));
  });
});
