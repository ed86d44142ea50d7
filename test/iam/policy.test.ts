import { describe, expect, it } from 'vitest';
import { conditionKeysNamedIn } from '../../src/iam/policy.ts';

describe('conditionKeysNamedIn', () => {
  it('collects condition keys and policy variables, in lower case', () => {
    const keys = conditionKeysNamedIn([
      {
        Effect: 'Deny',
        Action: '*',
        Resource: 'arn:aws:s3:::home/${aws:username}/*',
        Condition: { StringNotEquals: { 'aws:PrincipalTag/Team': "${aws:PrincipalTag/Team, 'none'}" } },
      },
      { Effect: 'Allow', Action: '*', Resource: '*' },
    ]);
    expect([...keys].sort()).toEqual(['aws:principaltag/team', 'aws:username']);
  });
});
