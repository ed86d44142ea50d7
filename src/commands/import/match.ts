/**
 * Recognises catalog guardrails in live policies: SCPs, RCPs and EC2 declarative policies, each
 * against the guardrails' part of that type. Nothing here knows a guardrail by id: each catalog
 * entry is compiled with its default parameters and with parameters recovered from the live
 * policies (a probe value is compiled in to find where a parameter lands in the output, and the
 * live values at that spot become candidates), and an entry is present on a target when every
 * atom it compiles to is among the target's live atoms. Meaning decides, not text: statement atoms
 * ignore Sids, list order and the packing of statements into documents; a declarative attribute is
 * one atom, equal only when its whole subtree (values, operators, child-policy limits) is equal.
 */
import type { ValidateFunction } from 'ajv';
import type { Guardrail, ScpContext } from '../../../guardrails/guardrail.ts';
import type { PolicyStatement } from '../../iam/policy.ts';
import { compileSchema } from '../../spec/schema-check.ts';
import { canonical } from '../../../scp/pack.ts';
import { atomsOf } from '../../../scp/normalize.ts';

type Params = Record<string, unknown>;
type Path = (string | number)[];

/** The part of a guardrail that becomes one Organizations policy type. */
export type PolicyPart = 'scp' | 'rcp' | 'declarative';

const PROBE = ['guardrails-probe-1', 'guardrails-probe-2'];
const NUMBER_PROBE = 987_654_321;
/** Parameter sets tried per guardrail: every combination when there are at most this many, else one or two changed at a time. Declarative parts are tiny to compile. */
const MAX_CANDIDATES: Record<PolicyPart, number> = { scp: 64, rcp: 64, declarative: 1024 };

export interface CatalogEntry {
  guardrail: Guardrail;
  part: PolicyPart;
  validate: ValidateFunction;
}

const validators = new Map<Guardrail, ValidateFunction>();
const entries = new Map<string, CatalogEntry>();

/** A guardrail's part with its parameter schema compiled (once). */
export function catalogEntry(guardrail: Guardrail, part: PolicyPart = 'scp'): CatalogEntry {
  const key = `${guardrail.id} ${part}`;
  let entry = entries.get(key);
  if (!validators.has(guardrail)) validators.set(guardrail, compileSchema(guardrail.parameters));
  if (entry?.guardrail !== guardrail) entries.set(key, (entry = { guardrail, part, validate: validators.get(guardrail)! }));
  return entry;
}

export const catalogEntries = (catalog: readonly Guardrail[], part: PolicyPart = 'scp'): CatalogEntry[] =>
  catalog.filter((g) => g[part]).map((g) => catalogEntry(g, part));

/** What the part compiles to, as the items matching compares: statements, or one `{ attribute: subtree }` per declarative attribute. */
export function compileItems(entry: CatalogEntry, params: Params, ctx: ScpContext): unknown[] {
  const { guardrail, part } = entry;
  if (part === 'declarative') return Object.entries(guardrail.declarative!(params)).map(([k, v]) => ({ [k]: v }));
  return guardrail[part]!(params, ctx);
}

/** The atoms of one item of a part (see the module comment). */
export const itemAtoms = (part: PolicyPart, item: unknown): string[] => (part === 'declarative' ? [canonical(item)] : atomsOf(item as PolicyStatement));

const atomsOfItems = (entry: CatalogEntry, params: Params, ctx: ScpContext) => [
  ...new Set(compileItems(entry, params, ctx).flatMap((i) => itemAtoms(entry.part, i))),
];

/** Parameters with the schema's defaults filled in, or undefined when the schema rejects them. */
export function withDefaults(entry: CatalogEntry, params: Params): Params | undefined {
  const copy = structuredClone(params);
  return entry.validate(copy) ? copy : undefined;
}

/** Where a probe value shows up in compiled statements: the path inside a statement, and what sits beside it there. */
function probeSpots(statements: unknown, isProbe: (v: unknown) => boolean): { path: Path; beside: string[] }[] {
  const out: { path: Path; beside: string[] }[] = [];
  const walk = (value: unknown, path: Path) => {
    if (Array.isArray(value)) {
      if (value.some(isProbe)) {
        out.push({ path, beside: value.filter((v) => !isProbe(v)).map(String) });
        return;
      }
      value.forEach((v, i) => walk(v, [...path, i]));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    } else if (isProbe(value)) out.push({ path, beside: [] });
  };
  (statements as unknown[]).forEach((s) => walk(s, []));
  return out;
}

