import { describe, expect, it } from 'vitest';
import { principalOfIdentity } from '../../../src/commands/impact/user-identity.ts';
import { IDENTITIES } from './fixtures.ts';

describe('userIdentity → principal (each documented type)', () => {
  it('Root, IAMUser and FederatedUser are their own ARN', () => {
    expect(principalOfIdentity(IDENTITIES.root)).toEqual({ principal: 'arn:aws:iam::123456789012:root', accountId: '123456789012' });
    expect(principalOfIdentity(IDENTITIES.iamUser)).toEqual({ principal: 'arn:aws:iam::123456789012:user/Alice', accountId: '123456789012' });
    expect(principalOfIdentity(IDENTITIES.federatedUser)).toEqual({ principal: 'arn:aws:sts::123456789012:federated-user/Bob', accountId: '123456789012' });
  });

  it('an assumed role is its role, path included (Identity Center permission sets and service-linked roles too)', () => {
    expect(principalOfIdentity(IDENTITIES.assumedRole)).toEqual({ principal: 'arn:aws:iam::123456789012:role/RoleToBeAssumed', accountId: '123456789012' });
    expect(principalOfIdentity(IDENTITIES.identityCenterRole)).toMatchObject({
      principal: 'arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0123456789abcdef',
    });
    expect(principalOfIdentity(IDENTITIES.serviceLinkedRole)).toMatchObject({
      principal: 'arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
    });
  });

  it('an assumed role without its session issuer falls back to the session ARN', () => {
    const { sessionContext: _omitted, ...bare } = IDENTITIES.assumedRole;
    expect(principalOfIdentity(bare)).toEqual({ principal: 'arn:aws:sts::123456789012:assumed-role/RoleToBeAssumed/MySessionName', accountId: '123456789012' });
  });

  it('an AWS service principal is the service invokedBy names, with no account of its own', () => {
    expect(principalOfIdentity(IDENTITIES.awsService)).toEqual({ principal: 'cloudtrail.amazonaws.com', accountId: '', servicePrincipal: true });
    expect(principalOfIdentity({ type: 'AWSService' })).toEqual({ skip: 'AWSService without a service name' });
    expect(principalOfIdentity({ type: 'AWSService', invokedBy: 'AWS Internal' })).toEqual({ skip: 'AWSService without a service name' });
  });

  it('an AWSAccount caller is its account, what the record hides of it named (the partition from the Region)', () => {
    expect(principalOfIdentity(IDENTITIES.awsAccount)).toEqual({
      principal: 'arn:aws:iam::111122223333:root',
      accountId: '111122223333',
      hiddenKeys: expect.arrayContaining(['aws:PrincipalArn', 'aws:PrincipalType', 'aws:username', 'aws:MultiFactorAuthPresent', 'ec2:RoleDelivery']),
    });
    expect(principalOfIdentity(IDENTITIES.awsAccount, 'cn-north-1')).toMatchObject({ principal: 'arn:aws-cn:iam::111122223333:root' });
    expect(principalOfIdentity({ type: 'AWSAccount', principalId: 'AIDAEXAMPLE' })).toEqual({ skip: 'AWSAccount without an account id' });
  });

  it('Identity Center users are skipped with why; the unsigned federation calls are unsigned requests labelled by their provider', () => {
    expect(principalOfIdentity(IDENTITIES.identityCenterUser)).toEqual({ skip: 'IAM Identity Center user (not an IAM principal)' });
    const federated = { accountId: '', unsigned: true, hiddenKeys: ['aws:FederatedProvider'] };
    expect(principalOfIdentity(IDENTITIES.samlUser)).toEqual({ principal: 'SAML federation via bdGOnTesti4+ExampleuDcRsZa', ...federated });
    expect(principalOfIdentity(IDENTITIES.webIdentityUser)).toEqual({ principal: 'web identity federation via accounts.google.com', ...federated });
    // an anonymous S3 request, as Amazon S3's CloudTrail logging names it
    expect(principalOfIdentity({ type: 'AWSAccount', principalId: '', accountId: 'ANONYMOUS_PRINCIPAL' })).toEqual({
      principal: 'anonymous',
      accountId: '',
      unsigned: true,
    });
    expect(principalOfIdentity({ type: 'Directory' })).toEqual({ skip: 'userIdentity type Directory is not an IAM principal' });
    expect(principalOfIdentity(undefined)).toEqual({ skip: 'no userIdentity' });
  });
});
