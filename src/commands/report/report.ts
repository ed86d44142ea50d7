/** `report`: evaluation results (scan output, or the live organization aggregator) → one compliance model → a format. */
import type { Analysis } from '../../deployment/analyze.ts';
import { configRuleDeployments } from '../../deployment/config-rules.ts';
import { accountNamesById } from '../../model/organization.ts';
import { readAggregator } from './aggregator.ts';
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { ReportBuilder, type ComplianceReport } from './model.ts';
import { checkEvaluationsFile } from '../../../config-rules/framework/evaluation-record.ts';
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

export function reportBuilder(analysis: Analysis, now?: Date): ReportBuilder {
  return new ReportBuilder(configRuleDeployments(analysis.loaded), accountNamesById(analysis.loaded.index), now);
}

/** Results as `scan --out` writes them (a versioned file, checked against its schema before anything is counted). */
export function reportFromEvaluations(analysis: Analysis, document: unknown, source: string, now?: Date): ComplianceReport {
  const checked = checkEvaluationsFile(document);
  if ('problems' in checked) throw new UserError(`${source}: ${checked.problems.join('; ')}`, 'report --input reads the file `guardrails scan --out` writes');
  const builder = reportBuilder(analysis, now);
  for (const e of checked.file.evaluations) builder.add(e);
  return builder.build(source);
}

export async function reportFromAggregator(
  analysis: Analysis,
  client: ConfigServiceClient,
  aggregator: string,
  onProgress?: (done: number, total: number) => void,
  now?: Date,
): Promise<ComplianceReport> {
  const builder = reportBuilder(analysis, now);
  await readAggregator({ client, aggregator, onProgress }, (r) => builder.add(r));
  return builder.build(`AWS Config aggregator ${aggregator}`);
}
