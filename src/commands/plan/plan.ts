/**
 * `plan`: what a rollout of the spec creates, offline. Pure: returns the resources
 * and the artifact files; the CLI writes them.
 */
import type { Analysis } from '../../deployment/analyze.ts';
import type { PlanArtifact } from '../../deployment/documents.ts';
import type { PlanResource } from '../../../stacks/preview.ts';
import { summarizeScps, type ScpTargetSummary } from './scp-summary.ts';

export interface PlanResult {
  resources: PlanResource[];
  scps: ScpTargetSummary[];
  artifacts: PlanArtifact[];
}

export function planSpec(analysis: Analysis, resources: PlanResource[], documents: PlanArtifact[] = []): PlanResult {
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
  artifacts.push({ path: 'plan.json', content: `${JSON.stringify({ resources }, null, 2)}\n` });
  return { resources, scps, artifacts };
}
