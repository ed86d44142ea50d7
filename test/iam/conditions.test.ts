/** Condition operators as AWS documents them (IAM JSON policy elements: condition operators). */
import { describe, expect, it } from 'vitest';
import { absentKeysRestedOn, conditionHolds, parseOperator } from '../../src/iam/conditions.ts';
import { requestContext } from '../../src/iam/request.ts';
import type { ConditionBlock } from '../../src/iam/policy.ts';

const holds = (block: ConditionBlock, ctx: Record<string, string | string[]> = {}) => conditionHolds(block, requestContext(ctx));

describe('condition operators', () => {
  it('String operators: exact, case-insensitive and wildcard forms', () => {
    expect(holds({ StringEquals: { 'aws:PrincipalTag/job': 'admin' } }, { 'aws:PrincipalTag/job': 'admin' })).toBe(true);
    expect(holds({ StringEquals: { 'aws:PrincipalTag/job': 'admin' } }, { 'aws:PrincipalTag/job': 'Admin' })).toBe(false);
    expect(holds({ StringEqualsIgnoreCase: { 'aws:PrincipalTag/job': 'admin' } }, { 'aws:PrincipalTag/job': 'ADMIN' })).toBe(true);
    expect(holds({ StringLike: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'home/alice/x' })).toBe(true);
    expect(holds({ StringLike: { 's3:prefix': 'home/?' } }, { 's3:prefix': 'home/ab' })).toBe(false);
    expect(holds({ StringLike: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'Home/alice' })).toBe(false);
  });

  it('condition key names are case-insensitive; values are not', () => {
    expect(holds({ StringEquals: { 'AWS:RequestedRegion': 'us-east-1' } }, { 'aws:requestedregion': 'us-east-1' })).toBe(true);
  });

  it('several values for one key are OR; several keys and operators are AND', () => {
    const block = { StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'], 'aws:PrincipalAccount': '111122223333' } };
    expect(holds(block, { 'aws:RequestedRegion': 'eu-west-1', 'aws:PrincipalAccount': '111122223333' })).toBe(true);
    expect(holds(block, { 'aws:RequestedRegion': 'eu-west-1', 'aws:PrincipalAccount': '444455556666' })).toBe(false);
  });

  it('negated operators with several values hold only when no value matches', () => {
    const block = { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } };
    expect(holds(block, { 'aws:RequestedRegion': 'eu-west-1' })).toBe(false);
    expect(holds(block, { 'aws:RequestedRegion': 'ap-south-1' })).toBe(true);
  });

  it('a missing key makes positive operators false and negated operators true', () => {
    expect(holds({ StringEquals: { 'aws:PrincipalTag/team': 'x' } })).toBe(false);
    expect(holds({ StringNotEquals: { 'aws:PrincipalTag/team': 'x' } })).toBe(true);
    expect(holds({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/X' } })).toBe(true);
    expect(holds({ NumericLessThan: { 'ec2:RoleDelivery': '2.0' } })).toBe(false);
  });

  it('...IfExists holds when the key is absent and is checked when present', () => {
    const block = { StringEqualsIfExists: { 'ec2:InstanceType': ['t3.micro'] } };
    expect(holds(block)).toBe(true);
    expect(holds(block, { 'ec2:InstanceType': 't3.micro' })).toBe(true);
    expect(holds(block, { 'ec2:InstanceType': 'p5.48xlarge' })).toBe(false);
  });

  it('Null tests presence', () => {
    expect(holds({ Null: { 'aws:TokenIssueTime': 'true' } })).toBe(true);
    expect(holds({ Null: { 'aws:TokenIssueTime': 'true' } }, { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' })).toBe(false);
    expect(holds({ Null: { 'aws:TokenIssueTime': 'false' } }, { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' })).toBe(true);
  });

  it('ForAnyValue: some request value matches; false when the key is absent', () => {
    const block = { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } };
    expect(holds(block, { 'aws:TagKeys': ['owner', 'environment'] })).toBe(true);
    expect(holds(block, { 'aws:TagKeys': ['owner'] })).toBe(false);
    expect(holds(block)).toBe(false);
  });

  it('ForAllValues: every request value matches; true when the key is absent', () => {
    const block = { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } };
    expect(holds(block, { 'aws:TagKeys': ['environment'] })).toBe(true);
    expect(holds(block, { 'aws:TagKeys': ['environment', 'owner'] })).toBe(false);
    expect(holds(block)).toBe(true);
  });

  it('Numeric and Date comparisons', () => {
    expect(holds({ NumericGreaterThan: { 'ec2:MetadataHttpPutResponseHopLimit': '2' } }, { 'ec2:MetadataHttpPutResponseHopLimit': '3' })).toBe(true);
    expect(holds({ NumericGreaterThan: { 'ec2:MetadataHttpPutResponseHopLimit': '2' } }, { 'ec2:MetadataHttpPutResponseHopLimit': '2' })).toBe(false);
    expect(holds({ NumericLessThan: { 'ec2:RoleDelivery': '2.0' } }, { 'ec2:RoleDelivery': '1.0' })).toBe(true);
    expect(holds({ NumericLessThan: { 'ec2:RoleDelivery': '2.0' } }, { 'ec2:RoleDelivery': 'abc' })).toBe(false);
    expect(holds({ DateLessThan: { 'aws:CurrentTime': '2025-01-01T00:00:00Z' } }, { 'aws:CurrentTime': '2024-06-01T12:00:00Z' })).toBe(true);
    expect(holds({ DateGreaterThan: { 'aws:EpochTime': '1700000000' } }, { 'aws:EpochTime': '1600000000' })).toBe(false);
  });

  it('Bool compares true/false case-insensitively', () => {
    expect(holds({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, { 'aws:MultiFactorAuthPresent': 'TRUE' })).toBe(true);
    expect(holds({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } })).toBe(false);
    expect(holds({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } })).toBe(true);
  });

  it('IpAddress and NotIpAddress match CIDR ranges of both families', () => {
    expect(holds({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } }, { 'aws:SourceIp': '203.0.113.7' })).toBe(true);
    expect(holds({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } }, { 'aws:SourceIp': '2001:db8:1234:5678::1' })).toBe(true);
    expect(holds({ NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '198.51.100.1' })).toBe(true);
    expect(holds({ IpAddress: { 'aws:SourceIp': '203.0.113.9' } }, { 'aws:SourceIp': '203.0.113.9' })).toBe(true);
  });

  it('Arn operators compare part by part with wildcards', () => {
    expect(holds({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } }, { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:root' })).toBe(true);
    expect(holds({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } }, { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/root' })).toBe(false);
    expect(
      holds(
        { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } },
        { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org' },
      ),
    ).toBe(true);
  });

  it('policy variables are substituted in condition values', () => {
    const block = { StringEquals: { 'aws:ResourceTag/owner': '${aws:username}' } };
    expect(holds(block, { 'aws:username': 'alice', 'aws:ResourceTag/owner': 'alice' })).toBe(true);
    expect(holds(block, { 'aws:username': 'bob', 'aws:ResourceTag/owner': 'alice' })).toBe(false);
    expect(holds(block, { 'aws:ResourceTag/owner': 'alice' })).toBe(false);
  });

  it('${*}, ${?} and ${$} are literal characters in condition values, not wildcards', () => {
    expect(holds({ StringLike: { 'aws:PrincipalTag/x': 'a${*}' } }, { 'aws:PrincipalTag/x': 'a*' })).toBe(true);
    expect(holds({ StringLike: { 'aws:PrincipalTag/x': 'a${*}' } }, { 'aws:PrincipalTag/x': 'abc' })).toBe(false);
    expect(holds({ StringLike: { 'aws:PrincipalTag/x': 'a${?}*' } }, { 'aws:PrincipalTag/x': 'a?bc' })).toBe(true);
    expect(holds({ StringLike: { 'aws:PrincipalTag/x': 'a${?}*' } }, { 'aws:PrincipalTag/x': 'axbc' })).toBe(false);
    expect(holds({ StringEquals: { 'aws:PrincipalTag/x': '${$}${*}' } }, { 'aws:PrincipalTag/x': '$*' })).toBe(true);
    expect(holds({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/${*}' } }, { 'aws:PrincipalArn': 'arn:aws:iam::1:role/x' })).toBe(false);
  });

  it('parses qualifiers and IfExists; rejects unknown operators', () => {
    expect(parseOperator('ForAnyValue:StringLikeIfExists')).toMatchObject({ set: 'ForAnyValue', base: 'stringlike', ifExists: true });
    expect(parseOperator('StringEqualz')).toBeUndefined();
    expect(parseOperator('NullIfExists')).toBeUndefined();
    expect(holds({ StringEqualz: { 'aws:PrincipalArn': 'x' } }, { 'aws:PrincipalArn': 'x' })).toBe(false);
  });
});

describe('absent keys a condition rests on', () => {
  const ctx = (entries: Record<string, string>) => requestContext(entries);
  const block: ConditionBlock = { StringNotEquals: { 'aws:PrincipalTag/team': 'platform' }, StringEquals: { 'aws:RequestedRegion': 'us-east-1' } };

  it('names the absent keys when every pair over present keys holds', () => {
    expect(absentKeysRestedOn(block, ctx({ 'aws:RequestedRegion': 'us-east-1' }))).toEqual(['aws:PrincipalTag/team']);
  });

  it('names none when a present key already makes the block false, or nothing is absent', () => {
    expect(absentKeysRestedOn(block, ctx({ 'aws:RequestedRegion': 'eu-west-1' }))).toEqual([]);
    expect(absentKeysRestedOn(block, ctx({ 'aws:RequestedRegion': 'us-east-1', 'aws:PrincipalTag/team': 'x' }))).toEqual([]);
  });

  it('evaluation records one entry per block when asked, and decides exactly as without', () => {
    const c = ctx({ 'aws:RequestedRegion': 'us-east-1' });
    c.absentKeysRestedOn = [];
    expect(conditionHolds(block, c)).toBe(true);
    expect(conditionHolds(undefined, c)).toBe(true);
    expect(c.absentKeysRestedOn).toEqual([['aws:PrincipalTag/team'], []]);
  });
});

describe('a policy variable the request cannot resolve', () => {
  const ctx = (entries: Record<string, string>) => requestContext(entries);
  // "If AWS cannot resolve a variable this might cause the entire statement to be invalid" (IAM User
  // Guide, "IAM policy elements: Variables and tags"): the outcome rests on the variable's key.
  const homeRegion: ConditionBlock = { StringNotEquals: { 'aws:RequestedRegion': '${aws:PrincipalTag/home-region}' } };

  it('is an absent key the block rests on, even though the condition key itself is present', () => {
    expect(absentKeysRestedOn(homeRegion, ctx({ 'aws:RequestedRegion': 'us-west-2' }))).toEqual(['aws:PrincipalTag/home-region']);
    expect(absentKeysRestedOn(homeRegion, ctx({ 'aws:RequestedRegion': 'us-west-2', 'aws:PrincipalTag/home-region': 'eu-west-1' }))).toEqual([]);
  });

  it('is not one when it has a default, is a literal character, or a present pair already fails the block', () => {
    expect(
      absentKeysRestedOn({ StringNotEquals: { 'aws:RequestedRegion': "${aws:PrincipalTag/home-region, 'us-east-1'}" } }, ctx({ 'aws:RequestedRegion': 'x' })),
    ).toEqual([]);
    expect(absentKeysRestedOn({ StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/${*}' } }, ctx({ 'aws:PrincipalArn': 'x' }))).toEqual([]);
    const withRegion = { ...homeRegion, StringEquals: { 'aws:PrincipalAccount': '111122223333' } };
    expect(absentKeysRestedOn(withRegion, ctx({ 'aws:RequestedRegion': 'us-west-2', 'aws:PrincipalAccount': '444455556666' }))).toEqual([]);
  });

  it('evaluation records it while deciding as before (a negated operator holds when the variable is unresolved)', () => {
    const c = ctx({ 'aws:RequestedRegion': 'us-west-2' });
    c.absentKeysRestedOn = [];
    expect(conditionHolds(homeRegion, c)).toBe(true);
    expect(c.absentKeysRestedOn).toEqual([['aws:PrincipalTag/home-region']]);
  });
});
