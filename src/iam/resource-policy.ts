/**
 * One request against one resource-based policy (a KMS key policy, a bucket policy), on the
 * same action/resource/condition matching as the SCP simulator. Principal matching as IAM
 * documents it: "*" is anyone; an account id or its :root ARN is any principal of that account;
 * a role or user ARN is that principal; a service principal is that service.
 */
import { asList, type PolicyDocument, type PolicyStatement } from './policy.ts';
import { requestContext, type EvaluationRequest } from './request.ts';
import { statementApplies } from './statement.ts';

export type RequestPrincipal = { type: 'AWS'; arn: string } | { type: 'Service'; service: string };

export interface ResourcePolicyRequest {
  principal: RequestPrincipal;
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
}

export interface ResourcePolicyDecision {
  decision: 'allowed' | 'explicit-deny' | 'implicit-deny';
  sid?: string;
}

const accountOf = (arn: string) => arn.split(':')[4];

function principalMatches(element: unknown, p: RequestPrincipal): boolean {
  if (element === '*') return true;
  if (!element || typeof element !== 'object') return false;
  const e = element as { AWS?: string | string[]; Service?: string | string[] };
  if (p.type === 'Service') return asList(e.Service).includes(p.service) || asList(e.AWS).includes('*');
  return asList(e.AWS).some(
    (v) =>
      v === '*' || v === p.arn || (/^\d{12}$/.test(v) ? v === accountOf(p.arn) : /^arn:[^:]+:iam::\d{12}:root$/.test(v) && accountOf(v) === accountOf(p.arn)),
  );
}

function applies(s: PolicyStatement, request: EvaluationRequest, principal: RequestPrincipal): boolean {
  const principalOk = s.NotPrincipal !== undefined ? !principalMatches(s.NotPrincipal, principal) : principalMatches(s.Principal, principal);
  // Past the principal, a resource policy statement matches exactly as any other statement does.
  return principalOk && statementApplies(s, request);
}

export function evaluateResourcePolicy(policy: PolicyDocument, req: ResourcePolicyRequest): ResourcePolicyDecision {
  const principalContext =
    req.principal.type === 'AWS'
      ? { 'aws:PrincipalArn': req.principal.arn, 'aws:PrincipalAccount': accountOf(req.principal.arn), 'aws:PrincipalIsAWSService': 'false' }
      : { 'aws:PrincipalServiceName': req.principal.service, 'aws:PrincipalIsAWSService': 'true' };
  const request: EvaluationRequest = { action: req.action, resource: req.resource, context: requestContext({ ...principalContext, ...req.context }) };
  const deny = policy.Statement.find((s) => s.Effect === 'Deny' && applies(s, request, req.principal));
  if (deny) return { decision: 'explicit-deny', sid: deny.Sid };
  const allow = policy.Statement.find((s) => s.Effect === 'Allow' && applies(s, request, req.principal));
  return allow ? { decision: 'allowed', sid: allow.Sid } : { decision: 'implicit-deny' };
}
