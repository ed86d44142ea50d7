import { describe, expect, it } from 'vitest';
import { kmsKeyFactsOfItem, kmsKeyHygiene, type KmsKeyFacts } from '../../../config-rules/rules/kms-key-hygiene.ts';
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
    expect(off).toMatchObject({ rotationSupported: true, rotationEnabled: false, policy: undefined });
    expect(kmsKeyHygiene.evaluate([off], params, context)[0]).toMatchObject({
      complianceType: 'NON_COMPLIANT',
      annotation: 'automatic rotation is off; the key policy is not in the input (not evaluated)',
    });
    const on = kmsKeyFactsOfItem(keyItem({}, { KeyRotationStatus: true, Policy: key(use).policy!.replace(/111122223333/g, '666666666666') }));
    expect(kmsKeyHygiene.evaluate([on], params, context)[0]).toMatchObject({ complianceType: 'COMPLIANT' });
    const asymmetric = kmsKeyFactsOfItem(keyItem({ keySpec: 'RSA_2048' }, { KeyRotationStatus: false }));
    expect(asymmetric.rotationSupported).toBe(false);
  });
});
