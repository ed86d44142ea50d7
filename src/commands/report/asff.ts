/**
 * `report --format asff`: every NON_COMPLIANT result as an AWS Security Finding Format
 * (2018-10-08) finding, for Security Hub's BatchImportFindings. Field rules and limits come
 * from the Security Hub User Guide, "AWS Security Finding Format (ASFF)" (required top-level
 * attributes; Title 256 and Description 1,024 characters; up to 32 Resources and 32
 * RelatedRequirements; Note and Recommendation text 512) and the partner guide "Guidelines for
 * mapping findings into the ASFF" (resubmitting the same Id updates the finding).
 *
 * A custom integration's findings use the product ARN
 * `arn:<partition>:securityhub:<region>:<account>:product/<account>/default`, and with that
 * ARN BatchImportFindings accepts a finding only from the account named in its AwsAccountId
 * (API reference, BatchImportFindings), so each finding names its own account in both.
 */
import { createHash } from 'node:crypto';
import type { AwsSecurityFinding, Resource } from '@aws-sdk/client-securityhub';
import type { ComplianceReport, Finding } from './model.ts';
import { AWS_REGIONS } from '../../model/regions.ts';
import { partitionOf } from '../../model/names.ts';

export const ASFF_SCHEMA_VERSION = '2018-10-08';

/** Lengths AWS documents for ASFF string fields; longer values are rejected by BatchImportFindings. */
export const ASFF_LIMITS = { Id: 512, Title: 256, Description: 1024, NoteText: 512, RecommendationText: 512, RelatedRequirements: 32 } as const;

export const customProductArn = (region: string, account: string) => `arn:${partitionOf(region)}:securityhub:${region}:${account}:product/${account}/default`;

/**
 * AWS Config resource types → ASFF resource types ("Resources" in the ASFF; anything else is
 * `Other`), with the ARN built from the Config resource id where that id is the resource's name.
 */
const RESOURCE_TYPES: Record<string, { type: string; arn?: (id: string, account: string, region: string, partition: string) => string }> = {
  'AWS::::Account': { type: 'AwsAccount', arn: (id) => `AWS::::Account:${id}` },
  'AWS::S3::Bucket': { type: 'AwsS3Bucket', arn: (id, _a, _r, p) => `arn:${p}:s3:::${id}` },
  'AWS::EC2::SecurityGroup': { type: 'AwsEc2SecurityGroup', arn: (id, a, r, p) => `arn:${p}:ec2:${r}:${a}:security-group/${id}` },
  'AWS::EC2::Instance': { type: 'AwsEc2Instance', arn: (id, a, r, p) => `arn:${p}:ec2:${r}:${a}:instance/${id}` },
  'AWS::EC2::VPC': { type: 'AwsEc2Vpc', arn: (id, a, r, p) => `arn:${p}:ec2:${r}:${a}:vpc/${id}` },
  'AWS::EC2::Volume': { type: 'AwsEc2Volume', arn: (id, a, r, p) => `arn:${p}:ec2:${r}:${a}:volume/${id}` },
  'AWS::KMS::Key': { type: 'AwsKmsKey', arn: (id, a, r, p) => `arn:${p}:kms:${r}:${a}:key/${id}` },
  'AWS::CloudTrail::Trail': { type: 'AwsCloudTrailTrail' },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': { type: 'AwsElbv2LoadBalancer' },
  // Config's resource id of IAM users and policies is the unique id (AIDA…, ANPA…), not the name an ARN needs.
  'AWS::IAM::User': { type: 'AwsIamUser' },
  'AWS::IAM::Policy': { type: 'AwsIamPolicy' },
  'AWS::IAM::Role': { type: 'AwsIamRole' },
};

const SEVERITY_LABELS: Record<string, string> = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW' };

/** ASFF finding types ("Types taxonomy for ASFF"): namespace/category/classifier; AWS's own best practices have their own category. */
const BEST_PRACTICES = 'Software and Configuration Checks/AWS Security Best Practices';
function typesOf(f: Finding): string[] {
  const types = (f.benchmarks ?? []).map((b) =>
    /^AWS Foundational Security Best Practices/.test(b.framework)
      ? BEST_PRACTICES
      : `Software and Configuration Checks/Industry and Regulatory Standards/${b.framework.replace(/\//g, '-')}`,
  );
  return types.length ? [...new Set(types)] : [BEST_PRACTICES];
}

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** The same (Config rule, account, region, resource) always gets the same Id, so a re-import updates the finding. */
export function findingId(f: Pick<Finding, 'configRule' | 'accountId' | 'region' | 'resourceType' | 'resourceId'>): string {
  const plain = `org-guardrails/${f.configRule}/${f.accountId}/${f.region}/${f.resourceType}/${f.resourceId}`;
  return plain.length <= ASFF_LIMITS.Id ? plain : `org-guardrails/${f.configRule}/sha256-${createHash('sha256').update(plain).digest('hex')}`;
}

