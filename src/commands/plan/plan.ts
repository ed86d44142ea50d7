/**
 * `plan`: what a rollout of the spec creates, offline. Pure: returns the resources
 * and the artifact files; the CLI writes them.
 */
import type { Analysis } from '../../deployment/analyze.ts';
import type { PlanArtifact } from '../../deployment/documents.ts';
import type { PlanResource } from '../../../stacks/preview.ts';
import type { Rehearsal } from '../../../stacks/rehearsal/rehearse.ts';
import { summarizeScps, type ScpTargetSummary } from './scp-summary.ts';

export interface PlanResult {
  resources: PlanResource[];
  scps: ScpTargetSummary[];
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
  const scps = summarizeScps(analysis);
  artifacts.push({ path: 'scp/summary.json', content: `${JSON.stringify(scps, null, 2)}\n` });
  artifacts.push({ path: 'plan.json', content: `${JSON.stringify({ resources, ...(rehearsal ? { rehearsal } : {}) }, null, 2)}\n` });
  return { resources, scps, artifacts, rehearsal };
}
