/**
 * Customer managed KMS keys rotate, and their key policies keep them inside the organization:
 * an Allow to Principal "*" needs a condition pinning callers (aws:PrincipalOrgID and the like),
 * and an account principal must be the key's own account, a trusted account, or pinned to the
 * organization by aws:PrincipalOrgID. Periodic: reads the KMS API live. Offline, `scan` reads
 * AWS::KMS::Key configuration items, which carry DescribeKey's KeyMetadata and, in
 * supplementaryConfiguration, KeyRotationStatus — and no key policy (AWS Config resource schema,
 * awslabs/aws-config-resource-schema: AWS::KMS::Key.properties.json). A key is judged on both
 * halves, so one whose policy (or rotation status) the input does not carry is never COMPLIANT:
 * NON_COMPLIANT saying what could not be evaluated, as the framework does with every unreadable
 * item (rotation off is still reported as such). Automatic rotation applies to symmetric encryption
 * keys with KMS key material, multi-Region keys included; a replica shares its primary's rotation
 * status but has its own key policy (KMS Developer Guide, "Rotating AWS KMS keys"; KMS API
 * Reference, ReplicateKey).
 */
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  paginateListKeys,
  paginateListResourceTags,
} from '@aws-sdk/client-kms';
import { stringList } from '../framework/parameters.ts';
import { awsPrincipals, restrictingCondition, statementsOf } from '../framework/policy-document.ts';
import type { ConfigurationItem, PeriodicRule } from '../framework/types.ts';

export interface KmsKeyFacts {
  keyId: string;
  arn: string;
  accountId: string;
  manager: 'AWS' | 'CUSTOMER';
  state: string;
  /** Only symmetric encryption keys with key material from KMS support automatic rotation (multi-Region ones too). */
  rotationSupported: boolean;
  /** Undefined when the input does not carry the rotation status. */
  rotationEnabled?: boolean;
  /** The key policy; undefined when the input does not carry it (configuration items never do). */
  policy?: string;
}

