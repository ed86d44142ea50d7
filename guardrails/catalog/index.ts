/** The catalog is only a list of guardrail modules; add one here and nowhere else. */
import type { Guardrail } from '../guardrail.ts';
import { accessKeyRotation } from './access-key-rotation.ts';
import { consoleMfa } from './console-mfa.ts';
import { denyLeaveOrganization } from './deny-leave-organization.ts';
import { denyRootUser } from './deny-root-user.ts';
import { ebsEncryption } from './ebs-encryption.ts';
import { ec2AllowedImages } from './ec2-allowed-images.ts';
import { ec2ImageBlockPublicAccess } from './ec2-image-block-public-access.ts';
import { ec2InstanceMetadataDefaults } from './ec2-instance-metadata-defaults.ts';
import { ec2SerialConsoleAccess } from './ec2-serial-console-access.ts';
import { ec2SnapshotBlockPublicAccess } from './ec2-snapshot-block-public-access.ts';
import { ec2VpcBlockPublicAccess } from './ec2-vpc-block-public-access.ts';
import { iamPasswordPolicy } from './iam-password-policy.ts';
import { kmsKeys } from './kms-keys.ts';
import { noAdminPolicies } from './no-admin-policies.ts';
import { protectCloudTrail } from './protect-cloudtrail.ts';
import { protectConfig } from './protect-config.ts';
import { protectGuardDuty } from './protect-guardduty.ts';
import { regionRestriction } from './region-restriction.ts';
import { requireImdsv2 } from './require-imdsv2.ts';
import { resourceConfusedDeputy } from './resource-confused-deputy.ts';
import { resourceIdentityPerimeter } from './resource-identity-perimeter.ts';
import { resourceS3KmsEncryption } from './resource-s3-kms-encryption.ts';
import { resourceTlsOnly } from './resource-tls-only.ts';
import { rootCredentials } from './root-credentials.ts';
import { s3AccountPublicAccessBlock } from './s3-account-public-access-block.ts';
import { s3BucketNotPublic } from './s3-bucket-not-public.ts';
import { s3Encryption } from './s3-encryption.ts';
import { securityGroupAdminPorts } from './security-group-admin-ports.ts';
import { vpcFlowLogs } from './vpc-flow-logs.ts';
import { wafPublicLoadBalancers } from './waf-public-load-balancers.ts';
// Benchmark coverage (CIS AWS Foundations Benchmark v5.0.0, AWS Foundational Security Best Practices).
import { accessAnalyzerEnabled } from './access-analyzer-enabled.ts';
import { cloudTrailKms } from './cloudtrail-kms.ts';
import { cloudTrailLogValidation } from './cloudtrail-log-validation.ts';
import { configRecording } from './config-recording.ts';
import { defaultSecurityGroupClosed } from './default-security-group-closed.ts';
import { ebsSnapshotsNotPublic } from './ebs-snapshots-not-public.ts';
import { efsEncrypted } from './efs-encrypted.ts';
import { iamUsersGroupsOnly } from './iam-users-groups-only.ts';
import { naclAdminPorts } from './nacl-admin-ports.ts';
import { rdsEncrypted } from './rds-encrypted.ts';
import { rdsNotPublic } from './rds-not-public.ts';
import { rootHardwareMfa } from './root-hardware-mfa.ts';
import { s3RequireTls } from './s3-require-tls.ts';
import { securityHubEnabled } from './security-hub-enabled.ts';
import { singleActiveAccessKey } from './single-active-access-key.ts';
import { unusedCredentials } from './unused-credentials.ts';

export const catalog: readonly Guardrail[] = [
  denyRootUser,
  rootCredentials,
  consoleMfa,
  accessKeyRotation,
  iamPasswordPolicy,
  noAdminPolicies,
  protectCloudTrail,
  protectConfig,
  protectGuardDuty,
  denyLeaveOrganization,
  regionRestriction,
  s3AccountPublicAccessBlock,
  s3BucketNotPublic,
  s3Encryption,
  ebsEncryption,
  kmsKeys,
  securityGroupAdminPorts,
  vpcFlowLogs,
  requireImdsv2,
  wafPublicLoadBalancers,
  resourceIdentityPerimeter,
  resourceConfusedDeputy,
  resourceTlsOnly,
  resourceS3KmsEncryption,
  ec2VpcBlockPublicAccess,
  ec2SerialConsoleAccess,
  ec2ImageBlockPublicAccess,
  ec2AllowedImages,
  ec2InstanceMetadataDefaults,
  ec2SnapshotBlockPublicAccess,
  rootHardwareMfa,
  unusedCredentials,
  singleActiveAccessKey,
  iamUsersGroupsOnly,
  configRecording,
  accessAnalyzerEnabled,
  securityHubEnabled,
  cloudTrailLogValidation,
  cloudTrailKms,
  s3RequireTls,
  rdsEncrypted,
  efsEncrypted,
  ebsSnapshotsNotPublic,
  defaultSecurityGroupClosed,
  naclAdminPorts,
  rdsNotPublic,
];

export const catalogById: ReadonlyMap<string, Guardrail> = new Map(catalog.map((g) => [g.id, g]));