function resourceOf(f: Finding): Resource {
  const partition = partitionOf(f.region);
  const known = RESOURCE_TYPES[f.resourceType];
  // Resource.Id must not be blank; a result without a resource id is about the account.
  const id = !f.resourceId
    ? `AWS::::Account:${f.accountId}`
    : f.resourceId.startsWith('arn:')
      ? f.resourceId
      : (known?.arn?.(f.resourceId, f.accountId, f.region, partition) ?? f.resourceId);
  return {
    Type: known?.type ?? 'Other',
    Id: id,
    // The API's Partition enum has only these three; elsewhere the ARN in Id carries it.
    ...(['aws', 'aws-cn', 'aws-us-gov'].includes(partition) ? { Partition: partition as Resource['Partition'] } : {}),
    // Config reports account-wide and IAM results under a pseudo-region such as "global".
    ...(AWS_REGIONS.has(f.region) ? { Region: f.region } : {}),
    Details: { Other: { configResourceType: f.resourceType, configResourceId: f.resourceId } },
  };
}

export interface AsffOptions {
  /** The region findings are imported into (the Security Hub aggregator region); it names the product ARN. */
  region: string;
  /** CreatedAt/UpdatedAt (default: when the report was generated). */
  now?: Date;
}

export function asffFinding(f: Finding, options: AsffOptions): AwsSecurityFinding {
  const at = (options.now ?? new Date()).toISOString();
  const severity = SEVERITY_LABELS[f.severity] ?? 'INFORMATIONAL';
  const what = f.guardrail ? `${f.title} (${f.guardrail})` : `Config rule ${f.configRule}`;
  const types = typesOf(f);
  const requirements = (f.benchmarks ?? []).map((b) => `${b.framework}/${b.id}`).slice(0, ASFF_LIMITS.RelatedRequirements);
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: findingId(f),
    ProductArn: customProductArn(options.region, f.accountId),
    ProductName: 'org-guardrails',
    CompanyName: 'org-guardrails',
    GeneratorId: f.guardrail ?? `config-rule/${f.configRule}`,
    AwsAccountId: f.accountId,
    Types: types,
    CreatedAt: at,
    UpdatedAt: at,
    Severity: { Label: severity as 'CRITICAL', Original: f.severity },
    FindingProviderFields: { Severity: { Label: severity as 'CRITICAL', Original: f.severity }, Types: types },
    Title: clip(`${what}: ${f.resourceType} ${f.resourceId}`, ASFF_LIMITS.Title),
    Description: clip(f.annotation || `${f.resourceType} ${f.resourceId} does not comply with ${what}.`, ASFF_LIMITS.Description),
    ...(f.remediation ? { Remediation: { Recommendation: { Text: clip(f.remediation, ASFF_LIMITS.RecommendationText) } } } : {}),
    ProductFields: {
      'org-guardrails/configRule': f.configRule,
      ...(f.account ? { 'org-guardrails/account': f.account } : {}),
      ...(f.guardrail ? { 'org-guardrails/guardrail': f.guardrail } : {}),
      ...(f.exemption ? { 'org-guardrails/exemptUntil': f.exemption.until, 'org-guardrails/exemptReason': f.exemption.reason } : {}),
    },
    Resources: [resourceOf(f)],
    Compliance: { Status: 'FAILED', ...(requirements.length ? { RelatedRequirements: requirements } : {}) },
    RecordState: 'ACTIVE',
    // An exempted resource stays NON_COMPLIANT; Security Hub shows it suppressed, with the reason as a note.
    ...(f.exemption
      ? {
          Workflow: { Status: 'SUPPRESSED' },
          Note: { Text: clip(`Exempted until ${f.exemption.until}: ${f.exemption.reason}`, ASFF_LIMITS.NoteText), UpdatedBy: 'org-guardrails', UpdatedAt: at },
        }
      : {}),
  };
}

export const asffFindings = (report: ComplianceReport, options: AsffOptions): AwsSecurityFinding[] =>
  report.findings.map((f) => asffFinding(f, { now: new Date(report.generatedAt), ...options }));

/** The file form, as `aws securityhub batch-import-findings --cli-input-json` reads it. */
export function renderAsff(report: ComplianceReport, options?: AsffOptions): string {
  if (!options?.region) throw new Error('ASFF findings need the Security Hub region of their product ARN');
  return `${JSON.stringify({ Findings: asffFindings(report, options) }, null, 2)}\n`;
}
