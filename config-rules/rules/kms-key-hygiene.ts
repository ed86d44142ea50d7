/**
 * Customer managed KMS keys rotate, and their key policies keep them inside the organization:
 * an Allow to Principal "*" needs a condition pinning callers (aws:PrincipalOrgID and the like),
 * and an account principal must be the key's own account, a trusted account, or pinned to the
 * organization by aws:PrincipalOrgID. Periodic: reads the KMS API live; offline, `scan` reads
 * AWS::KMS::Key configuration items (rotation status, and the key policy where the item carries
 * it, in supplementaryConfiguration). Automatic rotation applies to symmetric encryption keys
 * with KMS key material, multi-Region keys included (KMS Developer Guide, "Rotating AWS KMS keys").
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
  rotationEnabled: boolean;
  /** The key policy; undefined when the input does not carry it. */
  policy?: string;
}

const rotationSupported = (keySpec: unknown, origin: unknown) => (keySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT' && origin === 'AWS_KMS';

/** A key's facts from its AWS::KMS::Key configuration item (configuration is DescribeKey's KeyMetadata). */
export function kmsKeyFactsOfItem(item: ConfigurationItem): KmsKeyFacts {
  const c = item.configuration;
  const rotation = item.supplementaryConfiguration.KeyRotationStatus;
  const policy = item.supplementaryConfiguration.Policy ?? item.supplementaryConfiguration.KeyPolicy;
  return {
    keyId: String(c.keyId ?? item.resourceId),
    arn: String(c.arn ?? item.arn ?? ''),
    accountId: item.accountId,
    manager: c.keyManager === 'AWS' ? 'AWS' : 'CUSTOMER',
    state: String(c.keyState ?? ''),
    rotationSupported: rotationSupported(c.keySpec ?? c.customerMasterKeySpec, c.origin),
    rotationEnabled: rotation === true || rotation === 'true',
    policy: policy === undefined || policy === null ? undefined : typeof policy === 'string' ? policy : JSON.stringify(policy),
  };
}

const accountOf = (principal: string) => (/^\d{12}$/.test(principal) ? principal : principal.split(':')[4]);

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
          rotationEnabled: rotation?.KeyRotationEnabled ?? false,
          policy: Policy ?? '{}',
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
  fromItems: { resourceTypes: ['AWS::KMS::Key'], read: (items) => items.map(kmsKeyFactsOfItem).filter((k) => k.state === 'Enabled') },
  evaluate(keys, { organizationId, trustedAccounts }) {
    return keys
      .filter((k) => k.manager === 'CUSTOMER')
      .map((k) => {
        const findings: string[] = [];
        if (k.rotationSupported && !k.rotationEnabled) findings.push('automatic rotation is off');
        if (k.policy === undefined) findings.push('the key policy is not in the input (not evaluated)');
        statementsOf(k.policy ?? '{}').forEach((s, i) => {
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
              if (account !== k.accountId && !trustedAccounts.includes(account) && !orgPinned)
                findings.push(`statement ${name} grants account ${account}, outside the organization's trusted accounts`);
            }
          }
        });
        // Only a missing policy leaves the key compliant on what could be judged; the annotation says so.
        const noncompliant = findings.some((f) => !f.startsWith('the key policy is not in the input'));
        return {
          resourceType: 'AWS::KMS::Key',
          resourceId: k.keyId,
          complianceType: noncompliant ? 'NON_COMPLIANT' : 'COMPLIANT',
          annotation: findings.join('; ') || undefined,
        };
      });
  },
};
