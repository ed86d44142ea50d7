/**
 * `plan`: what a rollout of the spec creates, offline. Pure: returns the resources
 * and the artifact files; the CLI writes them.
 */
import type { Analysis } from '../analyze.ts';
import { summarizeScps, type ScpTargetSummary } from './plan-scp.ts';

export interface PlanResource {
  type: string;
  name: string;
  account: string;
  region: string;
  /** Set when the resource is adopted (imported) rather than created. */
  importId?: string;
  inputs: Record<string, unknown>;
}

export interface PlanArtifact {
  /** Relative to the output directory. */
  path: string;
  content: string;
}

export interface PlanResult {
  resources: PlanResource[];
  scps: ScpTargetSummary[];
  artifacts: PlanArtifact[];
}

export function scpResources(analysis: Analysis): PlanResource[] {
  const { spec, index } = analysis.loaded;
  const management = [...index.accounts.values()].find((a) => a.isManagement)?.name ?? spec.organization.managementAccountId;
  const region = spec.organization.homeRegion;
  const out: PlanResource[] = [];
  for (const t of analysis.scps.targets.values()) {
    for (const p of t.policies) {
      // FullAWSAccess is attached by AWS itself wherever it is kept; nothing to create.
      if (p.awsManaged) continue;
      out.push({
        type: 'aws:organizations/policy:Policy',
        name: p.name,
        account: management,
        region,
        inputs: { name: p.name, type: 'SERVICE_CONTROL_POLICY', description: `org-guardrails for ${t.target}`, content: JSON.stringify(p.document) },
      });
      out.push({
        type: 'aws:organizations/policyAttachment:PolicyAttachment',
        name: `${p.name}@${t.target}`,
        account: management,
        region,
        inputs: { policy: p.name, target: t.target },
      });
    }
  }
  return out;
}

export function planSpec(analysis: Analysis, resources: PlanResource[] = scpResources(analysis), documents: PlanArtifact[] = []): PlanResult {
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
