/** `report`: evaluation results (scan output, or the live organization aggregator) → one compliance model → a format. */
import type { Analysis } from '../../deployment/analyze.ts';
import { configRuleDeployments } from '../../deployment/config-rules.ts';
import { accountNamesById } from '../../model/organization.ts';
import { readAggregator } from './aggregator.ts';
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { ReportBuilder, type ComplianceReport, type EvaluationResult } from './model.ts';
import { renderHtml } from './render-html.ts';
import { renderCsv, renderJson, renderMarkdown } from './render-text.ts';
import { renderAsff } from './asff.ts';
import { renderOcsf } from './ocsf.ts';
import { UserError } from '../../core/errors.ts';

export const REPORT_FORMATS = ['html', 'md', 'csv', 'json', 'asff', 'ocsf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Ecosystem formats name where the findings go: the Security Hub region of the ASFF product ARN. */
export interface RenderOptions {
  region: string;
}

export const renderReport = (report: ComplianceReport, format: ReportFormat, options?: RenderOptions): string =>
  ({ html: renderHtml, md: renderMarkdown, csv: renderCsv, json: renderJson, asff: renderAsff, ocsf: renderOcsf })[format](report, options);

export function reportBuilder(analysis: Analysis): ReportBuilder {
  return new ReportBuilder(configRuleDeployments(analysis.loaded), accountNamesById(analysis.loaded.index));
}

/** Results as `scan --out` writes them. */
export function reportFromEvaluations(analysis: Analysis, document: unknown, source: string): ComplianceReport {
  const evaluations = (document as { evaluations?: unknown })?.evaluations;
  if (!Array.isArray(evaluations)) throw new UserError(`${source}: no "evaluations" list (expected the file \`guardrails scan --out\` writes)`);
  const builder = reportBuilder(analysis);
  evaluations.forEach((e: Partial<EvaluationResult>, i) => {
    if (
      !e ||
      typeof e.configRule !== 'string' ||
      typeof e.accountId !== 'string' ||
      !['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA'].includes(String(e.complianceType))
    ) {
      throw new UserError(`${source}: evaluations[${i}] lacks configRule, accountId or a valid complianceType`);
    }
    builder.add(e as EvaluationResult);
  });
  return builder.build(source);
}

export async function reportFromAggregator(
  analysis: Analysis,
  client: ConfigServiceClient,
  aggregator: string,
  onProgress?: (done: number, total: number) => void,
): Promise<ComplianceReport> {
  const builder = reportBuilder(analysis);
  await readAggregator({ client, aggregator, onProgress }, (r) => builder.add(r));
  return builder.build(`AWS Config aggregator ${aggregator}`);
}
