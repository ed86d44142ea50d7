/**
 * A CloudTrail `userIdentity` → the principal SCPs are evaluated for, as the AWS CloudTrail User
 * Guide ("CloudTrail userIdentity element") documents each `type`:
 * - Root, IAMUser, FederatedUser: the `arn` itself (aws:PrincipalArn is that ARN);
 * - AssumedRole: the role (`sessionContext.sessionIssuer.arn`, path included), since
 *   aws:PrincipalArn of a role session is its role's ARN; IAM Identity Center permission sets are
 *   roles `aws-reserved/sso.amazonaws.com/.../AWSReservedSSO_*` and evaluate like any role, and
 *   service-linked roles (`aws-service-role/...`) are left to the simulator, for which SCPs do not apply;
 * - AWSService: the service principal `invokedBy` names (`cloudtrail.amazonaws.com`). SCPs never
 *   apply to it; RCPs do: AWS Organizations User Guide, "Resource control policies (RCPs)": RCPs
 *   "impact the effective permissions of principals trying to access resources in a member account
 *   ... The exception is when principals are service-linked roles", and its confused-deputy example
 *   RCP is written for service principals (aws:PrincipalIsAWSService);
 * - AWSAccount: "the request was made by another AWS account" and this copy (the resource owner's)
 *   names only that account (`accountId`) and the caller's unique id (`principalId`): the account
 *   stands for the caller, and what the record hides (which role or user) is named in `hiddenKeys`;
 * - SAMLUser/WebIdentityUser: the unsigned AssumeRoleWithSAML/WithWebIdentity call itself, before any
 *   session: no IAM principal, hence no SCP and none of the aws:Principal* keys, but the role owner's RCPs
 *   apply (they restrict every principal but service-linked roles; AWS's data perimeter examples,
 *   aws-samples/data-perimeter-policy-examples identity_perimeter_rcp.json, deny AssumeRoleWithWebIdentity
 *   by the provider's `sub` key): replayed as an unsigned request, labelled by its identity provider;
 * - an anonymous S3 request (AWSAccount `ANONYMOUS_PRINCIPAL`): unsigned too, against the bucket owner's RCPs;
 * - IdentityCenterUser (a user of the Identity Center portal, not an IAM principal): not replayed.
 */
import { partitionOf } from '../../model/names.ts';
import { arnAccount } from './request-resources.ts';

export interface EventPrincipal {
  /** The principal as `guardrails simulate --principal` takes it. */
  principal: string;
  /** The principal's own account; for a service principal, none (the caller fills in the account it acted in). */
  accountId: string;
  /** An AWS service principal: SCPs do not apply, the resource owner's RCPs do. */
  servicePrincipal?: boolean;
  /** No IAM principal signed the call (a federation call): no SCP, no aws:Principal* keys, the resource owner's RCPs. */
  unsigned?: true;
  /**
   * Request context keys the simulator derives from `principal` that the record does not prove (an
   * AWSAccount caller is given as its account): a decision that may rest on one is uncertain.
   */
  hiddenKeys?: readonly string[];
}

export type PrincipalOrSkip = EventPrincipal | { skip: string };

interface UserIdentity {
  type?: string;
  arn?: string;
  accountId?: string;
  invokedBy?: string;
  identityProvider?: string;
  sessionContext?: { sessionIssuer?: { type?: string; arn?: string; accountId?: string } };
}

/** Identity types that are not replayed, with why (the reason is shown in the summary). */
const NOT_REPLAYED: Readonly<Record<string, string>> = {
  IdentityCenterUser: 'IAM Identity Center user (not an IAM principal)',
};

/** The label an unsigned federation call is grouped under (`principal`), per identity type. */
const FEDERATION: Readonly<Record<string, string>> = { SAMLUser: 'SAML federation', WebIdentityUser: 'web identity federation' };

