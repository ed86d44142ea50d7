import { describe, expect, it } from 'vitest';
import { parseCredentialReport } from '../../../config-rules/framework/credential-report.ts';
import { accessKeyAge } from '../../../config-rules/rules/access-key-age.ts';
import { context, csv, report } from './credential-report-rules.fixture.ts';

describe('access-key-age', () => {
  it('active keys older than the maximum are noncompliant, younger ones compliant', () => {
    const out = Object.fromEntries(
      accessKeyAge.evaluate(report(true, false), { maxAgeDays: 90 }, context).map((v) => [v.resourceId, `${v.complianceType} ${v.annotation ?? ''}`.trim()]),
    );
    expect(out).toEqual({
      '111122223333': 'NOT_APPLICABLE no active access keys',
      alice: 'COMPLIANT',
      bob: 'NON_COMPLIANT key 1 is 181 days old (maximum 90)',
      ci: 'NOT_APPLICABLE no active access keys',
    });
    expect(
      accessKeyAge.evaluate(report(true, false), accessKeyAge.parameters({ maxAgeDays: '365' }), context).find((v) => v.resourceId === 'bob')?.complianceType,
    ).toBe('COMPLIANT');
  });
  it('an unreadable rotation date is never taken as young, and the parameter is required', () => {
    const garbled = parseCredentialReport(
      csv.replace('ROOTMFA', 'true').replace('ROOTKEY', 'false').replace('2026-11-01T00:00:00+00:00,2026-11-28', 'last Tuesday,2026-11-28'),
    );
    expect(accessKeyAge.evaluate(garbled, { maxAgeDays: 90 }, context).find((v) => v.resourceId === 'alice')).toMatchObject({
      complianceType: 'NON_COMPLIANT',
      annotation: 'key 1 has no readable rotation date (maximum 90)',
    });
    expect(() => accessKeyAge.parameters({})).toThrow('rule parameter maxAgeDays is missing');
  });
  it('rejects a file that is not a credential report', () => {
    expect(() => parseCredentialReport('name,value\na,b\n')).toThrow(/not an IAM credential report: no "user" column/);
  });
});
