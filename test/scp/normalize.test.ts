import { describe, expect, it } from 'vitest';
import { atomsOf, diffStatements, statementKey, statementsOf } from '../../scp/normalize.ts';

describe('statements by meaning', () => {
  it('ignores Sid, list order, single-value lists, action case and condition key case', () => {
    expect(
      statementKey({
        Sid: 'A',
        Effect: 'Deny',
        Action: ['s3:PutObject', 'S3:GetObject'],
        Resource: '*',
        Condition: { StringEquals: { 'AWS:RequestedRegion': ['us-east-1'] } },
      }),
    ).toBe(
      statementKey({
        Effect: 'Deny',
        Action: ['s3:getobject', 's3:PutObject'],
        Resource: ['*'],
        Condition: { StringEquals: { 'aws:requestedregion': 'us-east-1' } },
      }),
    );
    expect(statementKey({ Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::A' })).not.toBe(
      statementKey({ Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::a' }),
    );
  });

  it('splits an Action list into one atom per action, so merged and separate statements compare equal', () => {
    const merged = atomsOf({ Effect: 'Deny', Action: ['a:X', 'b:Y'], Resource: '*' });
    const separate = [...atomsOf({ Sid: 'One', Effect: 'Deny', Action: 'b:Y', Resource: '*' }), ...atomsOf({ Effect: 'Deny', Action: 'a:x', Resource: '*' })];
    expect(new Set(merged)).toEqual(new Set(separate));
    expect(atomsOf({ Effect: 'Deny', NotAction: ['a:X', 'b:Y'], Resource: '*' })).toHaveLength(1);
  });

  it('reads a document whose Statement is one object, as Organizations may return it', () => {
    expect(statementsOf('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}')).toEqual([
      { Effect: 'Allow', Action: '*', Resource: '*' },
    ]);
  });

  it('diffs two documents statement by statement', () => {
    const keep = { Sid: 'Keep', Effect: 'Deny' as const, Action: 'a:X', Resource: '*' };
    const before = { Sid: 'Edit', Effect: 'Deny' as const, Action: ['b:Y', 'b:Z'], Resource: '*' };
    const after = { Sid: 'Edit', Effect: 'Deny' as const, Action: ['b:Y'], Resource: '*' };
    expect(diffStatements([keep, before], [{ ...keep, Sid: 'Renamed' }, after])).toEqual({ missing: [before], extra: [] });
    expect(diffStatements([keep], [keep, before])).toEqual({ missing: [], extra: [before] });
  });
});
