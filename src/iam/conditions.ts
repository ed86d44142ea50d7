/**
 * The Condition element, evaluated as AWS documents it (IAM JSON policy elements: condition operators):
 * - every operator block and every key in it must hold (AND); several values for one key are OR,
 *   except for negated operators, where the key must match none of them;
 * - a key absent from the request makes a condition false, or true for a negated operator;
 *   ...IfExists is true when the key is absent; Null tests presence itself;
 * - ForAnyValue: some request value satisfies the operator (false when the key is absent);
 *   ForAllValues: every request value does (true when the key is absent or empty).
 */
import { BlockList, isIP } from 'node:net';
import type { ConditionBlock } from './policy.ts';
import { substituteVariables, unresolvedVariables, type RequestContext } from './request.ts';
import { arnMatch, wildcardMatch } from './wildcard.ts';

type Matcher = (requestValue: string, policyValue: string, context: RequestContext) => boolean;

interface OperatorDefinition {
  match: Matcher;
  negated: boolean;
}

const substituted =
  (f: (r: string, p: string) => boolean, pattern = false): Matcher =>
  (r, p, ctx) => {
    const value = substituteVariables(p, ctx, pattern);
    return value !== undefined && f(r, value);
  };

const number = (s: string): number | undefined => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : undefined);
const numeric =
  (cmp: (a: number, b: number) => boolean): Matcher =>
  (r, p) => {
    const a = number(r);
    const b = number(p);
    return a !== undefined && b !== undefined && cmp(a, b);
  };

/** Dates are ISO 8601 or epoch seconds. */
const epoch = (s: string): number | undefined => (/^\d+$/.test(s) ? Number(s) * 1000 : Number.isNaN(Date.parse(s)) ? undefined : Date.parse(s));
const date =
  (cmp: (a: number, b: number) => boolean): Matcher =>
  (r, p) => {
    const a = epoch(r);
    const b = epoch(p);
    return a !== undefined && b !== undefined && cmp(a, b);
  };

function ipInRange(ip: string, cidr: string): boolean {
  const [address, prefix] = cidr.split('/');
  const family = isIP(address);
  if (!family || isIP(ip) !== family) return false;
  const list = new BlockList();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  list.addSubnet(address, prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix), type);
  return list.check(ip, type);
}

const stringEquals = substituted((r, p) => r === p);
const stringEqualsIgnoreCase = substituted((r, p) => r.toLowerCase() === p.toLowerCase());
const stringLike = substituted((r, p) => wildcardMatch(p, r), true);
const arnLike = substituted((r, p) => arnMatch(p, r), true);
const ip: Matcher = (r, p) => ipInRange(r, p);

const positive = (match: Matcher): OperatorDefinition => ({ match, negated: false });
const negated = (match: Matcher): OperatorDefinition => ({ match, negated: true });

/** Base operators by lower-case name (operator names are matched case-insensitively). */
const OPERATORS = new Map<string, OperatorDefinition>(
  Object.entries({
    StringEquals: positive(stringEquals),
    StringNotEquals: negated(stringEquals),
    StringEqualsIgnoreCase: positive(stringEqualsIgnoreCase),
    StringNotEqualsIgnoreCase: negated(stringEqualsIgnoreCase),
    StringLike: positive(stringLike),
    StringNotLike: negated(stringLike),
    NumericEquals: positive(numeric((a, b) => a === b)),
    NumericNotEquals: negated(numeric((a, b) => a === b)),
    NumericLessThan: positive(numeric((a, b) => a < b)),
    NumericLessThanEquals: positive(numeric((a, b) => a <= b)),
    NumericGreaterThan: positive(numeric((a, b) => a > b)),
    NumericGreaterThanEquals: positive(numeric((a, b) => a >= b)),
    DateEquals: positive(date((a, b) => a === b)),
    DateNotEquals: negated(date((a, b) => a === b)),
    DateLessThan: positive(date((a, b) => a < b)),
    DateLessThanEquals: positive(date((a, b) => a <= b)),
    DateGreaterThan: positive(date((a, b) => a > b)),
    DateGreaterThanEquals: positive(date((a, b) => a >= b)),
    Bool: positive((r, p) => r.toLowerCase() === p.toLowerCase()),
    BinaryEquals: positive((r, p) => r === p),
    IpAddress: positive(ip),
    NotIpAddress: negated(ip),
    ArnEquals: positive(arnLike),
    ArnNotEquals: negated(arnLike),
    ArnLike: positive(arnLike),
    ArnNotLike: negated(arnLike),
  }).map(([k, v]) => [k.toLowerCase(), v]),
);

export const CONDITION_OPERATORS: readonly string[] = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnNotEquals',
  'ArnLike',
  'ArnNotLike',
  'Null',
];

export interface ParsedOperator {
  set?: 'ForAllValues' | 'ForAnyValue';
  base: string;
  ifExists: boolean;
  definition?: OperatorDefinition;
}

const parsedCache = new Map<string, ParsedOperator | undefined>();