/** CreateKey's defaults: KeySpec SYMMETRIC_DEFAULT, Origin AWS_KMS (a field the input leaves out is not read as exempting the key). */
const rotationSupported = (keySpec: unknown, origin: unknown) =>
  (keySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT' && (origin ?? 'AWS_KMS') === 'AWS_KMS';

/** Why the offline check cannot judge a key's policy. */
export const POLICY_NOT_IN_ITEMS = 'AWS::KMS::Key configuration items do not carry the key policy (the live rule reads kms:GetKeyPolicy)';

/** A key's facts from its AWS::KMS::Key configuration item (configuration is DescribeKey's KeyMetadata; KeyRotationStatus a boolean, a string in the API dialect). */
export function kmsKeyFactsOfItem(item: ConfigurationItem): KmsKeyFacts {
  const c = item.configuration;
  const rotation = item.supplementaryConfiguration.KeyRotationStatus;
  return {
    keyId: String(c.keyId ?? item.resourceId),
    arn: String(c.arn ?? item.arn ?? ''),
    accountId: item.accountId,
    manager: c.keyManager === 'AWS' ? 'AWS' : 'CUSTOMER',
    state: String(c.keyState ?? ''),
    rotationSupported: rotationSupported(c.keySpec ?? c.customerMasterKeySpec, c.origin),
    rotationEnabled: rotation === true || rotation === 'true' ? true : rotation === false || rotation === 'false' ? false : undefined,
  };
}

const accountOf = (principal: string) => (/^\d{12}$/.test(principal) ? principal : principal.split(':')[4]);

/** What the key policy grants beyond the organization: Principal "*" unpinned, or accounts neither the key's, trusted, nor pinned to the organization. */
function policyFindings(policy: string, keyAccountId: string, organizationId: string | undefined, trustedAccounts: string[]): string[] {
  const findings: string[] = [];
  statementsOf(policy).forEach((s, i) => {
    if (s.Effect !== 'Allow') return;
    const name = s.Sid ?? `#${i + 1}`;
    const pinned = restrictingCondition(s.Condition);
    const orgPinned = Object.values(s.Condition ?? {}).some((keys) =>
      Object.entries(keys).some(([key, v]) => key.toLowerCase() === 'aws:principalorgid' && (!organizationId || [v].flat().includes(organizationId))),
    );
    for (const p of awsPrincipals(s.Principal)) {
      if (p === '*') {
        if (!pinned) findings.push(`statement ${name} allows Principal "*" without a condition pinning callers`);
      } else {
        const account = accountOf(p);
        if (account !== keyAccountId && !trustedAccounts.includes(account) && !orgPinned)
          findings.push(`statement ${name} grants account ${account}, outside the organization's trusted accounts`);
      }
    }
  });
  return findings;
}

export const kmsKeyHygiene: PeriodicRule<{ organizationId?: string; trustedAccounts: string[] }, KmsKeyFacts[]> = {
  id: 'kms-key-hygiene',
  description: 'KMS keys rotate and their policies keep them inside the organization',
  trigger: 'periodic',
  input: 'kms-keys',
  liveCall: 'kms:ListKeys, kms:DescribeKey, kms:GetKeyRotationStatus and kms:GetKeyPolicy',
  parameters: (raw) => ({ organizationId: raw.organizationId || undefined, trustedAccounts: stringList(raw.trustedAccounts) }),
  async gather(clients) {
    const kms = new KMSClient({ region: clients.region, credentials: clients.credentials });
    const keys: KmsKeyFacts[] = [];
    for await (const page of paginateListKeys({ client: kms }, {})) {
      for (const { KeyId } of page.Keys ?? []) {
        const { KeyMetadata: m } = await kms.send(new DescribeKeyCommand({ KeyId }));
        if (!m || m.KeyManager === 'AWS' || m.KeyState !== 'Enabled') continue;
        const supported = rotationSupported(m.KeySpec, m.Origin);
        const rotation = supported ? await kms.send(new GetKeyRotationStatusCommand({ KeyId })) : undefined;
        const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: 'default' }));
        keys.push({
          keyId: m.KeyId!,
          arn: m.Arn!,
          accountId: m.AWSAccountId!,
          manager: m.KeyManager as 'CUSTOMER',
          state: m.KeyState!,
          rotationSupported: supported,
          rotationEnabled: rotation?.KeyRotationEnabled,
          policy: Policy,
        });
      }
    }
    return keys;
  },
  async resourceTags(clients, verdicts) {
    const kms = new KMSClient({ region: clients.region, credentials: clients.credentials });
    const out = new Map<string, Record<string, string>>();
    for (const v of verdicts) {
      const tags: Record<string, string> = {};
      for await (const page of paginateListResourceTags({ client: kms }, { KeyId: v.resourceId }))
        for (const t of page.Tags ?? []) tags[t.TagKey!] = t.TagValue ?? '';
      out.set(`${v.resourceType}/${v.resourceId}`, tags);
    }
    return out;
  },
  fromItems: {
    resourceTypes: ['AWS::KMS::Key'],
    read: (items) => items.map(kmsKeyFactsOfItem).filter((k) => k.state === 'Enabled'),
    lacks: 'the key policy (kms:GetKeyPolicy), so no key is COMPLIANT offline',
  },
  evaluate(keys, { organizationId, trustedAccounts }) {
    return keys
      .filter((k) => k.manager === 'CUSTOMER')
      .map((k) => {
        const findings: string[] = [];
        if (k.rotationSupported && k.rotationEnabled === false) findings.push('automatic rotation is off');
        if (k.rotationSupported && k.rotationEnabled === undefined) findings.push('could not evaluate rotation: the input does not carry the rotation status');
        if (k.policy === undefined) findings.push(`could not evaluate the key policy: ${POLICY_NOT_IN_ITEMS}`);
        else {
          try {
            findings.push(...policyFindings(k.policy, k.accountId, organizationId, trustedAccounts));
          } catch (e) {
            // One unreadable policy fails its own key closed, not the whole run.
            findings.push(`could not evaluate the key policy: ${(e as Error).message}`);
          }
        }
        return {
          resourceType: 'AWS::KMS::Key',
          resourceId: k.keyId,
          complianceType: findings.length ? 'NON_COMPLIANT' : 'COMPLIANT',
          annotation: findings.join('; ') || undefined,
        };
      });
  },
};
