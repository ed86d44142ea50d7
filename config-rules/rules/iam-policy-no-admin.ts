/**
 * Customer managed policies must not grant everything: an Allow of Action "*" (or "*:*") on
 * Resource "*", or an Allow of NotAction on "*" (everything but a few actions). Configuration
 * items carry each policy version's document URL-encoded; the default version is the one in force.
 */
import { asList } from '../../src/iam/policy.ts';
import { statementsOf } from '../framework/policy-document.ts';
import type { ChangeTriggeredRule } from '../framework/types.ts';

const isAll = (v: string) => v === '*' || v === '*:*';

export const iamPolicyNoAdmin: ChangeTriggeredRule<Record<string, never>> = {
  id: 'iam-policy-no-admin',
  description: 'No customer managed policy grants "*" on "*"',
  trigger: 'configuration-change',
  resourceTypes: ['AWS::IAM::Policy'],
  parameters: () => ({}),
  evaluate(item) {
    const versions: { document?: string; isDefaultVersion?: boolean; versionId?: string }[] = item.configuration?.policyVersionList ?? [];
    const version = versions.find((v) => v.isDefaultVersion) ?? versions[0];
    if (!version?.document) return { complianceType: 'NOT_APPLICABLE', annotation: 'no policy document in the configuration item' };
    const findings: string[] = [];
    statementsOf(decodeURIComponent(version.document)).forEach((s, i) => {
      if (s.Effect !== 'Allow' || !asList(s.Resource).some(isAll)) return;
      const name = s.Sid ?? `#${i + 1}`;
      if (asList(s.Action).some(isAll)) findings.push(`statement ${name} allows Action "*" on Resource "*"`);
      else if (s.NotAction !== undefined) findings.push(`statement ${name} allows every action but ${asList(s.NotAction).join(', ')} on Resource "*"`);
    });
    return findings.length
      ? { complianceType: 'NON_COMPLIANT', annotation: `${version.versionId ?? 'default version'}: ${findings.join('; ')}` }
      : { complianceType: 'COMPLIANT' };
  },
};
