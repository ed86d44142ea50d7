/**
 * A CloudTrail `userIdentity` → the principal SCPs are evaluated for, as the AWS CloudTrail User
 * Guide ("CloudTrail userIdentity element") documents each `type`:
 * - Root, IAMUser, FederatedUser: the `arn` itself (aws:PrincipalArn is that ARN);
 * - AssumedRole: the role (`sessionContext.sessionIssuer.arn`, path included), since
 *   aws:PrincipalArn of a role session is its role's ARN; IAM Identity Center permission sets are
 *   roles `aws-reserved/sso.amazonaws.com/.../AWSReservedSSO_*` and evaluate like any role, and
 *   service-linked roles (`aws-service-role/...`) are left to the simulator, for which SCPs do not apply;
 * - AWSService (a service principal), IdentityCenterUser (a user of the Identity Center portal, not
 *   an IAM principal), SAMLUser/WebIdentityUser (the unauthenticated federation call itself):
 *   no SCP applies to them; AWSAccount: the caller's identity is not in this copy of the event.
 */

export interface EventPrincipal {
  /** The principal as `guardrails simulate --principal` takes it. */
  principal: string;
  /** The principal's own account. */
  accountId: string;
}

export type PrincipalOrSkip = EventPrincipal | { skip: string };

interface UserIdentity {
  type?: string;
  arn?: string;
  accountId?: string;
  sessionContext?: { sessionIssuer?: { type?: string; arn?: string; accountId?: string } };
}

/** Identity types whose calls no SCP restricts, with why (the reason is shown in the summary). */
const NOT_SUBJECT_TO_SCPS: Readonly<Record<string, string>> = {
  AWSService: 'AWS service principal (SCPs do not apply)',
  IdentityCenterUser: 'IAM Identity Center user (not an IAM principal)',
  SAMLUser: 'SAML federation call (no session yet)',
  WebIdentityUser: 'web identity federation call (no session yet)',
  AWSAccount: 'cross-account call without the caller identity (AWSAccount)',
};

const accountOf = (arn: string | undefined) => arn?.split(':')[4];

export function principalOfIdentity(identity: unknown): PrincipalOrSkip {
  if (!identity || typeof identity !== 'object') return { skip: 'no userIdentity' };
  const id = identity as UserIdentity;
  const type = String(id.type ?? '');
  if (NOT_SUBJECT_TO_SCPS[type]) return { skip: NOT_SUBJECT_TO_SCPS[type] };
  if (type === 'AssumedRole') {
    const issuer = id.sessionContext?.sessionIssuer;
    const principal = issuer?.type === 'Role' && issuer.arn ? issuer.arn : id.arn;
    const accountId = id.accountId ?? accountOf(principal);
    return principal && accountId ? { principal, accountId } : { skip: 'AssumedRole without an ARN' };
  }
  if (type === 'Root' || type === 'IAMUser' || type === 'FederatedUser') {
    const accountId = id.accountId ?? accountOf(id.arn);
    return id.arn && accountId ? { principal: id.arn, accountId } : { skip: `${type} without an ARN` };
  }
  return { skip: `userIdentity type ${type || '(none)'} is not an IAM principal` };
}
