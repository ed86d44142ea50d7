/**
 * Lints SCP statements before they ship: what AWS would reject at deploy time and
 * what it would accept but never match (a silent hole in a Deny guardrail).
 */
import { closest } from '../core/suggest.ts';
import { parseOperator, CONDITION_OPERATORS } from './conditions.ts';
import { wildcardMatch } from './wildcard.ts';
import type { IamReference } from './reference.ts';
import { asList, type PolicyStatement } from './policy.ts';

export interface LintFinding {
  /** Path below the statement, e.g. ['Action', 2]. */
  path: (string | number)[];
  message: string;
  hint?: string;
  severity: 'error' | 'warning';
}

const error = (path: LintFinding['path'], message: string, hint?: string): LintFinding => ({ path, message, hint, severity: 'error' });
const suggestion = (name: string, known: Iterable<string>) => {
  const c = closest(name, known);
  return c ? `did you mean "${c}"?` : undefined;
};

/**
 * Turns a documented key pattern into a matcher for concrete keys: the service reference
 * writes "aws:RequestTag/${TagKey}", the global key list "aws:PrincipalTag/tag-key".
 */
const keyPattern = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/\/tag-key$/, '/${TagKey}')
      .replace(/[.+^$()|[\]\\?*]/g, '\\$&')
      .replace(/\\\$\{[^}]*\}/g, '.+')}$`,
    'i',
  );
const patternCache = new Map<string, RegExp>();
const keyKnown = (key: string, patterns: readonly string[]) =>
  patterns.some((p) => {
    let re = patternCache.get(p);
    if (!re) patternCache.set(p, (re = keyPattern(p)));
    return re.test(key);
  });

function lintActions(list: string[], field: 'Action' | 'NotAction', iam: IamReference, out: LintFinding[]) {
  list.forEach((action, i) => {
    if (action === '*') {
      if (field === 'NotAction') out.push(error([field, i], 'NotAction "*" excludes every action, so the statement never applies'));
      return;
    }
    const [service, name, extra] = action.split(':');
    if (name === undefined || extra !== undefined || !service || !name) {
      out.push(error([field, i], `"${action}" is not an action`, 'write service:ActionName, e.g. s3:GetObject'));
      return;
    }
    if (!iam.services.has(service.toLowerCase())) {
      out.push(error([field, i], `unknown service prefix "${service}" in "${action}"`, suggestion(service, iam.services)));
      return;
    }
    const actions = iam.actions.get(service.toLowerCase()) ?? [];
    if (!actions.some((a) => wildcardMatch(name, a, true))) {
      out.push(error([field, i], `"${action}" matches no ${service} action`, suggestion(name, actions)?.replace('"', `"${service}:`)));
    }
  });
}

function lintResources(list: string[], field: 'Resource' | 'NotResource', out: LintFinding[]) {
  list.forEach((resource, i) => {
    if (resource === '*') {
      if (field === 'NotResource') out.push(error([field, i], 'NotResource "*" excludes every resource, so the statement never applies'));
      return;
    }
    const parts = resource.split(':');
    if (parts[0] !== 'arn' || parts.length < 6) {
      out.push(error([field, i], `malformed ARN "${resource}"`, 'an ARN has six parts: arn:partition:service:region:account:resource'));
    } else if (!/^(aws|aws-cn|aws-us-gov|aws-iso[a-z-]*|\*)$/.test(parts[1])) {
      out.push(error([field, i], `unknown partition "${parts[1]}" in ARN "${resource}"`, 'expected aws, aws-cn or aws-us-gov'));
    } else if (!/^(\d{12}|[\d?]{12}|[\d?*]*\*[\d?*]*|\$\{.+\}|aws)?$/.test(parts[4])) {
      out.push(error([field, i], `account "${parts[4]}" in ARN "${resource}" is not 12 digits`));
    }
  });
}

