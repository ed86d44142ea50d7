import { describe, expect, it } from 'vitest';
import { iamPolicyNoAdmin } from '../../../config-rules/rules/iam-policy-no-admin.ts';
import { item } from '../fixtures.ts';

const none = { accountItem: () => undefined };
/** As Config records AWS::IAM::Policy: each version's document URL-encoded. */
const policyItem = (statement: unknown, isDefault = true) =>
  item('AWS::IAM::Policy', 'ANPAEXAMPLE', {
    policyName: 'p',
    defaultVersionId: 'v2',
    policyVersionList: [
      {
        document: encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })),
        versionId: 'v1',
        isDefaultVersion: !isDefault,
      },
      { document: encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: statement })), versionId: 'v2', isDefaultVersion: isDefault },
    ],
  });
const verdict = (statement: unknown, isDefault = true) => iamPolicyNoAdmin.evaluate(policyItem(statement, isDefault), {}, none);

describe('iam-policy-no-admin', () => {
  it('flags every action on every resource, however spelled', () => {
    expect(verdict([{ Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' }])).toEqual({
      complianceType: 'NON_COMPLIANT',
      annotation: 'v2: statement All allows Action "*" on Resource "*"',
    });
    expect(verdict({ Effect: 'Allow', Action: ['s3:GetObject', '*:*'], Resource: ['arn:aws:s3:::b/*', '*'] }).complianceType).toBe('NON_COMPLIANT');
    expect(verdict([{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }]).annotation).toBe('v2: statement #1 allows every action but iam:* on Resource "*"');
    expect(verdict([{ Effect: 'Allow', Action: '*', Resource: 'arn:*' }]).annotation).toBe('v2: statement #1 allows Action "*" on Resource "arn:*"');
    expect(verdict([{ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::audit-logs/*' }]).annotation).toBe(
      'v2: statement #1 allows Action "*" on every resource but arn:aws:s3:::audit-logs/*',
    );
    expect(verdict([{ Effect: 'Allow', Action: '*:?*', Resource: 'arn:*:*' }]).complianceType).toBe('NON_COMPLIANT');
  });
  it('accepts scoped policies, Deny statements, and judges only the default version', () => {
    expect(verdict([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]).complianceType).toBe('COMPLIANT');
    expect(verdict([{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b/*' }]).complianceType).toBe('COMPLIANT');
    expect(verdict([{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::*' }]).complianceType).toBe('COMPLIANT');
    expect(verdict([{ Effect: 'Deny', Action: '*', Resource: '*' }]).complianceType).toBe('COMPLIANT');
    expect(verdict([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }], false).complianceType).toBe('NON_COMPLIANT');
  });
  it('an item without a policy document is not judged compliant', () => {
    expect(iamPolicyNoAdmin.evaluate(item('AWS::IAM::Policy', 'ANPAX', { policyVersionList: [] }), {}, none).complianceType).toBe('NON_COMPLIANT');
  });
});
