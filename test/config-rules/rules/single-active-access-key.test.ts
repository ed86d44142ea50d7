import { describe, expect, it } from 'vitest';
import { singleActiveAccessKey } from '../../../config-rules/rules/single-active-access-key.ts';
import { context, report } from './credential-report-rules.fixture.ts';

describe('single-active-access-key', () => {
  it('one active key is compliant, two are not, none is not applicable', () => {
    const out = Object.fromEntries(
      singleActiveAccessKey.evaluate(report(true, false), {}, context).map((v) => [v.resourceId, `${v.complianceType} ${v.annotation ?? ''}`.trim()]),
    );
    expect(out).toEqual({ alice: 'COMPLIANT', bob: 'NON_COMPLIANT 2 active access keys', ci: 'NOT_APPLICABLE no active access keys' });
  });
});
