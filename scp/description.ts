/**
 * The description the program writes on each Organizations policy it creates: the target, and which
 * statements carry a custom `scp:`/`rcp:` entry of the spec. Packing mixes catalog and custom statements
 * in one document and renames clashing Sids, so the description is the one place that says which
 * statement came from which custom entry: `guardrails import` reads it back to give the entries their
 * spec names. Organizations allows 512 characters of description (API Reference, CreatePolicy:
 * Description, "Maximum length of 512"); names that do not fit are left out (import then names the
 * statement after its Sid).
 */
import type { StatementOrigin } from './pack.ts';

export const DESCRIPTION_PREFIX = 'org-guardrails';
const MAX_DESCRIPTION = 512;
const CUSTOM = /^(scp|rcp):(.+)$/;

/** `org-guardrails: TARGET; custom: NAME (1, 3), OTHER (2)` with 1-based statement numbers of each custom entry. */
export function policyDescription(target: string, origins: readonly StatementOrigin[][] = []): string {
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
    const part = `${separator}${name} (${list.join(', ')})`;
    if (text.length + part.length > MAX_DESCRIPTION) break;
    text += part;
    separator = ', ';
  }
  return text;
}

/** Statement index (0-based) → the custom entry names policyDescription recorded for it. */
export function customNamesIn(description: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const list = /; custom: (.*)$/.exec(description)?.[1] ?? '';
  for (const [, name, numbers] of list.matchAll(/([A-Za-z0-9_-]+) \(([\d, ]+)\)/g))
    for (const n of numbers.split(',').map((x) => Number(x.trim()) - 1)) out.set(n, [...(out.get(n) ?? []), name]);
  return out;
}
