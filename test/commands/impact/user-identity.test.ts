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

  it('service principals, Identity Center users, federation calls and anonymous cross-account callers are skipped with why', () => {
    expect(principalOfIdentity(IDENTITIES.awsService)).toEqual({ skip: 'AWS service principal (SCPs do not apply)' });
    expect(principalOfIdentity(IDENTITIES.identityCenterUser)).toEqual({ skip: 'IAM Identity Center user (not an IAM principal)' });
    expect(principalOfIdentity(IDENTITIES.samlUser)).toEqual({ skip: 'SAML federation call (no session yet)' });
    expect(principalOfIdentity(IDENTITIES.webIdentityUser)).toEqual({ skip: 'web identity federation call (no session yet)' });
    expect(principalOfIdentity(IDENTITIES.awsAccount)).toEqual({ skip: 'cross-account call without the caller identity (AWSAccount)' });
    expect(principalOfIdentity({ type: 'Directory' })).toEqual({ skip: 'userIdentity type Directory is not an IAM principal' });
    expect(principalOfIdentity(undefined)).toEqual({ skip: 'no userIdentity' });
  });
});
