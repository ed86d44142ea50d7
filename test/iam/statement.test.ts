/** Statement matching: action, Resource/NotResource with policy variables, and what an outcome rested on. */
import { describe, expect, it } from 'vitest';
import { statementApplies } from '../../src/iam/statement.ts';
import { requestContext, type EvaluationRequest } from '../../src/iam/request.ts';
import type { PolicyStatement } from '../../src/iam/policy.ts';

function request(resource: string, entries: Record<string, string> = {}): EvaluationRequest {
  const context = requestContext(entries);
  context.absentKeysRestedOn = [];
  return { action: 's3:PutObject', resource, context };
}

// Each team writes only to its own buckets: the bucket name starts with the principal's team tag.
const ownBucketsOnly: PolicyStatement = { Effect: 'Deny', Action: 's3:PutObject', NotResource: 'arn:aws:s3:::${aws:PrincipalTag/team}-*/*' };
const teamBuckets: PolicyStatement = { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::${aws:PrincipalTag/team}-*/*' };

describe('statementApplies', () => {
  it('matches Resource and NotResource with the variable resolved, resting on nothing', () => {
    const own = request('arn:aws:s3:::payments-logs/k', { 'aws:PrincipalTag/team': 'payments' });
    expect(statementApplies(ownBucketsOnly, own)).toBe(false);
    expect(statementApplies(teamBuckets, own)).toBe(true);
    const other = request('arn:aws:s3:::search-logs/k', { 'aws:PrincipalTag/team': 'payments' });
    expect(statementApplies(ownBucketsOnly, other)).toBe(true);
    expect([...own.context.absentKeysRestedOn!, ...other.context.absentKeysRestedOn!].flat()).toEqual([]);
  });

  it('an unresolved variable in NotResource: the Deny applies, resting on the missing key', () => {
    const r = request('arn:aws:s3:::payments-logs/k');
    expect(statementApplies(ownBucketsOnly, r)).toBe(true);
    expect(r.context.absentKeysRestedOn).toEqual([['aws:PrincipalTag/team']]);
  });

  it('an unresolved variable in Resource: the statement does not apply, resting on the missing key', () => {
    const r = request('arn:aws:s3:::payments-logs/k');
    expect(statementApplies(teamBuckets, r)).toBe(false);
    expect(r.context.absentKeysRestedOn).toEqual([['aws:PrincipalTag/team']]);
  });

  it('rests on nothing when another pattern matches or the condition fails on what the request carries', () => {
    const r = request('arn:aws:s3:::shared/k', { 'aws:RequestedRegion': 'us-east-1' });
    expect(statementApplies({ ...teamBuckets, Resource: [teamBuckets.Resource as string, 'arn:aws:s3:::shared/*'] }, r)).toBe(true);
    const regional = { ...teamBuckets, Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } };
    expect(statementApplies(regional, r)).toBe(false);
    expect(r.context.absentKeysRestedOn!.flat()).toEqual([]);
  });
});
