/**
 * The description the program writes on each Organizations policy it creates: the target, and which
 * statements carry a custom `scp:`/`rcp:` entry of the spec (with the entry's own description).
 * Packing mixes catalog and custom statements in one document and renames clashing Sids, so the
 * description is the one place that says which statement came from which custom entry: `guardrails
 * import` reads it back to give the entries their spec names and descriptions. Organizations allows
 * 512 characters of description (API Reference, CreatePolicy: Description, "Maximum length of 512"):
 * an entry's description that does not fit is left out, then its name (import then names the
 * statement after its Sid).
 */
import { isCustomRcp, isCustomScp, type GuardrailUse } from '../src/model/spec.ts';
import type { StatementOrigin } from './pack.ts';

export const DESCRIPTION_PREFIX = 'org-guardrails';
const MAX_DESCRIPTION = 512;
const CUSTOM = /^(scp|rcp):(.+)$/;

/** The spec's custom entries' descriptions, by name. */
export const customDescriptions = (guardrails: readonly GuardrailUse[]): Map<string, string> =>
  new Map(
    guardrails
      .flatMap((g) => (isCustomScp(g) ? [[g.scp, g.description]] : isCustomRcp(g) ? [[g.rcp, g.description]] : []))
      .filter((e): e is [string, string] => !!e[1]),
  );

/** `org-guardrails: TARGET; custom: NAME (1, 3) "its description", OTHER (2)` with 1-based statement numbers of each custom entry. */
export function policyDescription(target: string, origins: readonly StatementOrigin[][] = [], descriptions: ReadonlyMap<string, string> = new Map()): string {
  const numbers = new Map<string, number[]>();
  origins.forEach((list, i) => {
    for (const o of list) {
      const name = CUSTOM.exec(o.source)?.[2];
      if (name && !numbers.get(name)?.includes(i + 1)) numbers.set(name, [...(numbers.get(name) ?? []), i + 1]);
    }
  });
  let text = `${DESCRIPTION_PREFIX}: ${target}`;
  let separator = '; custom: ';
  for (const [name, list] of numbers) {
    const bare = `${separator}${name} (${list.join(', ')})`;
    const described = descriptions.has(name) ? `${bare} ${JSON.stringify(descriptions.get(name))}` : bare;
    const part = [described, bare].find((p) => text.length + p.length <= MAX_DESCRIPTION);
    if (!part) break;
    text += part;
    separator = ', ';
  }
  return text;
}

const ENTRY = /([A-Za-z0-9_-]+) \(([\d, ]+)\)(?: ("(?:[^"\\]|\\.)*"))?/g;

const entriesIn = (description: string) => [...(/; custom: (.*)$/s.exec(description)?.[1] ?? '').matchAll(ENTRY)];

/** Statement index (0-based) → the custom entry names policyDescription recorded for it. */
export function customNamesIn(description: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const [, name, numbers] of entriesIn(description))
    for (const n of numbers.split(',').map((x) => Number(x.trim()) - 1)) out.set(n, [...(out.get(n) ?? []), name]);
  return out;
}

/** Custom entry name → the description policyDescription recorded for it. */
export function customDescriptionsIn(description: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [, name, , quoted] of entriesIn(description)) {
    if (!quoted) continue;
    try {
      out.set(name, JSON.parse(quoted));
    } catch {
      // Edited by hand into something that is not a JSON string: no description.
    }
  }
  return out;
}
