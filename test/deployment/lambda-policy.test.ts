import { describe, expect, it } from 'vitest';
import { configInvokePermissions, invokeStatement, LAMBDA_POLICY_QUOTA_BYTES, lambdaPolicyBytes } from '../../src/deployment/lambda-policy.ts';

const ARN = 'arn:aws:lambda:eu-west-1:333333333333:function:guardrails-rule-security-group-admin-ports';
const accounts = (n: number) => Array.from({ length: n }, (_, i) => String(100000000000 + i));

describe('AWS Config invoke permissions of a rule function', () => {
  it('a statement reads as Lambda stores an AddPermission with SourceAccount', () => {
    expect(
      invokeStatement({
        sid: 'config-222222222222',
        principal: 'config.amazonaws.com',
        action: 'lambda:InvokeFunction',
        functionArn: ARN,
        sourceAccount: '222222222222',
      }),
    ).toEqual({
      Sid: 'config-222222222222',
      Effect: 'Allow',
      Principal: { Service: 'config.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: ARN,
      Condition: { StringEquals: { 'AWS:SourceAccount': '222222222222' } },
    });
  });

  it('one per account, each scoped to its source account, while they fit the 20 KB policy quota', () => {
    expect(configInvokePermissions(ARN, ['222222222222', '111111111111', '222222222222'])).toEqual({
      scoped: true,
      sourceAccounts: ['111111111111', '222222222222'],
    });
  });

  it('past the quota (a large organization), one statement for the service, saying why; the edge is exactly the quota', () => {
    const large = configInvokePermissions(ARN, accounts(2000));
    expect(large).toMatchObject({ scoped: false, reason: expect.stringContaining("2000 accounts would not fit Lambda's 20 KB function policy quota") });
    let fits = 1;
    while (configInvokePermissions(ARN, accounts(fits + 1)).scoped) fits++;
    const bytes = (n: number) =>
      lambdaPolicyBytes(
        accounts(n).map((a) =>
          invokeStatement({ sid: `config-${a}`, principal: 'config.amazonaws.com', action: 'lambda:InvokeFunction', functionArn: ARN, sourceAccount: a }),
        ),
      );
    expect(bytes(fits)).toBeLessThanOrEqual(LAMBDA_POLICY_QUOTA_BYTES);
    expect(bytes(fits + 1)).toBeGreaterThan(LAMBDA_POLICY_QUOTA_BYTES);
    expect(fits).toBeGreaterThan(50);
  });
});
