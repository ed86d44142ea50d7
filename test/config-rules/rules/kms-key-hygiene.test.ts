import { describe, expect, it } from 'vitest';
import { normalizeConfigurationItem } from '../../../config-rules/framework/configuration-item.ts';
import { kmsKeyFactsOfItem, kmsKeyHygiene, POLICY_NOT_IN_ITEMS, type KmsKeyFacts } from '../../../config-rules/rules/kms-key-hygiene.ts';
import { item } from '../fixtures.ts';

const context = { accountId: '111122223333', now: new Date('2026-11-29T00:00:00Z') };
const key = (policy: object, patch: Partial<KmsKeyFacts> = {}): KmsKeyFacts => ({
  keyId: 'k1',
  arn: 'arn:aws:kms:us-east-1:111122223333:key/k1',
  accountId: '111122223333',
  manager: 'CUSTOMER',
  state: 'Enabled',
  rotationSupported: true,
  rotationEnabled: true,
  policy: JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }, policy],
  }),
  ...patch,
});
const params = kmsKeyHygiene.parameters({ organizationId: 'o-abc', trustedAccounts: '444455556666' });
const verdict = (policy: object, patch?: Partial<KmsKeyFacts>) => kmsKeyHygiene.evaluate([key(policy, patch)], params, context)[0];
const use = { Sid: 'Use', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: '*' };

/** An AWS::KMS::Key item: configuration is DescribeKey's KeyMetadata, KeyRotationStatus a supplementary value (a string in the API dialect). */
const keyItem = (configuration: object, supplementary: Record<string, unknown>) =>
  item(
    'AWS::KMS::Key',
    '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    {
      keyId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
      keyManager: 'CUSTOMER',
      keyState: 'Enabled',
      keySpec: 'SYMMETRIC_DEFAULT',
      origin: 'AWS_KMS',
      ...configuration,
    },
    supplementary,
  );

