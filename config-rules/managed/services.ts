/** Managed rules over CloudTrail, GuardDuty and Access Analyzer items, and the ones only live APIs can answer. */
import { accountEvaluator, accountResource, docOf, itemEvaluator, verdict, type LiveOnly } from './types.ts';

/** cloud-trail-log-file-validation-enabled: the trail validates its log files. */
export const cloudTrailLogFileValidationEnabled = itemEvaluator('CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED', ['AWS::CloudTrail::Trail'], (item) =>
  verdict(item.configuration.logFileValidationEnabled === true, 'log file validation is off'),
);

/** cloud-trail-encryption-enabled: the trail encrypts its logs with a KMS key (kmsKeyId). */
export const cloudTrailEncryptionEnabled = itemEvaluator('CLOUD_TRAIL_ENCRYPTION_ENABLED', ['AWS::CloudTrail::Trail'], (item) =>
  verdict(typeof item.configuration.kmsKeyId === 'string' && item.configuration.kmsKeyId !== '', 'the trail does not encrypt its logs with a KMS key'),
);

/**
 * multi-region-cloud-trail-enabled: at least one multi-Region trail covers the account. An
 * organization trail covers every member account (they see it as their own), so one recorded in
 * any account of the input counts.
 */
export const multiRegionCloudTrailEnabled = accountEvaluator(
  'MULTI_REGION_CLOUD_TRAIL_ENABLED',
  ['AWS::CloudTrail::Trail'],
  (_items, _params, { accountId, everyAccount }) => {
    const trail = everyAccount.find(
      (i) =>
        i.resourceType === 'AWS::CloudTrail::Trail' &&
        i.configuration?.isMultiRegionTrail === true &&
        (i.accountId === accountId || i.configuration?.isOrganizationTrail === true),
    );
    return [
      {
        ...accountResource(accountId),
        ...verdict(trail !== undefined, 'no multi-Region trail covers the account', trail && `multi-Region trail ${trail.resourceName ?? trail.resourceId}`),
      },
    ];
  },
);

/** guardduty-enabled-centralized: an enabled GuardDuty detector in the region. */
export const guardDutyEnabledCentralized = accountEvaluator('GUARDDUTY_ENABLED_CENTRALIZED', ['AWS::GuardDuty::Detector'], (items, _params, { accountId }) => {
  const on = items.some((i) => i.resourceType === 'AWS::GuardDuty::Detector' && (i.configuration?.Enable ?? i.configuration?.enable) === true);
  return [{ ...accountResource(accountId), ...verdict(on, 'no enabled GuardDuty detector in the region') }];
});

/** iam-external-access-analyzer-enabled: an external-access analyzer (type ACCOUNT or ORGANIZATION) in the region. */
export const iamExternalAccessAnalyzerEnabled = accountEvaluator(
  'IAM_EXTERNAL_ACCESS_ANALYZER_ENABLED',
  ['AWS::AccessAnalyzer::Analyzer'],
  (items, _params, { accountId }) => {
    const on = items.some(
      (i) => i.resourceType === 'AWS::AccessAnalyzer::Analyzer' && ['ACCOUNT', 'ORGANIZATION'].includes(String(i.configuration?.Type ?? i.configuration?.type)),
    );
    return [{ ...accountResource(accountId), ...verdict(on, 'no IAM Access Analyzer for external access in the region') }];
  },
);

const live = (identifier: string, needs: string): LiveOnly => ({ identifier, doc: docOf(identifier), kind: 'live-only', needs });

/** Managed rules that read APIs no configuration item or credential report carries. */
export const liveOnly: LiveOnly[] = [
  live('EC2_EBS_ENCRYPTION_BY_DEFAULT', 'ec2:GetEbsEncryptionByDefault'),
  live('IAM_PASSWORD_POLICY', 'iam:GetAccountPasswordPolicy'),
  live('ALB_WAF_ENABLED', 'wafv2:GetWebACLForResource (the load balancer item does not name its web ACL)'),
  live('SECURITYHUB_ENABLED', 'securityhub:DescribeHub'),
  live('EBS_SNAPSHOT_PUBLIC_RESTORABLE_CHECK', 'ec2:DescribeSnapshots with RestorableByUserIds=all'),
  live(
    'ROOT_ACCOUNT_HARDWARE_MFA_ENABLED',
    'iam:GetAccountSummary and iam:ListVirtualMFADevices (the credential report says whether root has MFA, not which kind)',
  ),
];

export const serviceEvaluators = [
  cloudTrailLogFileValidationEnabled,
  cloudTrailEncryptionEnabled,
  multiRegionCloudTrailEnabled,
  guardDutyEnabledCentralized,
  iamExternalAccessAnalyzerEnabled,
];