/** Splits `ForAnyValue:StringLikeIfExists` into its parts; undefined for an unknown operator. */
export function parseOperator(name: string): ParsedOperator | undefined {
  if (parsedCache.has(name)) return parsedCache.get(name);
  let rest = name;
  let set: ParsedOperator['set'];
  const qualifier = /^(forallvalues|foranyvalue):/i.exec(rest);
  if (qualifier) {
    set = qualifier[1].toLowerCase() === 'forallvalues' ? 'ForAllValues' : 'ForAnyValue';
    rest = rest.slice(qualifier[0].length);
  }
  let ifExists = false;
  if (/ifexists$/i.test(rest) && rest.toLowerCase() !== 'ifexists') {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const base = rest.toLowerCase();
  let parsed: ParsedOperator | undefined;
  if (base === 'null') parsed = ifExists || set ? undefined : { base: 'Null', ifExists: false };
  else if (OPERATORS.has(base)) parsed = { set, base, ifExists, definition: OPERATORS.get(base) };
  parsedCache.set(name, parsed);
  return parsed;
}

const asStrings = (v: unknown): string[] => (Array.isArray(v) ? v : [v]).map(String);

function evaluateOperator(op: ParsedOperator, key: string, policyValues: string[], ctx: RequestContext): boolean {
  const requestValues = ctx.values.get(key.toLowerCase());
  if (op.base === 'Null') {
    const absent = requestValues === undefined || requestValues.length === 0;
    return policyValues.some((p) => (p.toLowerCase() === 'true') === absent);
  }
  const { match, negated } = op.definition!;
  // One request value against the policy's values: OR of matches, or for a negated operator, none matching.
  const holds = (r: string) => {
    const any = policyValues.some((p) => match(r, p, ctx));
    return negated ? !any : any;
  };
  // The missing-key rule (IAM User Guide, condition operators: "If the key that you specify in a policy
  // condition is not present in the request context, the values do not match"). Not matching makes a
  // positive operator false and a negated one (StringNotEquals, ArnNotLike, NotIpAddress...) true: a Deny
  // with `StringNotEquals aws:PrincipalOrgID` DOES deny a request that carries no PrincipalOrgID. ...IfExists
  // turns the absent case into true for every operator. The set qualifiers differ: ForAllValues over no
  // values is vacuously true, ForAnyValue over no values is false (unless ...IfExists).
  if (op.set === 'ForAllValues') return requestValues === undefined || requestValues.length === 0 ? true : requestValues.every(holds);
  if (op.set === 'ForAnyValue') return requestValues === undefined || requestValues.length === 0 ? op.ifExists : requestValues.some(holds);
  if (requestValues === undefined || requestValues.length === 0) return op.ifExists || negated;
  return negated ? requestValues.every(holds) : requestValues.some(holds);
}

/**
 * The keys absent from the request on which a block's outcome rests: none when a pair over
 * present keys (and resolvable policy variables) already fails (the block is false whatever the
 * absent keys would say), else every absent key the block names and every key of a policy
 * variable in its values the request cannot resolve, plus `alsoRestedOn` (what the rest of the
 * statement, its Resource, rested on).
 */
export function absentKeysRestedOn(block: ConditionBlock | undefined, ctx: RequestContext, alsoRestedOn: readonly string[] = []): string[] {
  // Plain loops: this runs for every condition block of every replayed request.
  const absent = [...alsoRestedOn];
  /** Pairs over present keys and resolvable values: one that fails makes the block false whatever. */
  const certain: [string, string, string[]][] = [];
  for (const operator in block) {
    // An unknown operator never holds: the block is false whatever the request carries.
    if (!parseOperator(operator)) return [];
    const keys = block[operator];
    for (const key in keys) {
      const values = asStrings(keys[key]);
      const before = absent.length;
      if ((ctx.values.get(key.toLowerCase())?.length ?? 0) === 0) absent.push(key);
      for (const v of values) if (v.includes('${')) absent.push(...unresolvedVariables(v, ctx));
      if (absent.length === before) certain.push([operator, key, values]);
    }
  }
  if (absent.length === 0) return absent;
  for (const [operator, key, values] of certain) if (!evaluateOperator(parseOperator(operator)!, key, values, ctx)) return [];
  return absent.length > 1 ? [...new Set(absent)] : absent;
}

/**
 * True when every operator/key pair of the block holds for the request. Unknown operators never hold.
 * `alsoRestedOn`: keys the statement's Resource match rested on, recorded with the block's own.
 */
export function conditionHolds(block: ConditionBlock | undefined, ctx: RequestContext, alsoRestedOn: readonly string[] = []): boolean {
  ctx.absentKeysRestedOn?.push(absentKeysRestedOn(block, ctx, alsoRestedOn));
  if (!block) return true;
  for (const [operator, keys] of Object.entries(block)) {
    const op = parseOperator(operator);
    if (!op) return false;
    for (const [key, values] of Object.entries(keys)) if (!evaluateOperator(op, key, asStrings(values), ctx)) return false;
  }
  return true;
}
