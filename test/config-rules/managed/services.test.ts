import { describe, expect, it } from 'vitest';
import {
  cloudTrailEncryptionEnabled,
  cloudTrailLogFileValidationEnabled,
  guardDutyEnabledCentralized,
  iamExternalAccessAnalyzerEnabled,
  multiRegionCloudTrailEnabled,
} from '../../../config-rules/managed/services.ts';
import { item } from '../fixtures.ts';

const none = { accountItem: () => undefined };
const trail = (configuration: object, accountId = '666666666666') => ({
  ...item('AWS::CloudTrail::Trail', 'trail', { name: 'trail', ...configuration }),
  accountId,
});
const context = (everyAccount: ReturnType<typeof item>[] = []) => ({ accountId: '666666666666', region: 'us-west-2', everyAccount });

describe('CloudTrail', () => {
  it('CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED and CLOUD_TRAIL_ENCRYPTION_ENABLED read the trail item', () => {
    expect(cloudTrailLogFileValidationEnabled.rule.evaluate(trail({ logFileValidationEnabled: true }), {}, none).complianceType).toBe('COMPLIANT');
    expect(cloudTrailLogFileValidationEnabled.rule.evaluate(trail({ logFileValidationEnabled: false }), {}, none).complianceType).toBe('NON_COMPLIANT');
    expect(cloudTrailEncryptionEnabled.rule.evaluate(trail({ kmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/k' }), {}, none).complianceType).toBe(
      'COMPLIANT',
    );
    expect(cloudTrailEncryptionEnabled.rule.evaluate(trail({}), {}, none).complianceType).toBe('NON_COMPLIANT');
  });
  it('MULTI_REGION_CLOUD_TRAIL_ENABLED: a multi-Region trail of the account, or an organization trail of any account', () => {
    const run = (...items: ReturnType<typeof item>[]) => multiRegionCloudTrailEnabled.evaluate([], {}, context(items))[0].complianceType;
    expect(run(trail({ isMultiRegionTrail: true }))).toBe('COMPLIANT');
    expect(run(trail({ isMultiRegionTrail: true, isOrganizationTrail: true }, '111111111111'))).toBe('COMPLIANT');
    expect(run(trail({ isMultiRegionTrail: true }, '111111111111'))).toBe('NON_COMPLIANT');
    expect(run(trail({ isMultiRegionTrail: false }))).toBe('NON_COMPLIANT');
  });
});

describe('account-level services', () => {
  it('GUARDDUTY_ENABLED_CENTRALIZED: an enabled detector in the region', () => {
    const detector = (Enable: boolean) => item('AWS::GuardDuty::Detector', 'd', { Id: 'd', Enable });
    expect(guardDutyEnabledCentralized.evaluate([detector(true)], {}, context())[0].complianceType).toBe('COMPLIANT');
    expect(guardDutyEnabledCentralized.evaluate([detector(false)], {}, context())[0].complianceType).toBe('NON_COMPLIANT');
    expect(guardDutyEnabledCentralized.evaluate([], {}, context())[0].complianceType).toBe('NON_COMPLIANT');
  });
  it('IAM_EXTERNAL_ACCESS_ANALYZER_ENABLED: an ACCOUNT or ORGANIZATION analyzer, not an unused-access one', () => {
    const analyzer = (Type: string) => item('AWS::AccessAnalyzer::Analyzer', 'a', { AnalyzerName: 'a', Type });
    expect(iamExternalAccessAnalyzerEnabled.evaluate([analyzer('ACCOUNT')], {}, context())[0].complianceType).toBe('COMPLIANT');
    expect(iamExternalAccessAnalyzerEnabled.evaluate([analyzer('ACCOUNT_UNUSED_ACCESS')], {}, context())[0].complianceType).toBe('NON_COMPLIANT');
  });
});
