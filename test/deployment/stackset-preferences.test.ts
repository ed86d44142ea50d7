import { describe, expect, it } from 'vitest';
import { baselineOperationPreferences, effectiveOperationCounts } from '../../src/deployment/stackset-preferences.ts';

const settings = {
  maxConcurrentPercentage: 25,
  failureTolerancePercentage: 10,
  regionConcurrency: 'PARALLEL' as const,
  configRecorder: 'create' as const,
  configRecorderByUnit: {},
  exclude: [],
};

describe('StackSet operation preferences', () => {
  it("CloudFormation's rounding: failure tolerance rounds down (to 0 in a small OU), concurrency rounds down but never below 1", () => {
    expect(effectiveOperationCounts({ failureTolerancePercentage: 10, maxConcurrentPercentage: 25, concurrencyMode: 'SOFT_FAILURE_TOLERANCE' }, 9)).toEqual({
      failureTolerance: 0,
      maxConcurrent: 2,
    });
    // STRICT_FAILURE_TOLERANCE (the default): no tolerated failure means one account at a time.
    expect(effectiveOperationCounts({ failureTolerancePercentage: 10, maxConcurrentPercentage: 25 }, 9)).toEqual({ failureTolerance: 0, maxConcurrent: 1 });
    expect(effectiveOperationCounts({ failureTolerancePercentage: 10, maxConcurrentPercentage: 25 }, 3)).toEqual({ failureTolerance: 0, maxConcurrent: 1 });
    // STRICT_FAILURE_TOLERANCE (the default) caps the concurrency at one more than the tolerated failures; SOFT does not.
    expect(effectiveOperationCounts({ failureTolerancePercentage: 10, maxConcurrentPercentage: 25 }, 2000)).toEqual({
      failureTolerance: 200,
      maxConcurrent: 201,
    });
    expect(effectiveOperationCounts({ failureTolerancePercentage: 10, maxConcurrentPercentage: 25, concurrencyMode: 'SOFT_FAILURE_TOLERANCE' }, 2000)).toEqual({
      failureTolerance: 200,
      maxConcurrent: 500,
    });
    expect(effectiveOperationCounts({ failureToleranceCount: 1, maxConcurrentCount: 2 }, 9)).toEqual({ failureTolerance: 1, maxConcurrent: 2 });
  });

  it('the spec percentages become counts of the accounts under the targets, tolerating at least one failure wherever the spec tolerates any', () => {
    expect(baselineOperationPreferences(settings, 9)).toEqual({
      failureToleranceCount: 1,
      maxConcurrentCount: 2,
      regionConcurrencyType: 'PARALLEL',
      concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
    });
    expect(baselineOperationPreferences(settings, 1)).toEqual({
      failureToleranceCount: 1,
      maxConcurrentCount: 1,
      regionConcurrencyType: 'PARALLEL',
      concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
    });
    expect(baselineOperationPreferences(settings, 2000)).toEqual({
      failureToleranceCount: 200,
      maxConcurrentCount: 500,
      regionConcurrencyType: 'PARALLEL',
      concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
    });
    expect(baselineOperationPreferences({ ...settings, failureTolerancePercentage: 0 }, 2000)).toMatchObject({ failureToleranceCount: 0 });
    // Never both a count and a percentage (CloudFormation accepts one of them).
    expect(Object.keys(baselineOperationPreferences(settings, 9)).some((k) => k.endsWith('Percentage'))).toBe(false);
  });
});