describe('kms-key-hygiene', () => {
  it('rotation must be on where supported', () => {
    expect(verdict(use, { rotationEnabled: false }).annotation).toBe('automatic rotation is off');
    expect(verdict(use, { rotationEnabled: false, rotationSupported: false }).complianceType).toBe('COMPLIANT');
  });
  it('key policies stay inside the organization', () => {
    expect(verdict({ ...use, Principal: { AWS: 'arn:aws:iam::999988887777:role/x' } }).annotation).toBe(
      "statement Use grants account 999988887777, outside the organization's trusted accounts",
    );
    expect(verdict({ ...use, Principal: { AWS: '999988887777' }, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } }).complianceType).toBe(
      'COMPLIANT',
    );
    expect(verdict({ ...use, Principal: { AWS: 'arn:aws:iam::444455556666:root' } }).complianceType).toBe('COMPLIANT');
    expect(verdict({ ...use, Principal: '*' }).annotation).toBe('statement Use allows Principal "*" without a condition pinning callers');
    expect(verdict({ ...use, Principal: '*', Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } } }).complianceType).toBe('NON_COMPLIANT');
    expect(verdict({ ...use, Principal: '*', Condition: { StringEquals: { 'kms:CallerAccount': '111122223333' } } }).complianceType).toBe('COMPLIANT');
    expect(verdict({ ...use, Principal: { Service: 'logs.amazonaws.com' } }).complianceType).toBe('COMPLIANT');
  });
  it('skips AWS managed keys', () => {
    expect(kmsKeyHygiene.evaluate([key(use, { manager: 'AWS', rotationEnabled: false })], params, context)).toEqual([]);
  });
  it('reads AWS::KMS::Key items: rotation status from supplementaryConfiguration, multi-Region keys included', () => {
    const off = kmsKeyFactsOfItem(keyItem({ multiRegion: true }, { KeyRotationStatus: 'false' }));
    expect(off).toMatchObject({ rotationSupported: true, rotationEnabled: false });
    expect(off.policy).toBeUndefined();
    expect(kmsKeyFactsOfItem(keyItem({}, { KeyRotationStatus: true })).rotationEnabled).toBe(true);
    const asymmetric = kmsKeyFactsOfItem(keyItem({ keySpec: 'RSA_2048' }, { KeyRotationStatus: false }));
    expect(asymmetric.rotationSupported).toBe(false);
    // KeyMetadata always names the origin; an item without it is read with CreateKey's default (AWS_KMS), not as exempt from rotation.
    expect(kmsKeyFactsOfItem(keyItem({ origin: undefined }, {})).rotationSupported).toBe(true);
  });

  // The items carry no key policy (AWS Config resource schema: supplementaryConfiguration.KeyRotationStatus only), so
  // the policy half of the check cannot be judged offline: never COMPLIANT, whatever the rotation says.
  const policyNotEvaluated = `could not evaluate the key policy: ${POLICY_NOT_IN_ITEMS}`;
  const mrk = 'mrk-1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6';
  const metadata = (region: string, type: 'PRIMARY' | 'REPLICA') => ({
    keyId: mrk,
    arn: `arn:aws:kms:${region}:666666666666:key/${mrk}`,
    awsaccountId: '666666666666',
    keyManager: 'CUSTOMER',
    keyState: 'Enabled',
    keySpec: 'SYMMETRIC_DEFAULT',
    customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    origin: 'AWS_KMS',
    enabled: true,
    multiRegion: true,
    multiRegionConfiguration: {
      multiRegionKeyType: type,
      primaryKey: { arn: `arn:aws:kms:us-east-1:666666666666:key/${mrk}`, region: 'us-east-1' },
      replicaKeys: [{ arn: `arn:aws:kms:eu-west-1:666666666666:key/${mrk}`, region: 'eu-west-1' }],
    },
  });
  /** The Config API dialect (GetResourceConfigHistory): configuration a JSON string, supplementary values JSON strings. */
  const apiItem = (region: string, type: 'PRIMARY' | 'REPLICA', rotation: boolean) =>
    normalizeConfigurationItem({
      version: '1.3',
      accountId: '666666666666',
      configurationItemCaptureTime: '2026-11-20T09:12:44.000Z',
      configurationItemStatus: 'OK',
      arn: `arn:aws:kms:${region}:666666666666:key/${mrk}`,
      resourceType: 'AWS::KMS::Key',
      resourceId: mrk,
      awsRegion: region,
      configuration: JSON.stringify(metadata(region, type)),
      supplementaryConfiguration: { KeyRotationStatus: JSON.stringify(rotation) },
      tags: {},
    });
  /** The S3 snapshot dialect: configuration an object, KeyRotationStatus as recorded ("true"/"false"). */
  const snapshotItem = (region: string, type: 'PRIMARY' | 'REPLICA', rotation: boolean) =>
    item('AWS::KMS::Key', mrk, metadata(region, type), { KeyRotationStatus: String(rotation) }, { awsRegion: region, awsAccountId: '666666666666' });
  const judged = (i: ReturnType<typeof item>) => kmsKeyHygiene.evaluate([kmsKeyFactsOfItem(i)], params, { ...context, accountId: '666666666666' })[0];

  it('a key item without its key policy is never COMPLIANT: primary and replica multi-Region keys, both dialects', () => {
    for (const dialect of [apiItem, snapshotItem])
      for (const [region, type] of [
        ['us-east-1', 'PRIMARY'],
        ['eu-west-1', 'REPLICA'],
      ] as const) {
        expect(judged(dialect(region, type, true))).toEqual({
          resourceType: 'AWS::KMS::Key',
          resourceId: mrk,
          complianceType: 'NON_COMPLIANT',
          annotation: policyNotEvaluated,
        });
        // A replica shares its primary's rotation status; rotation off is reported as such.
        expect(judged(dialect(region, type, false)).annotation).toBe(`automatic rotation is off; ${policyNotEvaluated}`);
      }
    // Keys that cannot rotate are still judged on their policy.
    expect(judged(keyItem({ keySpec: 'RSA_2048' }, { KeyRotationStatus: 'false' }))).toMatchObject({
      complianceType: 'NON_COMPLIANT',
      annotation: policyNotEvaluated,
    });
    // No rotation status in the item: not read as "off", nor as "on".
    expect(judged(keyItem({}, {})).annotation).toBe(`could not evaluate rotation: the input does not carry the rotation status; ${policyNotEvaluated}`);
  });

  it('with the key policy (read live) a rotating key can be COMPLIANT; an unreadable policy fails only its own key', () => {
    const good = key(use);
    const broken = key(use, { keyId: 'k2', policy: '{"Statement": [' });
    const [first, second] = kmsKeyHygiene.evaluate([good, broken], params, context);
    expect(first.complianceType).toBe('COMPLIANT');
    expect(second).toMatchObject({
      resourceId: 'k2',
      complianceType: 'NON_COMPLIANT',
      annotation: expect.stringMatching(/^could not evaluate the key policy: /),
    });
  });
});
