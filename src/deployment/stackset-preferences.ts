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
 * ConcurrencyMode: under STRICT_FAILURE_TOLERANCE, the default, "the initial actual concurrency is set to
 * the lower of either the value of the MaxConcurrentCount, or the value of FailureToleranceCount +1";
 * SOFT_FAILURE_TOLERANCE keeps MaxConcurrentCount. Instances ask for SOFT (the StackSet resource cannot).
 */
import type { BaselineSpec } from '../model/spec.ts';

export interface OperationPreferences {
  failureToleranceCount?: number;
  failureTolerancePercentage?: number;
  maxConcurrentCount?: number;
  maxConcurrentPercentage?: number;
  regionConcurrencyType?: string;
  concurrencyMode?: 'STRICT_FAILURE_TOLERANCE' | 'SOFT_FAILURE_TOLERANCE';
}

/** What CloudFormation makes of the preferences in a Region with this many target accounts. */
export function effectiveOperationCounts(preferences: OperationPreferences, accounts: number): { failureTolerance: number; maxConcurrent: number } {
  const failureTolerance = preferences.failureToleranceCount ?? Math.floor((accounts * (preferences.failureTolerancePercentage ?? 0)) / 100);
  const asked = preferences.maxConcurrentCount ?? Math.max(1, Math.floor((accounts * (preferences.maxConcurrentPercentage ?? 0)) / 100));
  const maxConcurrent = preferences.concurrencyMode === 'SOFT_FAILURE_TOLERANCE' ? asked : Math.min(asked, failureTolerance + 1);
  return { failureTolerance, maxConcurrent };
}

/** The spec's rollout settings as counts for an operation reaching this many accounts per Region. */
export function baselineOperationPreferences(settings: BaselineSpec, accounts: number): OperationPreferences {
  const share = (percentage: number) => Math.floor((accounts * percentage) / 100);
  return {
    failureToleranceCount: settings.failureTolerancePercentage > 0 ? Math.max(1, share(settings.failureTolerancePercentage)) : 0,
    maxConcurrentCount: Math.max(1, share(settings.maxConcurrentPercentage)),
    regionConcurrencyType: settings.regionConcurrency,
    concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
  };
}
