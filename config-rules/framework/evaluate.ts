/** Turns rule verdicts into evaluations: deleted or out-of-scope resources, exemptions, annotation limits. */
import { isDeleted, isNotRecorded } from './configuration-item.ts';
import { exemptedAnnotation, exemptionOf } from './exemption.ts';
import {
  NO_CONTEXT,
  type ChangeTriggeredRule,
  type ConfigurationItem,
  type Evaluation,
  type Exemption,
  type ItemContext,
  type ResourceVerdict,
  type Verdict,
} from './types.ts';

/** PutEvaluations accepts annotations of at most 256 characters. */
export const MAX_ANNOTATION = 256;
export const truncateAnnotation = (a: string | undefined) => (a === undefined || a.length <= MAX_ANNOTATION ? a : `${a.slice(0, MAX_ANNOTATION - 1)}…`);

function withExemption(verdict: Verdict, tags: Record<string, string>, now: Date): Pick<Evaluation, 'complianceType' | 'annotation' | 'exemption'> {
  if (verdict.complianceType !== 'NON_COMPLIANT') return { complianceType: verdict.complianceType, annotation: truncateAnnotation(verdict.annotation) };
  const check = exemptionOf(tags, now);
  if (check && 'exemption' in check) {
    return {
      complianceType: 'NON_COMPLIANT',
      annotation: exemptedAnnotation(check.exemption, verdict.annotation ?? 'noncompliant', MAX_ANNOTATION),
      exemption: check.exemption,
    };
  }
  const note = check && 'problem' in check ? ` (${check.problem})` : '';
  return { complianceType: 'NON_COMPLIANT', annotation: truncateAnnotation(`${verdict.annotation ?? 'noncompliant'}${note}`) };
}

/** What a change-triggered rule says about an item: its lifecycle first, then the rule itself (failing closed), exemption applied. */
export function itemVerdict(
  rule: ChangeTriggeredRule<any>,
  item: ConfigurationItem,
  params: unknown,
  now: Date,
  context: ItemContext = NO_CONTEXT,
  leftScope = false,
): Verdict & { exemption?: Exemption } {
  return lifecycleVerdict(item, rule.resourceTypes, leftScope) ?? withExemption(judge(item, rule, params, context), item.tags, now);
}

export function evaluateItem(
  rule: ChangeTriggeredRule<any>,
  item: ConfigurationItem,
  params: unknown,
  now: Date,
  options: { leftScope?: boolean; context?: ItemContext } = {},
): Evaluation {
  const verdict = itemVerdict(rule, item, params, now, options.context, options.leftScope);
  const evaluation: Evaluation = {
    accountId: item.accountId,
    region: item.region,
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    complianceType: verdict.complianceType,
    // PutEvaluations refuses an invalid OrderingTimestamp; an unreadable capture time is a problem the verdict reports.
    orderingTimestamp: Number.isNaN(item.captureTime.getTime()) ? now : item.captureTime,
  };
  if (verdict.annotation !== undefined) evaluation.annotation = verdict.annotation;
  if (verdict.exemption) evaluation.exemption = verdict.exemption;
  return evaluation;
}

/**
 * Items no rule judges: out of scope, deleted, or not recorded — AWS Config itself reports
 * NOT_APPLICABLE for them (Evaluating resources with AWS Config rules: "NOT_APPLICABLE").
 */
export function lifecycleVerdict(item: ConfigurationItem, resourceTypes: string[], leftScope = false): Verdict | undefined {
  if (leftScope) return { complianceType: 'NOT_APPLICABLE', annotation: "resource left the rule's scope" };
  if (isDeleted(item)) return { complianceType: 'NOT_APPLICABLE', annotation: 'resource was deleted' };
  if (isNotRecorded(item)) return { complianceType: 'NOT_APPLICABLE', annotation: 'AWS Config does not record this resource (ResourceNotRecorded)' };
  if (!resourceTypes.includes(item.resourceType)) return { complianceType: 'NOT_APPLICABLE', annotation: `rule does not apply to ${item.resourceType}` };
  return undefined;
}

/** Runs a rule on a recorded item; what it cannot read is never compliant: NON_COMPLIANT with the reason. */
export function judge(item: ConfigurationItem, rule: ChangeTriggeredRule<any>, params: unknown, context: ItemContext): Verdict {
  if (item.problems?.length) return { complianceType: 'NON_COMPLIANT', annotation: `could not evaluate: ${item.problems.join('; ')}` };
  if (item.configuration === null || typeof item.configuration !== 'object')
    return { complianceType: 'NON_COMPLIANT', annotation: 'could not evaluate: the configuration item carries no configuration' };
  try {
    return rule.evaluate(item, params, context);
  } catch (e) {
    // An item the rule cannot read (a malformed policy document, say) fails closed, visibly, rather than passing or stopping the run.
    return { complianceType: 'NON_COMPLIANT', annotation: `could not evaluate: ${(e as Error).message}` };
  }
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
    // Only a NON_COMPLIANT resource can be exempted, so only its tags are looked up.
    ...withExemption(v, (v.complianceType === 'NON_COMPLIANT' && context.tagsOf?.(v.resourceType, v.resourceId)) || {}, context.now),
  }));
}

/** NOT_APPLICABLE for resources a periodic rule judged before and no longer finds (deleted users, keys). */
export function vanishedEvaluations(
  previous: { resourceType: string; resourceId: string }[],
  current: Evaluation[],
  context: { accountId: string; region: string; now: Date },
): Evaluation[] {
  const present = new Set(current.map((e) => `${e.resourceType}/${e.resourceId}`));
  return previous
    .filter((p) => !present.has(`${p.resourceType}/${p.resourceId}`))
    .map((p) => ({
      accountId: context.accountId,
      region: context.region,
      resourceType: p.resourceType,
      resourceId: p.resourceId,
      complianceType: 'NOT_APPLICABLE' as const,
      annotation: 'resource no longer found',
      orderingTimestamp: context.now,
    }));
}