function lintConditions(s: PolicyStatement, iam: IamReference, out: LintFinding[]) {
  for (const [operator, keys] of Object.entries(s.Condition ?? {})) {
    const op = parseOperator(operator);
    if (!op) {
      const bare = operator.replace(/^(ForAllValues|ForAnyValue):/i, '').replace(/IfExists$/i, '');
      out.push(error(['Condition', operator], `unknown condition operator "${operator}"`, suggestion(bare, CONDITION_OPERATORS)));
      continue;
    }
    for (const [key, raw] of Object.entries(keys)) {
      const path = ['Condition', operator, key];
      const values = (Array.isArray(raw) ? raw : [raw]).map(String);
      const [service] = key.split(':');
      if (!key.includes(':')) out.push(error(path, `"${key}" is not a condition key`, 'keys are service:Name, e.g. aws:PrincipalArn'));
      else if (service.toLowerCase() === 'aws') {
        const known = [...iam.globalConditionKeys, ...[...iam.conditionKeys.values()].flat().filter((k) => k.toLowerCase().startsWith('aws:'))];
        if (!keyKnown(key, known)) out.push(error(path, `unknown global condition key "${key}"`, suggestion(key, known)));
      } else if (!iam.services.has(service.toLowerCase())) {
        out.push(error(path, `unknown service prefix "${service}" in condition key "${key}"`, suggestion(service, iam.services)));
      } else {
        const known = iam.conditionKeys.get(service.toLowerCase()) ?? [];
        if (!keyKnown(key, known)) out.push(error(path, `unknown condition key "${key}" for ${service}`, suggestion(key, known)));
      }
      if (values.length === 0) out.push(error(path, 'an empty value list never matches', 'give at least one value'));
      const invalid = (what: string, ok: (v: string) => boolean) =>
        values.filter((v) => !ok(v)).forEach((v) => out.push(error(path, `"${v}" is not ${what} (operator ${operator})`)));
      if (op.base === 'Null' || op.base === 'bool') invalid('true or false', (v) => /^(true|false)$/i.test(v));
      else if (op.base.startsWith('numeric')) invalid('a number', (v) => v.trim() !== '' && Number.isFinite(Number(v)));
      else if (op.base.startsWith('date')) invalid('a date (ISO 8601 or epoch seconds)', (v) => /^\d+$/.test(v) || !Number.isNaN(Date.parse(v)));
      else if (op.base.endsWith('ipaddress')) invalid('an IP address or CIDR block', (v) => /^[0-9a-f:.]+(\/\d{1,3})?$/i.test(v));
      else if (op.base.startsWith('arn')) invalid('an ARN', (v) => v === '*' || v.startsWith('arn:') || v.startsWith('${'));
    }
  }
  // The same key required equal to and different from one value can never hold.
  const equals = s.Condition?.StringEquals ?? {};
  for (const [key, value] of Object.entries(s.Condition?.StringNotEquals ?? {})) {
    const eq = equals[key];
    if (eq !== undefined && asList(eq).every((v) => asList(value).map(String).includes(String(v)))) {
      out.push(error(['Condition', 'StringNotEquals', key], `"${key}" must both equal and not equal the same value; the statement never applies`));
    }
  }
}

export function lintStatement(s: PolicyStatement, iam: IamReference): LintFinding[] {
  const out: LintFinding[] = [];
  if (s.Principal !== undefined) out.push(error(['Principal'], 'SCPs do not support Principal', 'scope by aws:PrincipalArn in a Condition instead'));
  if (s.NotPrincipal !== undefined) out.push(error(['NotPrincipal'], 'SCPs do not support NotPrincipal', 'use an ArnNotLike condition on aws:PrincipalArn'));
  if ((s.Action === undefined) === (s.NotAction === undefined)) out.push(error([], 'a statement needs exactly one of Action or NotAction'));
  if (s.Resource !== undefined && s.NotResource !== undefined) out.push(error([], 'a statement may have Resource or NotResource, not both'));
  lintActions(asList(s.Action), 'Action', iam, out);
  lintActions(asList(s.NotAction), 'NotAction', iam, out);
  lintResources(asList(s.Resource), 'Resource', out);
  lintResources(asList(s.NotResource), 'NotResource', out);
  lintConditions(s, iam, out);
  return out;
}
