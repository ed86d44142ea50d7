/**
 * `scan`: runs the custom Config rules' own evaluation code offline over configuration items
 * (snapshot files) and an IAM credential report. Rules whose input is not in the files say so.
 */
import type { Analysis } from '../../deployment/analyze.ts';
import type { CredentialReport } from '../../../config-rules/framework/credential-report.ts';
import { evaluateItem, evaluationsOf } from '../../../config-rules/framework/evaluate.ts';
import type { ConfigurationItem } from '../../../config-rules/framework/types.ts';
import { EVALUATIONS_FILE_VERSION, type EvaluationRecord, type EvaluationsFile } from '../../../config-rules/framework/evaluation-record.ts';
import { configRulesById } from '../../../config-rules/rules/index.ts';
import { configRuleDeployments } from '../../deployment/config-rules.ts';

/** What `scan --out` writes: the evaluations, and the rules not evaluated with why (a live API call the input does not carry, a managed rule). */
export type ScanResult = EvaluationsFile;

export interface ScanInput {
  items: ConfigurationItem[];
  credentialReport?: CredentialReport;
  now: Date;
}

export function scan(analysis: Analysis, input: ScanInput): ScanResult {
  const { spec, index } = analysis.loaded;
  const knownAccountIds = new Set([...index.accounts.values()].map((a) => a.id).filter(Boolean));
  const evaluations: EvaluationRecord[] = [];
  const skipped: ScanResult['skipped'] = [];
  // IAM users' tags (for exemptions of credential-report rules) come from the snapshot's AWS::IAM::User items.
  const userTags = new Map(input.items.filter((i) => i.resourceType === 'AWS::IAM::User').map((i) => [`${i.accountId}/${i.resourceName}`, i.tags]));

  for (const deployment of configRuleDeployments(analysis.loaded)) {
    const { declaration, guardrail, name } = deployment;
    if (declaration.kind === 'managed') {
      skipped.push({ guardrail: guardrail.id, configRule: name, reason: `AWS managed rule ${declaration.identifier} is evaluated by AWS Config only` });
      continue;
    }
    const rule = configRulesById.get(declaration.ruleId)!;
    const params = rule.parameters(deployment.inputParameters);
    const inScope = new Set(deployment.accounts.map((a) => index.accounts.get(a)?.id).filter(Boolean));
    // Organization-wide rules also cover accounts the spec does not list yet.
    const covers = (accountId: string) => inScope.has(accountId) || (deployment.organizationWide && !knownAccountIds.has(accountId));
    const tag = { guardrail: guardrail.id, configRule: name };

    if (rule.trigger === 'configuration-change') {
      for (const item of input.items) {
        if (!rule.resourceTypes.includes(item.resourceType) || !covers(item.accountId)) continue;
        evaluations.push({ ...tag, ...withoutTimestamp(evaluateItem(rule, item, params, input.now)) });
      }
    } else if (rule.input === 'credential-report' && input.credentialReport) {
      const report = input.credentialReport;
      for (const accountId of new Set(report.rows.map((r) => r.accountId))) {
        if (!covers(accountId)) continue;
        const verdicts = rule.evaluate(report, params, { accountId, now: input.now });
        const tagsOf = (type: string, id: string) => (type === 'AWS::IAM::User' ? userTags.get(`${accountId}/${id}`) : undefined);
        for (const e of evaluationsOf(verdicts, { accountId, region: spec.organization.homeRegion, now: input.now, tagsOf }))
          evaluations.push({ ...tag, ...withoutTimestamp(e) });
      }
    } else {
      const missing = rule.input === 'credential-report' ? 'no --credential-report was given' : 'configuration items do not carry it';
      skipped.push({ ...tag, reason: `needs ${rule.liveCall}; ${missing}` });
    }
  }
  return { version: EVALUATIONS_FILE_VERSION, evaluations, skipped };
}

function withoutTimestamp<T extends { orderingTimestamp: Date }>(e: T): Omit<T, 'orderingTimestamp'> {
  const { orderingTimestamp: _t, ...rest } = e;
  return rest;
}