/** A value at a path inside a statement; object keys compare case-insensitively (condition keys do in IAM). */
function valueAt(value: unknown, path: Path): unknown {
  let here = value;
  for (const step of path) {
    if (here === null || typeof here !== 'object' || Array.isArray(here)) return undefined;
    const obj = here as Record<string, unknown>;
    const key = step in obj ? step : Object.keys(obj).find((k) => k.toLowerCase() === String(step).toLowerCase());
    if (key === undefined) return undefined;
    here = obj[key];
  }
  return here;
}

const listOf = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** Values the live statements hold where a probe landed; with and without what the guardrail itself adds there. */
function liveValues(spots: { path: Path; beside: string[] }[], live: unknown[]): string[][] {
  const out: string[][] = [];
  for (const { path, beside } of spots) {
    for (const s of live) {
      const values = listOf(valueAt(s, path));
      if (!values.length) continue;
      out.push(values);
      const without = values.filter((v) => !beside.includes(v));
      if (without.length && without.length < values.length) out.push(without);
    }
  }
  return out;
}

function probeValue(schema: Record<string, any>): { probe: unknown; isProbe: (v: unknown) => boolean; read: (values: string[]) => unknown } | undefined {
  if (schema.type === 'array' && (schema.items?.type === 'string' || schema.items?.type === 'integer' || schema.items?.type === 'number')) {
    const numeric = schema.items.type !== 'string';
    return numeric
      ? { probe: [NUMBER_PROBE, NUMBER_PROBE + 1], isProbe: (v) => Number(v) === NUMBER_PROBE || Number(v) === NUMBER_PROBE + 1, read: (vs) => vs.map(Number) }
      : { probe: PROBE, isProbe: (v) => PROBE.includes(v as string), read: (vs) => vs };
  }
  if (schema.type === 'integer' || schema.type === 'number')
    return { probe: NUMBER_PROBE, isProbe: (v) => Number(v) === NUMBER_PROBE, read: (vs) => Number(vs[0]) };
  if (schema.type === 'string' && !schema.enum) return { probe: PROBE[0], isProbe: (v) => v === PROBE[0], read: (vs) => vs[0] };
  return undefined;
}

/** Parameter sets worth trying for one guardrail: its defaults, and every combination of values recovered from the live statements. */
export function parameterCandidates(entry: CatalogEntry, ctx: ScpContext, live: unknown[]): Params[] {
  const defaults = withDefaults(entry, {});
  if (!defaults) return [];
  const options: [string, unknown[]][] = [];
  for (const [name, schema] of Object.entries(entry.guardrail.parameters.properties) as [string, Record<string, any>][]) {
    const values: unknown[] = [];
    if (schema.type === 'boolean') values.push(true, false);
    else if (schema.enum) values.push(...schema.enum);
    else {
      const probe = probeValue(schema);
      if (!probe) continue;
      let compiled: unknown[];
      try {
        compiled = compileItems(entry, { ...defaults, [name]: probe.probe }, ctx);
      } catch {
        continue;
      }
      const seen = new Set<string>();
      for (const vs of liveValues(probeSpots(compiled, probe.isProbe), live)) {
        const value = probe.read(vs);
        const key = canonical(value);
        if (!seen.has(key)) values.push(value);
        seen.add(key);
      }
    }
    if (values.length) options.push([name, values]);
  }
  const out: Params[] = [defaults];
  const keys = new Set([canonical(defaults)]);
  const limit = MAX_CANDIDATES[entry.part];
  const add = (p: Params) => {
    const filled = withDefaults(entry, p);
    if (!filled || keys.has(canonical(filled)) || out.length >= limit) return;
    keys.add(canonical(filled));
    out.push(filled);
  };
  if (options.reduce((n, [, values]) => n * (values.length + 1), 1) <= limit) {
    const combinations = options.reduce<Params[]>((sets, [name, values]) => sets.flatMap((p) => [p, ...values.map((v) => ({ ...p, [name]: v }))]), [defaults]);
    combinations.forEach(add);
    return out;
  }
  // One parameter changed at a time first (most specific), then pairs.
  for (const [name, values] of options) for (const v of values) add({ ...defaults, [name]: v });
  for (let i = 0; i < options.length; i++)
    for (let j = i + 1; j < options.length; j++)
      for (const a of options[i][1]) for (const b of options[j][1]) add({ ...defaults, [options[i][0]]: a, [options[j][0]]: b });
  return out;
}

