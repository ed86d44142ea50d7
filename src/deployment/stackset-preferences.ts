/**
 * The baseline StackSet's operation preferences. CloudFormation turns percentages into account
 * counts per Region by rounding down (AWS CloudFormation API Reference,
 * StackSetOperationPreferences —
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperationPreferences.html):
 * FailureTolerancePercentage rounds down, so 10 % of an OU of 9 accounts tolerates no failure;
 * MaxConcurrentPercentage rounds down too, but to 1 where that would give 0. Count or percentage,
 * never both. So the spec's percentages become counts of the accounts the spec places under the
 * targets, with at least one failure tolerated wherever the spec tolerates any. (Preferences do not
 * apply to auto-deployment, which is how accounts that join later get the baseline.)
 */
import type { BaselineSpec } from '../model/spec.ts';

export interface OperationPreferences {
  failureToleranceCount?: number;
  failureTolerancePercentage?: number;
  maxConcurrentCount?: number;
  maxConcurrentPercentage?: number;
  regionConcurrencyType?: string;
}

/** What CloudFormation makes of the preferences in a Region with this many target accounts. */
export function effectiveOperationCounts(preferences: OperationPreferences, accounts: number): { failureTolerance: number; maxConcurrent: number } {
  const failureTolerance = preferences.failureToleranceCount ?? Math.floor((accounts * (preferences.failureTolerancePercentage ?? 0)) / 100);
  const maxConcurrent = preferences.maxConcurrentCount ?? Math.max(1, Math.floor((accounts * (preferences.maxConcurrentPercentage ?? 0)) / 100));
  return { failureTolerance, maxConcurrent };
}

/** The spec's rollout settings as counts for an operation reaching this many accounts per Region. */
export function baselineOperationPreferences(settings: BaselineSpec, accounts: number): OperationPreferences {
  const share = (percentage: number) => Math.floor((accounts * percentage) / 100);
  return {
    failureToleranceCount: settings.failureTolerancePercentage > 0 ? Math.max(1, share(settings.failureTolerancePercentage)) : 0,
    maxConcurrentCount: Math.max(1, share(settings.maxConcurrentPercentage)),
    regionConcurrencyType: settings.regionConcurrency,
  };
}
