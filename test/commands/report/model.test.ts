import { catalogById } from '../../../guardrails/catalog/index.ts';
import { describe, expect, it } from 'vitest';
import { reportFromEvaluations, renderReport } from '../../../src/commands/report/report.ts';
import { failingFindings } from '../../../src/commands/report/model.ts';
import { CSV_COLUMNS } from '../../../src/commands/report/render-text.ts';
import { exampleEvaluations } from './fixtures.ts';

const NOW = new Date('2026-11-29T00:00:00Z');

describe('compliance report', async () => {
  const { analysis, document } = await exampleEvaluations();
  const report = reportFromEvaluations(analysis, document, 'evaluations.json', NOW);

  it('counts one result per (rule, account, region, resource) and scores it', () => {
    // Both example KMS keys are NON_COMPLIANT: their items carry no key policy.
    expect(report.summary).toEqual({ COMPLIANT: 47, NON_COMPLIANT: 54, NOT_APPLICABLE: 12 });
    expect(report.score).toBe(46.5);
    expect(report.exempted).toBe(4);
    const doubled = reportFromEvaluations(analysis, { version: 1, evaluations: [...document.evaluations, ...document.evaluations] }, 'x', NOW);
    expect(doubled.summary).toEqual(report.summary);
  });

  it('maps rules back to guardrails and areas, including organization rule names in member accounts', () => {
    const sg = report.byGuardrail.find((g) => g.guardrail === 'security-group-admin-ports')!;
    expect(sg).toMatchObject({
      area: 'network',
      severity: 'critical',
      known: true,
      counts: { NON_COMPLIANT: 5, COMPLIANT: 4, NOT_APPLICABLE: 0 },
      exempted: 1,
    });
    const orgNamed = reportFromEvaluations(
      analysis,
      {
        version: 1,
        evaluations: [
          {
            configRule: 'OrgConfigRule-guardrails-console-mfa-a1b2c3d4',
            accountId: '555555555555',
            region: 'us-east-1',
            resourceType: 'AWS::IAM::User',
            resourceId: 'x',
            complianceType: 'NON_COMPLIANT',
            annotation: 'console password without MFA',
          },
          {
            configRule: 'securityhub-s3-bucket-logging-enabled-1a2b3c',
            accountId: '555555555555',
            region: 'us-east-1',
            resourceType: 'AWS::S3::Bucket',
            resourceId: 'b',
            complianceType: 'NON_COMPLIANT',
          },
        ],
      },
      'x',
      NOW,
    );
    expect(orgNamed.findings.map((f) => [f.guardrail, f.area, f.account])).toEqual([
      ['console-mfa', 'identity', 'prod-app'],
      [null, 'unknown', 'prod-app'],
    ]);
    expect(orgNamed.byGuardrail.find((g) => !g.known)).toMatchObject({
      title: 'Config rule securityhub-s3-bucket-logging-enabled-1a2b3c (not in the spec)',
      counts: { NON_COMPLIANT: 1 },
    });
  });

  it('lists every NON_COMPLIANT resource as a finding; exempted ones do not fail', () => {
    expect(report.findings).toHaveLength(54);
    expect(failingFindings(report)).toHaveLength(50);
    expect(
      report.findings
        .filter((f) => f.exemption)
        .map((f) => f.resourceId)
        .sort(),
    ).toEqual(['AIDAEXAMPLECARL00001', 'AIDAEXAMPLECARL00001', 'AIDAEXAMPLECARL00001', 'sg-0e55f66a77b88c99d']);
  });

  it('json has the contract shape', () => {
    const json = JSON.parse(renderReport(report, 'json'));
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['summary', 'byGuardrail', 'byAccount', 'findings']));
    expect(json.summary).toEqual({ COMPLIANT: 47, NON_COMPLIANT: 54, NOT_APPLICABLE: 12 });
    expect(json.findings[0]).toMatchObject({
      accountId: expect.any(String),
      region: expect.any(String),
      resourceId: expect.any(String),
      annotation: expect.any(String),
    });
  });

  it('csv: a header and one quoted row per finding', () => {
    const lines = renderReport(report, 'csv').trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(55);
    expect(lines.find((l) => l.includes('dev-static-site'))).toBe(
      'critical,s3-bucket-not-public,encryption,guardrails-s3-bucket-not-public,666666666666,dev-app,us-west-2,AWS::S3::Bucket,dev-static-site,,,"bucket policy statement PublicRead allows s3:GetObject to Principal ""*"" without a condition fixing the callers",' +
        // benchmarks and remediation, from the guardrail's catalog entry
        `"CIS AWS Foundations Benchmark v5.0.0 2.1.4; AWS Foundational Security Best Practices S3.2; AWS Foundational Security Best Practices S3.3",` +
        `"${catalogById.get('s3-bucket-not-public')!.remediation!.replace(/"/g, '""')}"`,
    );
    expect(lines.find((l) => l.includes('AIDAEXAMPLECARL00001'))).toMatch(
      /,2026-12-20,MIG-88 legacy CI, replaced by OIDC in December,|,2026-12-20,"MIG-88 legacy CI, replaced by OIDC in December",/,
    );
  });

  it('md: score, guardrail table and findings for a pull request comment', () => {
    const md = renderReport(report, 'md');
    expect(md).toMatch(/^## Guardrail compliance: 46.5%$/m);
    expect(md).toMatch(/^\| security-group-admin-ports \| network \| critical \| 4 \| 1 \| 4 \|$/m);
    expect(md).toMatch(
      /\| critical \| s3-bucket-not-public \| dev-app \(666666666666\) \| us-west-2 \| AWS::S3::Bucket dev-static-site \| bucket policy statement PublicRead/,
    );
    // Open findings come first; past 50 the list says how many there are, and the exempted ones show as such.
    expect(md).toMatch(/^### Findings \(first 50 of 54\)$/m);
    expect(renderReport({ ...report, findings: report.findings.filter((f) => f.exemption) }, 'md')).toMatch(/_exempted until 2027-01-31_/);
  });

  it('html: self-contained, escaped, with the data embedded safely', () => {
    const hostile = reportFromEvaluations(
      analysis,
      {
        version: 1,
        evaluations: [
          {
            configRule: 'guardrails-console-mfa',
            accountId: '555555555555',
            region: 'us-east-1',
            resourceType: 'AWS::IAM::User',
            resourceId: '</script><img src=x onerror=alert(1)>',
            complianceType: 'NON_COMPLIANT',
            annotation: '<b>x</b>',
          },
        ],
      },
      'x',
      NOW,
    );
    const html = renderReport(hostile, 'html');
    expect(html).not.toMatch(/<\/script><img/);
    expect(html).not.toMatch(/\b(src|href)=["']?https?:/);
    const page = renderReport(report, 'html');
    expect(page).toMatch(/<svg id="donut"/);
    expect(page).toMatch(/<table class="matrix">/);
  });
});
