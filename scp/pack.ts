/**
 * Turns a target's statements into as few SCP documents as AWS's limits allow:
 * identical statements are dropped, statements that differ only in their Action
 * list are merged (same effect, resources and conditions: the union means the same),
 * then statements are packed first-fit-decreasing into documents of at most the size limit.
 */
import { asList, documentSize, policyCharacters, type PolicyDocument, type PolicyStatement } from '../src/iam/policy.ts';

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

/**
 * Key under which statements may merge their Action lists: everything but Sid and Action.
 *
 * The Action-merge rule, and why it is exact: a statement applies to a request when its Action
 * matches AND its Resource matches AND its Condition holds (IAM policy evaluation logic). Two
 * statements with the same Effect, Resource/NotResource, Principal and Condition therefore apply
 * together exactly when "Action in A1 OR Action in A2" does, which is one statement with the union
 * A1 ∪ A2. For Deny, any matching statement denies; for Allow, any matching statement allows at its
 * level: either way one merged statement decides every request as the two did. The rule does NOT hold
 * for NotAction (the union of two NotAction lists matches the intersection of what each matched,
 * so merging would deny less), which is why NotAction statements never merge. A Sid carries no
 * meaning in evaluation, so merged Sids are simply joined.
 */
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

const EMPTY_DOCUMENT_SIZE = documentSize({ Version: '2012-10-17', Statement: [] });
/** Characters a statement adds to a document (AWS counts characters of the JSON as sent). */
export const statementSize = (s: PolicyStatement): number => policyCharacters(JSON.stringify(s));

export interface PackResult {
  documents: PackedDocument[];
  /** Statements that do not fit even alone in a document. */
  oversized: SourcedStatement[];
}

interface Bin<T> {
  /** Characters of the statements placed so far, commas between them included. */
  used: number;
  items: (T & { placed: PolicyStatement })[];
  sids: Set<string>;
}

/**
 * The Sid a statement gets in a document that already uses `sids`: AWS rejects a policy whose
 * statements repeat a Sid, and statements from different sources may share one ("DenyAll").
 * The first free `${Sid}N` (N = 2, 3, ...) keeps it readable; the rename is decided here, while
 * packing, so its extra characters are counted before the statement is admitted to the document.
 */
function sidIn(statement: PolicyStatement, sids: ReadonlySet<string>): PolicyStatement {
  if (statement.Sid === undefined || !sids.has(statement.Sid)) return statement;
  let n = 2;
  while (sids.has(`${statement.Sid}${n}`)) n++;
  return { ...statement, Sid: `${statement.Sid}${n}` };
}

/**
 * First-fit-decreasing bin packing (a classic heuristic, within 11/9 of the optimum number of
 * documents): statements are taken largest first, and each goes into the first document that
 * still has room for it, or opens a new document.
 *
 * Invariant (asserted below, before anything is returned): every document, serialized exactly
 * as it is sent to AWS, is at most `sizeLimit` characters. It holds because a document's size is
 * EMPTY_DOCUMENT_SIZE + the statements' characters + one comma between neighbours, and a statement
 * is admitted only when that sum, computed with the Sid it will carry in that document, fits.
 * Reordering statements within a document afterwards does not change its size.
 */
export function packStatements(statements: SourcedStatement[], sizeLimit: number): PackResult {
  const capacity = sizeLimit - EMPTY_DOCUMENT_SIZE;
  const sized = statements.map((s, order) => ({ ...s, order, size: statementSize(s.statement), text: canonical(s.statement) }));
  // A statement alone keeps its own Sid, so its own size decides whether it can fit anywhere.
  const oversized = sized.filter((s) => s.size > capacity);
  const bins: Bin<(typeof sized)[number]>[] = [];
  // Largest first, ties broken by text so the result never depends on input order accidents.
  const fitting = sized.filter((s) => s.size <= capacity).sort((a, b) => b.size - a.size || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  for (const item of fitting) {
    let placed = false;
    for (const bin of bins) {
      const statement = sidIn(item.statement, bin.sids);
      // Every statement after the first costs one comma.
      const cost = (statement === item.statement ? item.size : statementSize(statement)) + (bin.items.length ? 1 : 0);
      if (bin.used + cost > capacity) continue;
      bin.used += cost;
      bin.items.push({ ...item, placed: statement });
      if (statement.Sid !== undefined) bin.sids.add(statement.Sid);
      placed = true;
      break;
    }
    if (!placed)
      bins.push({ used: item.size, items: [{ ...item, placed: item.statement }], sids: new Set(item.statement.Sid === undefined ? [] : [item.statement.Sid]) });
  }
  // Number documents by the spec order of their first statement, so names read in spec order.
  bins.sort((a, b) => Math.min(...a.items.map((i) => i.order)) - Math.min(...b.items.map((i) => i.order)));
  const documents = bins.map((bin) => {
    // Within a document keep the spec's order: that is how a reviewer reads it.
    const items = [...bin.items].sort((a, b) => a.order - b.order);
    const document: PolicyDocument = { Version: '2012-10-17', Statement: items.map((i) => i.placed) };
    return { document, size: documentSize(document), origins: items.map((i) => i.origins) };
  });
  for (const d of documents) {
    if (d.size > sizeLimit) throw new Error(`internal error: a packed policy document is ${d.size} characters, over the limit of ${sizeLimit}`);
  }
  return { documents, oversized: oversized.map(({ statement, origins }) => ({ statement, origins })) };
}