/**
 * What an AWSAccount record does not tell of its caller: the IAM global condition context keys the
 * simulator sets from the principal, and the session's keys, since the resource owner's copy carries no
 * `sessionContext` (AWS CloudTrail User Guide, "CloudTrail userIdentity element": for AWSAccount only
 * `accountId` and `principalId`), so their absence from it proves nothing.
 */
export const AWS_ACCOUNT_HIDDEN_KEYS = [
  'aws:PrincipalArn',
  'aws:PrincipalType',
  'aws:username',
  'aws:MultiFactorAuthPresent',
  'aws:TokenIssueTime',
  'aws:SourceIdentity',
  'aws:FederatedProvider',
  'aws:AssumedRoot',
  'ec2:RoleDelivery',
] as const;

const ANONYMOUS_PRINCIPAL = 'ANONYMOUS_PRINCIPAL';
/** What a federation call's record does not prove absent. */
const FEDERATION_HIDDEN_KEYS = ['aws:FederatedProvider'] as const;
const ACCOUNT_ID = /^\d{12}$/;
/** A service principal's name: NAME.amazonaws.com (and .amazonaws.com.cn in China). */
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

/** `region`: the call's, for the partition of an AWSAccount caller's ARN. */
export function principalOfIdentity(identity: unknown, region = 'us-east-1'): PrincipalOrSkip {
  if (!identity || typeof identity !== 'object') return { skip: 'no userIdentity' };
  const id = identity as UserIdentity;
  const type = String(id.type ?? '');
  if (NOT_REPLAYED[type]) return { skip: NOT_REPLAYED[type] };
  if (FEDERATION[type]) {
    // SAML's identityProvider is an opaque hash, web identity's the provider's name (accounts.google.com).
    const provider = typeof id.identityProvider === 'string' && id.identityProvider ? ` via ${id.identityProvider}` : '';
    // Whether the call's context has aws:FederatedProvider the record does not show (SAML's identityProvider is not its value).
    return { principal: `${FEDERATION[type]}${provider.slice(0, 200)}`, accountId: '', unsigned: true, hiddenKeys: FEDERATION_HIDDEN_KEYS };
  }
  if (type === 'AWSService') {
    const service = id.invokedBy;
    return service && SERVICE_PRINCIPAL.test(service)
      ? { principal: service, accountId: '', servicePrincipal: true }
      : { skip: 'AWSService without a service name' };
  }
  // Amazon S3 User Guide, "Logging Amazon S3 API calls using AWS CloudTrail": an anonymous request's record names
  // {"type": "AWSAccount", "principalId": "", "accountId": "ANONYMOUS_PRINCIPAL"}: unsigned, the bucket owner's RCPs apply.
  if (type === 'AWSAccount' && id.accountId === ANONYMOUS_PRINCIPAL) return { principal: 'anonymous', accountId: '', unsigned: true };
  if (type === 'AWSAccount') {
    // arn:PARTITION:iam::ACCOUNT:root is how IAM names an account as a principal (IAM User Guide, "AWS JSON policy elements: Principal").
    return id.accountId && ACCOUNT_ID.test(id.accountId)
      ? { principal: `arn:${partitionOf(region)}:iam::${id.accountId}:root`, accountId: id.accountId, hiddenKeys: AWS_ACCOUNT_HIDDEN_KEYS }
      : { skip: 'AWSAccount without an account id' };
  }
  if (type === 'AssumedRole') {
    const issuer = id.sessionContext?.sessionIssuer;
    const principal = issuer?.type === 'Role' && issuer.arn ? issuer.arn : id.arn;
    const accountId = id.accountId ?? arnAccount(principal ?? '');
    return principal && accountId ? { principal, accountId } : { skip: 'AssumedRole without an ARN' };
  }
  if (type === 'Root' || type === 'IAMUser' || type === 'FederatedUser') {
    const accountId = id.accountId ?? arnAccount(id.arn ?? '');
    return id.arn && accountId ? { principal: id.arn, accountId } : { skip: `${type} without an ARN` };
  }
  return { skip: `userIdentity type ${type || '(none)'} is not an IAM principal` };
}
