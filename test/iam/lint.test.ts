import { beforeAll, describe, expect, it } from 'vitest';
import { loadIamReference, type IamReference } from '../../src/iam/reference.ts';
import { lintStatement } from '../../src/iam/lint.ts';
import type { PolicyStatement } from '../../src/iam/policy.ts';
import { analysisProblems, baseSpec } from '../helpers.ts';

let iam: IamReference;
beforeAll(async () => {
  iam = await loadIamReference(['s3', 'ec2', 'iam', 'cloudtrail', 'kms', 'lambda', 'sqs', 'sts']);
});

const messages = (s: Partial<PolicyStatement>, kind: 'SCP' | 'RCP' = 'SCP') =>
  lintStatement({ Effect: 'Deny', Resource: '*', ...s } as PolicyStatement, iam, kind).map(
    (f) => `${f.path.join('.')}: ${f.message}${f.hint ? ` (${f.hint})` : ''}`,
  );
const rcpMessages = (s: Partial<PolicyStatement>) => messages({ Principal: '*', ...s }, 'RCP');

describe('SCP statement lint', () => {
  it('accepts a well-formed statement', () => {
    expect(
      messages({
        Action: ['s3:GetObject', 'ec2:Describe*', 'CloudTrail:stoplogging'],
        Condition: {
          StringEquals: { 'aws:RequestedRegion': 'us-east-1', 'ec2:MetadataHttpTokens': 'required' },
          StringLike: { 'aws:PrincipalTag/team': 'x*' },
        },
      }),
    ).toEqual([]);
  });

  it('unknown services and actions, with suggestions from the IAM data set', () => {
    expect(messages({ Action: 's4:GetObject' })).toEqual(['Action.0: unknown service prefix "s4" in "s4:GetObject" (did you mean "s3"?)']);
    expect(messages({ Action: 's3:GetObjekt' })).toEqual(['Action.0: "s3:GetObjekt" matches no s3 action (did you mean "s3:GetObject"?)']);
    expect(messages({ Action: 'ec2:Descibe*' })[0]).toMatch(/"ec2:Descibe\*" matches no ec2 action/);
    expect(messages({ Action: 'GetObject' })[0]).toMatch(/"GetObject" is not an action/);
  });

  it('unknown condition operators and keys', () => {
    expect(messages({ Action: 's3:GetObject', Condition: { StringEqual: { 'aws:RequestedRegion': 'x' } } })).toEqual([
      'Condition.StringEqual: unknown condition operator "StringEqual" (did you mean "StringEquals"?)',
    ]);
    expect(messages({ Action: 's3:GetObject', Condition: { StringEquals: { 'aws:RequestedRegoin': 'x' } } })[0]).toMatch(
      /unknown global condition key "aws:RequestedRegoin" \(did you mean "aws:RequestedRegion"\?\)/,
    );
    expect(messages({ Action: 's3:GetObject', Condition: { StringEquals: { 'ec2:MetadataHttpTokenz': 'x' } } })[0]).toMatch(
      /unknown condition key "ec2:MetadataHttpTokenz" for ec2 \(did you mean "ec2:MetadataHttpTokens"\?\)/,
    );
  });

  it('values that cannot match their operator', () => {
    expect(messages({ Action: 's3:GetObject', Condition: { Bool: { 'aws:SecureTransport': 'yes' } } })).toEqual([
      'Condition.Bool.aws:SecureTransport: "yes" is not true or false (operator Bool)',
    ]);
    expect(messages({ Action: 's3:GetObject', Condition: { NumericLessThan: { 'ec2:RoleDelivery': 'two' } } })[0]).toMatch(/"two" is not a number/);
    expect(messages({ Action: 's3:GetObject', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8x' } } })[0]).toMatch(/is not an IP address or CIDR block/);
    expect(messages({ Action: 's3:GetObject', Condition: { StringEquals: { 'aws:RequestedRegion': [] } } })[0]).toMatch(/an empty value list never matches/);
  });

  it('malformed ARNs', () => {
    expect(messages({ Action: 's3:GetObject', Resource: 'arn:aws:s3::bucket' })).toEqual([
      'Resource.0: malformed ARN "arn:aws:s3::bucket" (an ARN has six parts: arn:partition:service:region:account:resource)',
    ]);
    expect(messages({ Action: 's3:GetObject', Resource: 'arn:amazon:s3:::b' })[0]).toMatch(/unknown partition "amazon"/);
    expect(messages({ Action: 'iam:CreateRole', Resource: 'arn:aws:iam::1234:role/x' })[0]).toMatch(/account "1234" in ARN .* is not 12 digits/);
  });

  it('statements that can never apply', () => {
    expect(messages({ NotAction: '*' })).toEqual(['NotAction.0: NotAction "*" excludes every action, so the statement never applies']);
    expect(messages({ Action: 's3:GetObject', Resource: undefined, NotResource: '*' })).toEqual([
      'NotResource.0: NotResource "*" excludes every resource, so the statement never applies',
    ]);
    expect(
      messages({
        Action: 's3:GetObject',
        Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' }, StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } },
      })[0],
    ).toMatch(/must both equal and not equal the same value/);
  });

  it('SCP-specific rules: no Principal, exactly one of Action/NotAction', () => {
    expect(messages({ Action: 's3:GetObject', Principal: '*' })).toEqual([
      'Principal: SCPs do not support Principal (scope by aws:PrincipalArn in a Condition instead)',
    ]);
    expect(messages({ Action: 's3:GetObject', NotAction: 's3:PutObject' })).toEqual([': a statement needs exactly one of Action or NotAction']);
    expect(messages({})).toEqual([': a statement needs exactly one of Action or NotAction']);
  });

  it('points lint errors in custom SCPs at their line in the spec', async () => {
    const out = await analysisProblems(
      baseSpec({
        guardrails: [{ scp: 'typo', on: ['Root'], statements: [{ Effect: 'Deny', Action: ['s3:GetObject', 'cloudtrail:StopLoging'], Resource: '*' }] }],
      }),
    );
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^spec\.yaml:\d+:\d+: "cloudtrail:StopLoging" matches no cloudtrail action \(did you mean "cloudtrail:StopLogging"\?\)$/);
  });

  it("lints the actions of the spec's tests, so a typo cannot make an assertion meaningless", async () => {
    const out = await analysisProblems(
      baseSpec({ tests: [{ name: 'typo', account: 'prod', principal: 'root', action: 'cloudtrail:StopLoging', expect: 'deny' }] }),
    );
    expect(out).toEqual([
      expect.stringMatching(
        /^spec\.yaml:\d+:\d+: test "typo": "cloudtrail:StopLoging" matches no cloudtrail action \(did you mean "cloudtrail:StopLogging"\?\)$/,
      ),
    ]);
  });

  it('lints catalog statements produced from `with:` values', async () => {
    const out = await analysisProblems(
      baseSpec({ guardrails: [{ use: 'region-restriction', on: ['Root'], with: { exemptActions: ['bedrock:InvokeModle'] } }] }),
    );
    expect(out.join('\n')).toMatch(/region-restriction: "bedrock:InvokeModle" matches no bedrock action/);
  });

  it('policy variables AWS does not define are errors with a did-you-mean; ${*} and known keys are fine', () => {
    const out = messages({ Action: 'iam:CreateRole', Resource: 'arn:aws:iam::${Account}:role/x' });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^Resource\.0: unknown policy variable "\$\{Account\}".*did you mean .*"\$\{aws:PrincipalAccount\}"/);
    expect(messages({ Action: 'ec2:RunInstances', Condition: { StringNotEquals: { 'aws:RequestedRegion': '${Region}' } } })[0]).toMatch(
      /unknown policy variable "\$\{Region\}".*aws:RequestedRegion/,
    );
    expect(messages({ Action: 's3:GetObject', Resource: ['arn:aws:s3:::b/${aws:username}/*', 'arn:aws:s3:::b/${*}', 'arn:aws:s3:::b/${s3:prefix}'] })).toEqual(
      [],
    );
    expect(messages({ Action: 's3:GetObject', Resource: "arn:aws:s3:::b/${aws:PrincipalTag/team, 'none'}/*" })).toEqual([]);
  });

  it('a Resource pattern no resource type of the actions can match is an error (Lambda ARNs are function:NAME)', () => {
    const out = messages({ Action: 'lambda:InvokeFunction', Resource: 'arn:aws:lambda:*:*:function/*' });
    expect(out).toEqual([expect.stringMatching(/^Resource\.0: "arn:aws:lambda:\*:\*:function\/\*" matches no resource type .*function:\$\{FunctionName\}/)]);
    expect(messages({ Action: 'lambda:*', Resource: 'arn:aws:lambda:*:*:function:*' })).toEqual([]);
    expect(messages({ Action: 'iam:PassRole', Resource: 'arn:aws:s3:::bucket' })[0]).toMatch(/matches no resource type/);
    // Roles with paths, S3 objects and actions without resource types are left alone.
    expect(messages({ Action: 'iam:*', Resource: 'arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*' })).toEqual([]);
    expect(messages({ Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::b/*', 'arn:aws:s3:::b'] })).toEqual([]);
    // Lenient on purpose: any resource type of the named services counts, and AWS-owned resources are left alone.
    expect(messages({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::b' })).toEqual([]);
    expect(messages({ Action: 'iam:AttachRolePolicy', Resource: 'arn:aws:cloudformation:us-east-1:aws:transform/*' })).toEqual([]);
    expect(messages({ Action: 's3:GetObject', Resource: 'arn:aws:s3:us-east-1:111111111111:bucket/b' })[0]).toMatch(/matches no resource type/);
    expect(messages({ Action: 's3:ListAllMyBuckets', Resource: 'arn:aws:s3:::b' })).toEqual([]);
  });

  it('bracket placeholders copied from samples are errors naming the placeholder', () => {
    expect(messages({ Action: 'iam:CreateRole', Resource: 'arn:aws:iam::<ACCOUNT_ID>:role/x' })[0]).toBe(
      'Resource.0: placeholder "<ACCOUNT_ID>" left in "arn:aws:iam::<ACCOUNT_ID>:role/x" (replace it with the real value)',
    );
    expect(messages({ Action: 'iam:CreateRole', Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/[ROLE]' } } })[0]).toMatch(
      /placeholder "\[ROLE\]"/,
    );
    expect(messages({ Action: 'ec2:RunInstances', Condition: { StringNotEquals: { 'aws:RequestedRegion': '{example-region-1}' } } })[0]).toMatch(
      /placeholder "\{example-region-1\}"/,
    );
    expect(messages({ Action: 's3:GetObject', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': '<my-org-id>' } } })[0]).toMatch(
      /placeholder "<my-org-id>"/,
    );
  });
});

describe('RCP statement lint (AWS Organizations User Guide, RCP syntax)', () => {
  it("accepts AWS's identity-perimeter statement shape", () => {
    expect(
      rcpMessages({
        Action: ['s3:*', 'sts:AssumeRole', 'kms:*', 'sqs:*'],
        Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-exampleorgid' }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
      }),
    ).toEqual([]);
  });

  it('Action is never "*", and every action belongs to a service that supports RCPs', () => {
    expect(rcpMessages({ Action: '*' })).toEqual(['Action.0: an RCP may not use Action "*" (name the services, e.g. "s3:*", "kms:*")']);
    expect(rcpMessages({ Action: ['s3:GetObject', 'ec2:RunInstances'] })).toEqual([
      'Action.1: RCPs do not apply to ec2 ("ec2:RunInstances"): it is not a service that supports RCPs',
    ]);
  });

  it('Deny only, Principal "*" only, no NotPrincipal', () => {
    expect(rcpMessages({ Effect: 'Allow', Action: 's3:*' })[0]).toMatch(/RCPs support only Deny/);
    expect(messages({ Action: 's3:*' }, 'RCP')).toEqual([
      ': an RCP statement needs Principal "*" (scope principals with conditions such as aws:PrincipalOrgID)',
    ]);
    expect(rcpMessages({ Principal: { AWS: '111111111111' }, Action: 's3:*' })[0]).toMatch(/RCPs support only Principal "\*"/);
    expect(rcpMessages({ NotPrincipal: { AWS: '*' }, Action: 's3:*' })[0]).toMatch(/RCPs do not support NotPrincipal/);
  });
});
