import { describe, expect, it } from 'vitest';
import { customDescriptionsIn, customNamesIn, policyDescription } from '../../scp/description.ts';
import type { StatementOrigin } from '../../scp/pack.ts';

const from = (...sources: string[]): StatementOrigin[] =>
  sources.map((source) => ({ source, statement: { Effect: 'Deny', Action: '*', Resource: '*' }, specPath: [] }));

describe('policy description', () => {
  it('numbers the statements of each custom entry, and reads them back', () => {
    const text = policyDescription('Workloads/Prod', [
      from('deny-root-user'),
      from('scp:no-metal'),
      from('deny-leave-organization', 'scp:no-opt-in'),
      from('scp:no-metal'),
    ]);
    expect(text).toBe('org-guardrails: Workloads/Prod; custom: no-metal (2, 4), no-opt-in (3)');
    expect(customNamesIn(text)).toEqual(
      new Map([
        [1, ['no-metal']],
        [3, ['no-metal']],
        [2, ['no-opt-in']],
      ]),
    );
  });

  it('is only the target when no custom entry is in the document, and names nothing then', () => {
    expect(policyDescription('Root', [from('deny-root-user')])).toBe('org-guardrails: Root');
    expect(customNamesIn('org-guardrails: Root').size).toBe(0);
    expect(customNamesIn('written by hand; custom: things').size).toBe(0);
  });

  it('stays within the 512 characters Organizations allows, leaving out the names that do not fit', () => {
    const origins = Array.from({ length: 40 }, (_, i) => from(`rcp:a-rather-long-custom-policy-name-${i}`));
    const text = policyDescription('Root', origins);
    expect(text.length).toBeLessThanOrEqual(512);
    const names = customNamesIn(text);
    expect(names.get(0)).toEqual(['a-rather-long-custom-policy-name-0']);
    expect(names.has(39)).toBe(false);
  });

  it("carries each custom entry's own description, quoted, when it fits", () => {
    const said = 'Only "platform" (the team) changes these, ever.';
    const text = policyDescription('Root', [from('scp:protect-roles'), from('scp:other')], new Map([['protect-roles', said]]));
    expect(text).toBe(`org-guardrails: Root; custom: protect-roles (1) ${JSON.stringify(said)}, other (2)`);
    expect(customDescriptionsIn(text)).toEqual(new Map([['protect-roles', said]]));
    expect(customNamesIn(text)).toEqual(
      new Map([
        [0, ['protect-roles']],
        [1, ['other']],
      ]),
    );
    // Too long to fit: the name stays, the description goes.
    const long = policyDescription('Root', [from('scp:protect-roles')], new Map([['protect-roles', 'x'.repeat(600)]]));
    expect(long).toBe('org-guardrails: Root; custom: protect-roles (1)');
  });
});
