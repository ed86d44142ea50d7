/**
 * `report --format ocsf`: every NON_COMPLIANT result as an OCSF Compliance Finding
 * (class_uid 2003, category Findings), one JSON object per line, with the `cloud` profile
 * for the account and region. Ids and enum values are those of the OCSF schema release named
 * in `metadata.version` (github.com/ocsf/ocsf-schema, events/findings/compliance_finding.json,
 * dictionary.json, objects/compliance.json).
 */
import type { ComplianceReport, Finding } from './model.ts';
import { findingId } from './asff.ts';
import { partitionOf } from '../../model/names.ts';
import { AWS_REGIONS } from '../../model/regions.ts';

export const OCSF_VERSION = '1.8.0';

const CLASS_UID = 2003; // Findings (2) * 1000 + Compliance Finding (3)
const ACTIVITY_CREATE = 1;
/** dictionary.json severity_id. */
const SEVERITY_IDS: Record<string, [number, string]> = { critical: [5, 'Critical'], high: [4, 'High'], medium: [3, 'Medium'], low: [2, 'Low'] };
/** finding status_id: 1 New, 3 Suppressed (reviewed and accepted). */
const STATUS_NEW: [number, string] = [1, 'New'];
const STATUS_SUPPRESSED: [number, string] = [3, 'Suppressed'];
/** objects/compliance.json status_id 3: Fail. */
const COMPLIANCE_FAIL: [number, string] = [3, 'Fail'];
/** objects/account.json type_id 10: AWS Account. */
const AWS_ACCOUNT = 10;

/** Config reports account-wide and IAM results under a pseudo-region such as "global"; OCSF gets real regions only. */
const regionOf = (f: Finding) => (AWS_REGIONS.has(f.region) ? { region: f.region, cloud_partition: partitionOf(f.region) } : {});

export function ocsfComplianceFinding(f: Finding, time: number): Record<string, unknown> {
  const [severityId, severity] = SEVERITY_IDS[f.severity] ?? [0, 'Unknown'];
  const [statusId, status] = f.exemption ? STATUS_SUPPRESSED : STATUS_NEW;
  const account = { uid: f.accountId, type_id: AWS_ACCOUNT, type: 'AWS Account', ...(f.account ? { name: f.account } : {}) };
  const benchmarks = f.benchmarks ?? [];
  return {
    activity_id: ACTIVITY_CREATE,
    activity_name: 'Create',
    category_uid: 2,
    category_name: 'Findings',
    class_uid: CLASS_UID,
    class_name: 'Compliance Finding',
    type_uid: CLASS_UID * 100 + ACTIVITY_CREATE,
    type_name: 'Compliance Finding: Create',
    severity_id: severityId,
    severity,
    status_id: statusId,
    status,
    time,
    message: f.annotation,
    metadata: {
      version: OCSF_VERSION,
      profiles: ['cloud'],
      uid: findingId(f),
      product: { name: 'org-guardrails', vendor_name: 'org-guardrails' },
    },
    cloud: { provider: 'AWS', ...regionOf(f), account },
    finding_info: {
      uid: findingId(f),
      title: f.guardrail ? `${f.title} (${f.guardrail})` : `Config rule ${f.configRule}`,
      desc: f.annotation,
      types: ['Compliance'],
      product: { name: 'org-guardrails', vendor_name: 'org-guardrails' },
      ...(f.guardrail ? { analytic: { uid: f.guardrail, name: f.title, type_id: 1, type: 'Rule' } } : {}),
    },
    compliance: {
      control: f.guardrail ?? f.configRule,
      status_id: COMPLIANCE_FAIL[0],
      status: COMPLIANCE_FAIL[1],
      ...(benchmarks.length
        ? { standards: [...new Set(benchmarks.map((b) => b.framework))], requirements: benchmarks.map((b) => `${b.framework}/${b.id}`) }
        : {}),
    },
    ...(f.remediation ? { remediation: { desc: f.remediation } } : {}),
    ...(f.exemption ? { comment: `Exempted until ${f.exemption.until}: ${f.exemption.reason}` } : {}),
    resources: [
      {
        uid: f.resourceId,
        type: f.resourceType,
        ...regionOf(f),
        owner: { account },
      },
    ],
    unmapped: { configRule: f.configRule, ...(f.exemption ? { exemptUntil: f.exemption.until } : {}) },
  };
}

/** JSON Lines: one event per line, no enclosing array, so a SIEM can stream it. */
export function renderOcsf(report: ComplianceReport): string {
  const time = Date.parse(report.generatedAt);
  return report.findings.map((f) => `${JSON.stringify(ocsfComplianceFinding(f, time))}\n`).join('');
}
