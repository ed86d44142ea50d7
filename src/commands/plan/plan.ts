/**
 * `plan`: what a rollout of the spec creates, offline. Pure: returns the resources
 * and the artifact files; the CLI writes them.
 */
import type { Analysis } from '../../deployment/analyze.ts';
import type { PlanArtifact } from '../../deployment/documents.ts';
import type { PlanResource } from '../../../stacks/preview.ts';
import type { Rehearsal } from '../../../stacks/rehearsal/rehearse.ts';
import { summarizePolicies, summarizeScps, type ScpTargetSummary } from './scp-summary.ts';
import { effectiveDeclarativePolicy, type EffectiveDeclarativePolicy } from '../../../scp/declarative.ts';

export interface PlanResult {
  resources: PlanResource[];
  scps: ScpTargetSummary[];
  rcps: ScpTargetSummary[];
  /** Per account, its effective EC2 declarative policy ("attached to the root, it applies to all accounts in your organization"). */
  declarative: EffectiveDeclarativePolicy[];
  artifacts: PlanArtifact[];
  /** The deployment rehearsal's verdict (absent when only the organization part could be planned). */
  rehearsal?: Rehearsal;
}

export function planSpec(analysis: Analysis, resources: PlanResource[], documents: PlanArtifact[] = [], rehearsal?: Rehearsal): PlanResult {
  const artifacts: PlanArtifact[] = [...documents];
  for (const t of analysis.scps.targets.values()) {
    for (const p of t.policies) {
      if (p.awsManaged) continue;
      // Exactly the document sent to AWS: minified, as its size is measured.
      artifacts.push({ path: `scp/${t.target}/${p.name}.json`, content: JSON.stringify(p.document) });
    }
  }
  for (const t of analysis.rcps.targets.values())
    for (const p of t.policies) if (!p.awsManaged) artifacts.push({ path: `rcp/${t.target}/${p.name}.json`, content: JSON.stringify(p.document) });
  for (const p of analysis.declarative.targets.values())
    artifacts.push({ path: `declarative/${p.target}/${p.name}.json`, content: JSON.stringify(p.document) });
  const { index } = analysis.loaded;
  const declarative =
    analysis.declarative.targets.size === 0 ? [] : [...index.accounts.keys()].map((name) => effectiveDeclarativePolicy(analysis.declarative, index, name));
  for (const e of declarative) artifacts.push({ path: `declarative/effective/${e.account}.json`, content: `${JSON.stringify(e.document, null, 2)}\n` });
  const scps = summarizeScps(analysis);
  const rcps = summarizePolicies(analysis, analysis.rcps);
  artifacts.push({ path: 'scp/summary.json', content: `${JSON.stringify(scps, null, 2)}\n` });
  if (rcps.length) artifacts.push({ path: 'rcp/summary.json', content: `${JSON.stringify(rcps, null, 2)}\n` });
  artifacts.push({ path: 'plan.json', content: `${JSON.stringify({ resources, ...(rehearsal ? { rehearsal } : {}) }, null, 2)}\n` });
  return { resources, scps, rcps, declarative, artifacts, rehearsal };
}
