import { describe, expect, it } from 'vitest';
import { reportFromEvaluations, renderReport } from '../../../src/commands/report/report.ts';
import { asffFinding, asffFindings, findingId, type AsffOptions } from '../../../src/commands/report/asff.ts';
import type { Finding } from '../../../src/commands/report/model.ts';
import { exampleEvaluations } from './fixtures.ts';
import { schemaErrors } from '../../fixtures/schemas.ts';

describe('report --format asff', async () => {
  const { analysis, document } = await exampleEvaluations();
  const report = reportFromEvaluations(analysis, document, 'evaluations.json');
  const options: AsffOptions = { region: 'eu-west-1' };
  const { Findings } = JSON.parse(renderReport(report, 'asff', options));

  it('writes one finding per NON_COMPLIANT result that satisfies every documented ASFF constraint', () => {
    expect(Findings).toHaveLength(report.summary.NON_COMPLIANT);
    expect(schemaErrors('asff-2018-10-08.schema.json', { Findings })).toEqual([]);
  });

  it('the check can fail: a missing required attribute or an over-long title is caught', () => {
    const { Title: _title, ...noTitle } = Findings[0];
    expect(schemaErrors('asff-2018-10-08.schema.json', { Findings: [noTitle] }).join()).toMatch(/Title/);
    expect(schemaErrors('asff-2018-10-08.schema.json', { Findings: [{ ...Findings[0], Title: 'x'.repeat(257) }] }).join()).toMatch(/256/);
  });

  it("names each finding's own account in AwsAccountId and in the custom integration's product ARN", () => {
    for (const f of Findings) expect(f.ProductArn).toBe(`arn:aws:securityhub:eu-west-1:${f.AwsAccountId}:product/${f.AwsAccountId}/default`);
    const root = Findings.find((f: any) => f.GeneratorId === 'root-credentials');
    expect(root).toMatchObject({
      AwsAccountId: '666666666666',
      Severity: { Label: 'CRITICAL' },
      Compliance: {
        Status: 'FAILED',
        RelatedRequirements: expect.arrayContaining(['CIS AWS Foundations Benchmark v5.0.0/1.4', 'AWS Foundational Security Best Practices/IAM.4']),
      },
      Remediation: { Recommendation: { Text: expect.stringMatching(/MFA/) } },
      Resources: [{ Type: 'AwsAccount', Id: 'AWS::::Account:666666666666', Partition: 'aws', Region: 'us-east-1' }],
      Types: expect.arrayContaining(['Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark v5.0.0']),
    });
    const sg = Findings.find((f: any) => f.Resources[0].Type === 'AwsEc2SecurityGroup');
    expect(sg.Resources[0].Id).toMatch(/^arn:aws:ec2:[a-z0-9-]+:\d{12}:security-group\/sg-/);
  });

  it('marks exempted findings SUPPRESSED with the reason, and only those', () => {
    const suppressed = Findings.filter((f: any) => f.Workflow?.Status === 'SUPPRESSED');
    expect(suppressed).toHaveLength(report.exempted);
    expect(suppressed.map((f: any) => f.Note.Text).join('\n')).toMatch(/Exempted until 2027-01-31: SEC-1423 vendor bastion/);
    expect(Findings.filter((f: any) => !f.Workflow).length).toBe(Findings.length - report.exempted);
  });

  it('gives a result the same Id on every run, and distinct results distinct Ids', () => {
    const later = asffFindings({ ...report, generatedAt: '2027-03-01T00:00:00.000Z' }, options);
    expect(later.map((f) => f.Id)).toEqual(Findings.map((f: any) => f.Id));
    expect(new Set(later.map((f) => f.Id)).size).toBe(later.length);
    expect(later[0].UpdatedAt).toBe('2027-03-01T00:00:00.000Z');
  });

  it('keeps long or odd resource ids within the 512-character Id and the other limits', () => {
    const base: Finding = { ...report.findings[0], resourceId: `arn:aws:s3:::${'b'.repeat(600)}`, annotation: 'a'.repeat(5000), remediation: 'r'.repeat(900) };
    const f = asffFinding(base, options);
    expect(f.Id!.length).toBeLessThanOrEqual(512);
    expect(asffFinding(base, options).Id).toBe(f.Id);
    expect(findingId({ ...base, resourceId: `${base.resourceId}x` })).not.toBe(f.Id);
    expect(schemaErrors('asff-2018-10-08.schema.json', { Findings: [f] })).toEqual([]);
  });

  it('never writes a blank resource id', () => {
    const f = asffFinding({ ...report.findings[0], resourceId: '', resourceType: '' }, options);
    expect(f.Resources![0]).toMatchObject({ Type: 'Other', Id: `AWS::::Account:${report.findings[0].accountId}` });
    expect(schemaErrors('asff-2018-10-08.schema.json', { Findings: [f] })).toEqual([]);
  });

  it('uses the partition of the import region in the product ARN', () => {
    expect(asffFinding(report.findings[0], { region: 'cn-north-1' }).ProductArn).toMatch(/^arn:aws-cn:securityhub:cn-north-1:/);
  });
});
