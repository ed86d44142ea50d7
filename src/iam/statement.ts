/** Does one statement apply to a request? Action names match case-insensitively; resources case-sensitively, ARN part by part. */
import { asList, type PolicyStatement } from './policy.ts';
import { absentKeysRestedOn, conditionHolds } from './conditions.ts';
import { substituteVariables, unresolvedVariables, type EvaluationRequest } from './request.ts';
import { arnMatch, wildcardMatch } from './wildcard.ts';

export const actionMatches = (patterns: string[], action: string): boolean => patterns.some((p) => wildcardMatch(p, action, true));

export const resourceMatches = (patterns: string[], resource: string, request: EvaluationRequest): boolean =>
  patterns.some((p) => {
    const pattern = substituteVariables(p, request.context, true);
    return pattern !== undefined && arnMatch(pattern, resource);
  });

/** Keys of the policy variables the request cannot resolve in the patterns (a pattern with one matches nothing). */
const unresolvedIn = (patterns: string[], request: EvaluationRequest): string[] => patterns.flatMap((p) => unresolvedVariables(p, request.context));

export function statementApplies(s: PolicyStatement, request: EvaluationRequest): boolean {
  const actionOk = s.NotAction !== undefined ? !actionMatches(asList(s.NotAction), request.action) : actionMatches(asList(s.Action), request.action);
  if (!actionOk) return false;
  // A statement without Resource or NotResource covers every resource (as AWS treats SCPs).
  const patterns = asList(s.NotResource ?? s.Resource);
  const matched = s.Resource === undefined && s.NotResource === undefined ? true : resourceMatches(patterns, request.resource, request);
  // When no pattern matched, the outcome rests on the variables a pattern could not resolve: with
  // their keys present, that pattern might have matched.
  const restedOn = matched || !request.context.absentKeysRestedOn ? [] : unresolvedIn(patterns, request);
  const resourceOk = s.NotResource !== undefined ? !matched : matched;
  if (!resourceOk) {
    // ...unless the Condition already fails on what the request carries.
    if (restedOn.length) request.context.absentKeysRestedOn!.push(absentKeysRestedOn(s.Condition, request.context, restedOn));
    return false;
  }
  return conditionHolds(s.Condition, request.context, restedOn);
}
