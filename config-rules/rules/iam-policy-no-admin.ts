/**
 * Customer managed policies must not grant everything: an Allow of every action (Action "*",
 * "*:*", or NotAction: everything but a few) on every resource (Resource "*", "arn:*", or
 * NotResource: everything but a few). "Every" is judged by IAM's own wildcard matching, so
 * spellings like "arn:*" or "*:?*" count. Configuration items carry each policy version's
 * document URL-encoded; the default version is the one in force.
 */
import { asList } from '../../src/iam/policy.ts';
import { admitsEveryAction, admitsEveryResource, statementsOf } from '../framework/policy-document.ts';
import type { ChangeTriggeredRule } from '../framework/types.ts';

export const iamPolicyNoAdmin: ChangeTriggeredRule<Record<string, never>> = {
  id: 'iam-policy-no-admin',
  description: 'No customer managed policy grants every action on every resource',
  trigger: 'configuration-change',
  resourceTypes: ['AWS::IAM::Policy'],
  parameters: () => ({}),
  evaluate(item) {
    const versions: { document?: string; isDefaultVersion?: boolean; versionId?: string }[] = asList(item.configuration.policyVersionList);
    const version = versions.find((v) => v?.isDefaultVersion) ?? versions[0];
    if (!version?.document) return { complianceType: 'NON_COMPLIANT', annotation: 'could not evaluate: no policy document in the configuration item' };
    const findings: string[] = [];
    statementsOf(decodeURIComponent(version.document)).forEach((s, i) => {
      if (s.Effect !== 'Allow') return;
      const everyResource = s.NotResource !== undefined || asList(s.Resource).some((r) => admitsEveryResource(String(r)));
      if (!everyResource) return;
      const on =
        s.NotResource !== undefined
          ? `every resource but ${asList(s.NotResource).join(', ')}`
          : `Resource ${JSON.stringify(asList(s.Resource).find((r) => admitsEveryResource(String(r))))}`;
      const name = s.Sid ?? `#${i + 1}`;
      const all = asList(s.Action).find((a) => admitsEveryAction(String(a)));
      if (all !== undefined) findings.push(`statement ${name} allows Action ${JSON.stringify(all)} on ${on}`);
      else if (s.NotAction !== undefined) findings.push(`statement ${name} allows every action but ${asList(s.NotAction).join(', ')} on ${on}`);
    });
    return findings.length
      ? { complianceType: 'NON_COMPLIANT', annotation: `${version.versionId ?? 'default version'}: ${findings.join('; ')}` }
      : { complianceType: 'COMPLIANT' };
  },
};