/** Values a context field takes in the live statements (break-glass patterns, allowed regions), found by the same probing. */
export function contextCandidates(entries: CatalogEntry[], ctx: ScpContext, field: 'breakGlass' | 'allowedRegions', live: unknown[]): string[][] {
  const counts = new Map<string, { value: string[]; n: number }>();
  for (const entry of entries) {
    const defaults = withDefaults(entry, {});
    if (!defaults) continue;
    let compiled: unknown[];
    try {
      compiled = compileItems(entry, defaults, { ...ctx, [field]: PROBE });
    } catch {
      continue;
    }
    for (const { path, beside } of probeSpots(compiled, (v) => PROBE.includes(v as string))) {
      for (const s of live) {
        // What the guardrail itself puts beside the field's values (the automation role) is not part of the field.
        const value = [...new Set(listOf(valueAt(s, path)).filter((v) => !beside.includes(v) && !ctx.automation.includes(v)))];
        if (!value.length) continue;
        // Counted as a set, written in the order the live policy has it.
        const key = canonical([...value].sort());
        counts.set(key, { value, n: (counts.get(key)?.n ?? 0) + 1 });
      }
    }
  }
  return [...counts.values()].sort((a, b) => b.n - a.n || canonical([...a.value].sort()).localeCompare(canonical([...b.value].sort()))).map((c) => c.value);
}

export interface GuardrailOnTarget {
  entry: CatalogEntry;
  params: Params;
  atoms: string[];
}

/** Every candidate's atoms, compiled once per context. */
export function compileCandidates(entries: CatalogEntry[], ctx: ScpContext, candidates: Map<CatalogEntry, Params[]>): GuardrailOnTarget[] {
  const out: GuardrailOnTarget[] = [];
  for (const entry of entries) {
    for (const params of candidates.get(entry) ?? []) {
      try {
        out.push({ entry, params, atoms: atomsOfItems(entry, params, ctx) });
      } catch {
        // A parameter set the guardrail cannot compile is simply not a candidate.
      }
    }
  }
  return out;
}

/** For each guardrail, the candidate present on a target: the one covering most atoms, then the one closest to the defaults. */
export function matchTarget(compiled: GuardrailOnTarget[], liveAtoms: ReadonlySet<string>, nonDefault: (c: GuardrailOnTarget) => number): GuardrailOnTarget[] {
  const best = new Map<CatalogEntry, GuardrailOnTarget>();
  for (const c of compiled) {
    if (!c.atoms.length || !c.atoms.every((a) => liveAtoms.has(a))) continue;
    const current = best.get(c.entry);
    if (!current || c.atoms.length > current.atoms.length || (c.atoms.length === current.atoms.length && nonDefault(c) < nonDefault(current)))
      best.set(c.entry, c);
  }
  return [...best.values()];
}

/** The smallest `with:` compiling to the same atoms as `params` (keys equal to their default, or implied by the context, are left out). */
export function minimalWith(entry: CatalogEntry, params: Params, ctx: ScpContext): Params {
  const defaults = withDefaults(entry, {}) ?? {};
  const target = canonical(atomsOfItems(entry, params, ctx).sort());
  const result: Params = {};
  for (const [k, v] of Object.entries(params)) if (canonical(v) !== canonical(defaults[k])) result[k] = v;
  for (const k of Object.keys(result).sort()) {
    const { [k]: _dropped, ...rest } = result;
    const filled = withDefaults(entry, rest);
    if (filled && canonical(atomsOfItems(entry, filled, ctx).sort()) === target) delete result[k];
  }
  return result;
}
