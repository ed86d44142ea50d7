/**
 * Turns a target's statements into as few SCP documents as AWS's limits allow:
 * identical statements are dropped, statements that differ only in their Action
 * list are merged (same effect, resources and conditions: the union means the same),
 * then statements are packed first-fit-decreasing into documents of at most the size limit.
 */
import { asList, type PolicyDocument, type PolicyStatement } from '../src/iam/policy.ts';

export interface StatementOrigin {
  /** Catalog guardrail id, or `scp:<name>` for a custom SCP. */
  source: string;
  sid?: string;
  /** The statement as its source wrote it, before merging (to name exactly which source decided). */
  statement: PolicyStatement;
  /** Spec path of the guardrail entry (for positioned errors). */
  specPath: ReadonlyArray<string | number>;
}

export interface SourcedStatement {
  statement: PolicyStatement;
  origins: StatementOrigin[];
}

export interface PackedDocument {
  document: PolicyDocument;
  size: number;
  origins: StatementOrigin[][];
}

/** Canonical JSON: object keys sorted, so equal statements compare equal whatever their key order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const one = <T>(list: T[]): T | T[] => (list.length === 1 ? list[0] : list);

/** Key under which statements may merge their Action lists: everything but Sid and Action. */
function mergeKey(s: PolicyStatement): string | undefined {
  if (s.Action === undefined || s.NotAction !== undefined) return undefined;
  const { Sid: _sid, Action: _action, ...rest } = s;
  return canonical(rest);
}

export function mergeStatements(input: SourcedStatement[]): SourcedStatement[] {
  const byText = new Map<string, SourcedStatement>();
  for (const item of input) {
    const { Sid: _sid, ...rest } = item.statement;
    const key = canonical(rest);
    const existing = byText.get(key);
    if (existing) existing.origins.push(...item.origins);
    else byText.set(key, { statement: item.statement, origins: [...item.origins] });
  }
  const out: SourcedStatement[] = [];
  const byMergeKey = new Map<string, SourcedStatement>();
  for (const item of byText.values()) {
    const key = mergeKey(item.statement);
    const target = key === undefined ? undefined : byMergeKey.get(key);
    if (!target) {
      const copy = { statement: { ...item.statement }, origins: [...item.origins] };
      if (key !== undefined) byMergeKey.set(key, copy);
      out.push(copy);
      continue;
    }
    const actions = [...asList(target.statement.Action)];
    const seen = new Set(actions.map((a) => a.toLowerCase()));
    for (const a of asList(item.statement.Action)) {
      if (seen.has(a.toLowerCase())) continue;
      actions.push(a);
      seen.add(a.toLowerCase());
    }
    // "*" subsumes every other action in the list.
    target.statement.Action = actions.includes('*') ? '*' : one(actions);
    const sids = [target.statement.Sid, item.statement.Sid].filter(Boolean);
    target.statement.Sid = sids.length ? sids.join('') : undefined;
    if (target.statement.Sid === undefined) delete target.statement.Sid;
    target.origins.push(...item.origins);
  }
  return out;
}

const EMPTY_DOCUMENT_SIZE = Buffer.byteLength(JSON.stringify({ Version: '2012-10-17', Statement: [] }), 'utf8');
export const statementSize = (s: PolicyStatement): number => Buffer.byteLength(JSON.stringify(s), 'utf8');

export interface PackResult {
  documents: PackedDocument[];
  /** Statements that do not fit even alone in a document. */
  oversized: SourcedStatement[];
}

export function packStatements(statements: SourcedStatement[], sizeLimit: number): PackResult {
  const capacity = sizeLimit - EMPTY_DOCUMENT_SIZE;
  const sized = statements.map((s, order) => ({ ...s, order, size: statementSize(s.statement), text: canonical(s.statement) }));
  const oversized = sized.filter((s) => s.size > capacity);
  const bins: { used: number; items: typeof sized }[] = [];
  // Largest first, ties broken by text so the result never depends on input order accidents.
  const fitting = sized.filter((s) => s.size <= capacity).sort((a, b) => b.size - a.size || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  for (const item of fitting) {
    // Every statement after the first costs one comma.
    const bin = bins.find((b) => b.used + item.size + (b.items.length ? 1 : 0) <= capacity);
    if (bin) {
      bin.used += item.size + (bin.items.length ? 1 : 0);
      bin.items.push(item);
    } else {
      bins.push({ used: item.size, items: [item] });
    }
  }
  // Number documents by the spec order of their first statement, so names read in spec order.
  bins.sort((a, b) => Math.min(...a.items.map((i) => i.order)) - Math.min(...b.items.map((i) => i.order)));
  const documents = bins.map((bin) => {
    // Within a document keep the spec's order: that is how a reviewer reads it.
    const items = [...bin.items].sort((a, b) => a.order - b.order);
    const document: PolicyDocument = { Version: '2012-10-17', Statement: uniqueSids(items.map((i) => i.statement)) };
    return { document, size: Buffer.byteLength(JSON.stringify(document), 'utf8'), origins: items.map((i) => i.origins) };
  });
  return { documents, oversized: oversized.map(({ statement, origins }) => ({ statement, origins })) };
}

/** AWS rejects a policy whose statements repeat a Sid; statements from different sources may. */
function uniqueSids(statements: PolicyStatement[]): PolicyStatement[] {
  const used = new Set<string>();
  return statements.map((s) => {
    if (s.Sid === undefined) return s;
    let sid = s.Sid;
    for (let n = 2; used.has(sid); n++) sid = `${s.Sid}${n}`;
    used.add(sid);
    return sid === s.Sid ? s : { ...s, Sid: sid };
  });
}
