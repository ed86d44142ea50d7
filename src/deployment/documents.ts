/** The policy documents and deployment data `plan --out` writes beside the SCPs, for review in a pull request. */
import type { Analysis } from './analyze.ts';
import { baselineTemplate } from './baseline-template.ts';
import { configRuleDeployments } from './config-rules.ts';
import { createsOrganizationTrail } from './adoption.ts';
import { specKeyPolicy } from './key-policy.ts';
import { deploymentNames } from '../model/names.ts';
import { configBucketPolicy, trailBucketPolicy, trailKeyPolicy } from './trail.ts';

/** A file `plan --out` writes. */
export interface PlanArtifact {
  /** Relative to the output directory. */
  path: string;
  content: string;
}

const json = (path: string, value: unknown): PlanArtifact => ({ path, content: `${JSON.stringify(value, null, 2)}\n` });
export function deploymentDocuments(analysis: Analysis): PlanArtifact[] {
  const { spec, index } = analysis.loaded;
  const org = spec.organization;
  const out: PlanArtifact[] = [];
  const idOf = (name?: string) => (name ? index.accounts.get(name)?.id : undefined);
  const names = deploymentNames(spec, idOf);
  if (names) {
    // An existing organization trail keeps its own key and bucket: nothing of ours to review.
    if (createsOrganizationTrail(spec.logging.trail))
      out.push(json('policies/trail-key.json', trailKeyPolicy(names)), json('policies/trail-bucket.json', trailBucketPolicy(names)));
    out.push(
      json('policies/config-bucket.json', configBucketPolicy(names)),
      json('baseline/template.json', baselineTemplate({ spec, configBucketName: names.configBucketName, auditAccountId: names.auditAccountId })),
    );
  }
  for (const k of spec.keys ?? []) {
    const accountId = idOf(k.account);
    if (accountId) out.push(json(`policies/keys/${k.alias}.json`, specKeyPolicy(k, { accountId, region: k.region ?? org.homeRegion, organizationId: org.id })));
  }
  out.push(
    json(
      'config-rules.json',
      configRuleDeployments(analysis.loaded).map((d) => ({
        name: d.name,
        guardrail: d.guardrail.id,
        ...(d.declaration.kind === 'managed' ? { managedRule: d.declaration.identifier } : { customRule: d.declaration.ruleId }),
        inputParameters: d.inputParameters,
        regions: d.declaration.scope === 'global' ? [org.homeRegion] : org.allowedRegions,
        targets: d.targets,
        accounts: d.organizationWide ? 'all accounts of the organization' : d.accounts,
      })),
    ),
  );
  return out;
}
