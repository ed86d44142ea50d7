import { LITERAL_QUESTION, LITERAL_STAR } from './wildcard.ts';

/** A request as policy evaluation sees it: the action, the resource and the request context. */
export interface RequestContext {
  /** Keys in lower case (condition key names are case-insensitive); values as given. */
  values: Map<string, string[]>;
  /**
   * When set, evaluation appends, for each condition block it evaluates, the keys absent from the
   * request on which that block's outcome rested (empty when it did not rest on any), in order.
   */
  absentKeysRestedOn?: string[][];
}

export interface EvaluationRequest {
  action: string;
  resource: string;
  context: RequestContext;
}

export function requestContext(entries: Record<string, string | string[] | undefined>): RequestContext {
  const values = new Map<string, string[]>();
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) values.set(k.toLowerCase(), Array.isArray(v) ? v : [v]);
  return { values };
}

/**
 * Replaces ${aws:PrincipalAccount}-style policy variables; an unknown variable makes the value match nothing.
 * `${*}`, `${?}` and `${$}` are the literal characters (IAM User Guide, policy variables: special
 * characters). In a value that is a wildcard pattern (`pattern`: Resource, StringLike, ArnLike) the
 * literal `*` and `?` come back as LITERAL_STAR / LITERAL_QUESTION, which the wildcard matcher
 * compares as the plain characters instead of treating them as wildcards.
 */
export function substituteVariables(value: string, context: RequestContext, pattern = false): string | undefined {
  if (!value.includes('${')) return value;
  let missing = false;
  const out = value.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
    if (name === '*') return pattern ? LITERAL_STAR : '*';
    if (name === '?') return pattern ? LITERAL_QUESTION : '?';
    if (name === '$') return '$';
    const [key, fallback] = name.split(/\s*,\s*/);
    const v = context.values.get(key.toLowerCase())?.[0];
    if (v !== undefined) return v;
    if (fallback !== undefined) return fallback.replace(/^'|'$/g, '');
    missing = true;
    return '';
  });
  return missing ? undefined : out;
}

/**
 * The keys of a value's policy variables (without a default) that the request lacks. AWS: "If AWS
 * cannot resolve a variable this might cause the entire statement to be invalid" (IAM User Guide,
 * "IAM policy elements: Variables and tags"): a decision resting on such a variable rests on the
 * key's absence exactly as a condition on an absent key does, and is recorded alike.
 */
export function unresolvedVariables(value: string, context: RequestContext): string[] {
  if (!value.includes('${')) return [];
  const out: string[] = [];
  for (const m of value.matchAll(/\$\{([^}]+)\}/g)) {
    const [key, fallback] = m[1].split(/\s*,\s*/);
    if (key === '*' || key === '?' || key === '$' || fallback !== undefined) continue;
    if (context.values.get(key.toLowerCase())?.[0] === undefined) out.push(key);
  }
  return out;
}
