/** Turns rule verdicts into evaluations: deleted or out-of-scope resources, exemptions, annotation limits. */
import { isDeleted } from './configuration-item.ts';
import { exemptedAnnotation, exemptionOf } from './exemption.ts';
import type { ChangeTriggeredRule, ConfigurationItem, Evaluation, ResourceVerdict, Verdict } from './types.ts';

/** PutEvaluations accepts annotations of at most 256 characters. */
export const MAX_ANNOTATION = 256;
export const truncateAnnotation = (a: string | undefined) => (a === undefined || a.length <= MAX_ANNOTATION ? a : `${a.slice(0, MAX_ANNOTATION - 1)}…`);

function withExemption(verdict: Verdict, tags: Record<string, string>, now: Date): Pick<Evaluation, 'complianceType' | 'annotation' | 'exemption'> {
  if (verdict.complianceType !== 'NON_COMPLIANT') return { complianceType: verdict.complianceType, annotation: truncateAnnotation(verdict.annotation) };
  const check = exemptionOf(tags, now);
  if (check && 'exemption' in check) {
    return {
      complianceType: 'NON_COMPLIANT',
      annotation: truncateAnnotation(exemptedAnnotation(check.exemption, verdict.annotation ?? 'noncompliant')),
      exemption: check.exemption,
    };
  }
  const note = check && 'problem' in check ? ` (${check.problem})` : '';
  return { complianceType: 'NON_COMPLIANT', annotation: truncateAnnotation(`${verdict.annotation ?? 'noncompliant'}${note}`) };
}

export function evaluateItem(rule: ChangeTriggeredRule, item: ConfigurationItem, params: unknown, now: Date, leftScope = false): Evaluation {
  const base = {
    accountId: item.accountId,
    region: item.region,
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    orderingTimestamp: item.captureTime,
  };
  if (leftScope) return { ...base, complianceType: 'NOT_APPLICABLE', annotation: "resource left the rule's scope" };
  if (isDeleted(item)) return { ...base, complianceType: 'NOT_APPLICABLE', annotation: 'resource was deleted' };
  if (!rule.resourceTypes.includes(item.resourceType))
    return { ...base, complianceType: 'NOT_APPLICABLE', annotation: `rule does not apply to ${item.resourceType}` };
  let verdict: Verdict;
  try {
    verdict = rule.evaluate(item, params);
  } catch (e) {
    // An item the rule cannot read (a malformed policy document, say) fails closed, visibly, rather than passing or stopping the run.
    verdict = { complianceType: 'NON_COMPLIANT', annotation: `could not evaluate: ${(e as Error).message}` };
  }
  return { ...base, ...withExemption(verdict, item.tags, now) };
}

/** Periodic verdicts; `tagsOf` finds the resource's tags (from IAM live, or the snapshot offline) for exemptions. */
export function evaluationsOf(
  verdicts: ResourceVerdict[],
  context: { accountId: string; region: string; now: Date; tagsOf?: (resourceType: string, resourceId: string) => Record<string, string> | undefined },
): Evaluation[] {
  return verdicts.map((v) => ({
    accountId: context.accountId,
    region: context.region,
    resourceType: v.resourceType,
    resourceId: v.resourceId,
    orderingTimestamp: context.now,
    ...withExemption(v, context.tagsOf?.(v.resourceType, v.resourceId) ?? {}, context.now),
  }));
}
