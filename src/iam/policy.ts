/** IAM policy grammar as SCPs use it (AWS's JSON policy element reference). */
export type OneOrMany<T> = T | T[];

export type ConditionBlock = Record<string, Record<string, OneOrMany<string | number | boolean>>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  NotResource?: OneOrMany<string>;
  Condition?: ConditionBlock;
  /** RCPs only (and there only "*"); not allowed in SCPs. */
  Principal?: unknown;
  NotPrincipal?: unknown;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export const asList = <T>(v: OneOrMany<T> | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * AWS's own FullAWSAccess SCP, attached everywhere unless a target opts out: its fixed policy id,
 * name and document (Organizations User Guide, "AWS managed policies": p-FullAWSAccess).
 */
export const FULL_AWS_ACCESS = {
  id: 'p-FullAWSAccess',
  name: 'FullAWSAccess',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } as PolicyDocument,
} as const;

/**
 * AWS's RCPFullAWSAccess, attached to the root, every OU and every account as soon as RCPs are
 * enabled, and impossible to detach (AWS Organizations User Guide, RCP syntax). It grants nothing:
 * it lets requests pass RCP evaluation until a custom RCP denies them.
 */
export const RCP_FULL_AWS_ACCESS = {
  id: 'p-RCPFullAWSAccess',
  name: 'RCPFullAWSAccess',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] } as PolicyDocument,
} as const;

/**
 * Characters as AWS Organizations counts them against a policy's maximum size: every character of
 * the JSON exactly as sent, whitespace included ("All characters in your SCP count against its
 * maximum size", AWS Organizations User Guide, SCP syntax / RCP syntax). Characters, not UTF-8 bytes:
 * "é" counts 1, and a character outside the BMP counts 1 as well (one code point).
 */
export function policyCharacters(text: string): number {
  // Fast path: ASCII-only text (the usual policy) has one character per UTF-16 unit.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return text.length;
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Size as AWS counts it: characters of the document exactly as we send it (minified JSON). */
export const documentSize = (doc: unknown): number => policyCharacters(JSON.stringify(doc));

/** Condition keys a set of statements can read (Condition keys and ${...} policy variables), lower case. */
export function conditionKeysNamedIn(statements: Iterable<PolicyStatement>): Set<string> {
  const out = new Set<string>();
  for (const s of statements) {
    for (const keys of Object.values(s.Condition ?? {})) for (const k of Object.keys(keys)) out.add(k.toLowerCase());
    for (const m of JSON.stringify(s).matchAll(/\$\{([^}]+)\}/g)) out.add(m[1].split(',')[0].trim().toLowerCase());
  }
  return out;
}
