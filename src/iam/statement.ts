/** Does one statement apply to a request? Action names match case-insensitively; resources case-sensitively, ARN part by part. */
import { asList, type PolicyStatement } from './policy.ts';
import { conditionHolds } from './conditions.ts';
import { substituteVariables, type EvaluationRequest } from './request.ts';
import { arnMatch, wildcardMatch } from './wildcard.ts';

export const actionMatches = (patterns: string[], action: string): boolean => patterns.some((p) => wildcardMatch(p, action, true));

export const resourceMatches = (patterns: string[], resource: string, request: EvaluationRequest): boolean =>
  patterns.some((p) => {
    const pattern = substituteVariables(p, request.context, true);
    return pattern !== undefined && arnMatch(pattern, resource);
  });

export function statementApplies(s: PolicyStatement, request: EvaluationRequest): boolean {
  const actionOk = s.NotAction !== undefined ? !actionMatches(asList(s.NotAction), request.action) : actionMatches(asList(s.Action), request.action);
  if (!actionOk) return false;
  // A statement without Resource or NotResource covers every resource (as AWS treats SCPs).
  const resourceOk =
    s.NotResource !== undefined
      ? !resourceMatches(asList(s.NotResource), request.resource, request)
      : s.Resource === undefined || resourceMatches(asList(s.Resource), request.resource, request);
  return resourceOk && conditionHolds(s.Condition, request.context);
}
