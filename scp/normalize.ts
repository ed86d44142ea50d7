/**
 * Statements compared by meaning, not by text. IAM treats an element's list as a set, action
 * names case-insensitively, a one-element list like its single value, and a Sid as a label
 * (IAM JSON policy element reference: Action, Resource, Condition). Within one target, SCP
 * statements are a set too: a Deny in any statement of any attached policy denies, and an Allow
 * in any of them allows ("SCP evaluation", Organizations User Guide). So a statement with an
 * Action list means the same as one statement per action ("atoms"), and two targets' policies
 * mean the same when their atoms are equal, however they were split into documents or merged.
 */
import { asList, type PolicyDocument, type PolicyStatement } from '../src/iam/policy.ts';
import { canonical } from './pack.ts';

const sortedSet = (values: unknown, fold = false): string[] | undefined => {
  if (values === undefined) return undefined;
  return [...new Set(asList(values as string | string[]).map((v) => (fold ? String(v).toLowerCase() : String(v))))].sort();
};

/** A statement in canonical shape, without its Sid. */
export function normalizeStatement(s: PolicyStatement): Record<string, unknown> {
  const out: Record<string, unknown> = { Effect: s.Effect };
  if (s.Action !== undefined) out.Action = sortedSet(s.Action, true);
  if (s.NotAction !== undefined) out.NotAction = sortedSet(s.NotAction, true);
  if (s.Resource !== undefined) out.Resource = sortedSet(s.Resource);
  if (s.NotResource !== undefined) out.NotResource = sortedSet(s.NotResource);
  if (s.Condition && Object.keys(s.Condition).length) {
    // Operators are case-sensitive, condition key names are not (IAM: "Condition keys are case-insensitive").
    out.Condition = Object.fromEntries(
      Object.entries(s.Condition).map(([operator, keys]) => [
        operator,
        Object.fromEntries(Object.entries(keys).map(([k, v]) => [k.toLowerCase(), sortedSet(v)])),
      ]),
    );
  }
  return out;
}

export const statementKey = (s: PolicyStatement): string => canonical(normalizeStatement(s));

/** One key per action of an Action statement; a NotAction statement is one atom. */
export function atomsOf(s: PolicyStatement): string[] {
  const normal = normalizeStatement(s);
  if (normal.Action === undefined) return [canonical(normal)];
  return (normal.Action as string[]).map((a) => canonical({ ...normal, Action: [a] }));
}

/** The statements of a policy document as Organizations returns it (Statement may be one object). */
export function statementsOf(content: string | PolicyDocument): PolicyStatement[] {
  const doc = typeof content === 'string' ? (JSON.parse(content) as { Statement?: PolicyStatement | PolicyStatement[] }) : content;
  return asList(doc.Statement);
}

export interface StatementDiff {
  /** In the expected document, not in the actual one. */
  missing: PolicyStatement[];
  /** In the actual document, not in the expected one. */
  extra: PolicyStatement[];
}

/** Statement-level difference of two policies, by meaning (an edited statement shows as one missing and one extra). */
export function diffStatements(expected: PolicyStatement[], actual: PolicyStatement[]): StatementDiff {
  const expectedAtoms = new Set(expected.flatMap(atomsOf));
  const actualAtoms = new Set(actual.flatMap(atomsOf));
  return {
    missing: expected.filter((s) => atomsOf(s).some((a) => !actualAtoms.has(a))),
    extra: actual.filter((s) => atomsOf(s).some((a) => !expectedAtoms.has(a))),
  };
}
