/** The policy documents and deployment data `plan --out` writes beside the SCPs, for review in a pull request. */
import type { Analysis } from '../analyze.ts';
import { baselineTemplate } from '../baseline/template.ts';
import { configRuleDeployments } from '../model/config-rules.ts';
import { keyPolicy } from '../policies/key-policy.ts';
import { configBucketPolicy, trailBucketPolicy, trailKeyPolicy, trailNames } from '../policies/trail.ts';
import type { PlanArtifact } from './plan.ts';

const json = (path: string, value: unknown): PlanArtifact => ({ path, content: `${JSON.stringify(value, null, 2)}\n` });
const configBucketName = (logArchiveAccountId: string, homeRegion: string) => `guardrails-config-${logArchiveAccountId}-${homeRegion}`;

export function deploymentDocuments(analysis: Analysis): PlanArtifact[] {
  const { spec, index } = analysis.loaded;
  const org = spec.organization;
  const out: PlanArtifact[] = [];
  const idOf = (name?: string) => (name ? index.accounts.get(name)?.id : undefined);
  const logArchive = idOf(org.logArchiveAccount);
  const audit = idOf(org.auditAccount);
  if (logArchive && org.id) {
    const names = trailNames({
      trailName: spec.logging?.trail.name ?? 'organization-trail',
      managementAccountId: org.managementAccountId,
      logArchiveAccountId: logArchive,
      auditAccountId: audit,
      organizationId: org.id,
      homeRegion: org.homeRegion,
      accessRole: org.accessRole,
    });
    out.push(
      json('policies/trail-key.json', trailKeyPolicy(names)),
      json('policies/trail-bucket.json', trailBucketPolicy(names)),
      json('policies/config-bucket.json', configBucketPolicy(configBucketName(logArchive, org.homeRegion), org.id)),
    );
    out.push(json('baseline/template.json', baselineTemplate({ spec, configBucketName: configBucketName(logArchive, org.homeRegion), auditAccountId: audit })));
  }
  for (const k of spec.keys ?? []) {
    const accountId = idOf(k.account);
    if (accountId)
      out.push(
        json(
          `policies/keys/${k.alias}.json`,
          keyPolicy({ accountId, region: k.region ?? org.homeRegion, organizationId: org.id, admins: k.admins, users: k.users, services: k.services }),
        ),
      );
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
