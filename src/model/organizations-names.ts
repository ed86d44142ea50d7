/**
 * AWS Organizations' rules for the names, emails and tags a spec holds, written once: the spec
 * schema is built from them and `vend` checks a request with them before any AWS call, so the
 * two can never disagree (an account AWS creates but the spec refuses would be orphaned).
 *
 * Sources: Organizations API Reference, CreateAccount (AccountName 1-50 characters of
 * [\u0020-\u007E]; Email 6-64 characters with the rules listed under "The rules for a valid
 * email address"), CreateOrganizationalUnit and CreatePolicy (Name 1-128 characters), Tag (Key
 * 1-128, Value 0-256) and the Organizations User Guide "Tagging AWS Organizations resources"
 * (letters, numbers, spaces and _ . : / = + - @; keys not starting with aws:).
 */

export interface NameRule {
  /** What the value is, in AWS's words, for messages. */
  what: string;
  minLength: number;
  maxLength: number;
  /** An ECMAScript pattern (JSON Schema `pattern`, evaluated with the u flag). */
  pattern: string;
  /** The rule in words, shown as the hint of a violation. */
  description: string;
}

// Control characters (C0, DEL, C1) make names no console, CLI table or report can show, and
// AWS's printable-ASCII account-name pattern already excludes them.
const NO_CONTROL = '^[^\\u0000-\\u001F\\u007F-\\u009F]*$';

/** Domain: letters, digits, hyphen and dot; no leading/trailing hyphen or dot; at least one dot (no empty label). */
const DOMAIN_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
/** Local part: 7-bit ASCII without whitespace and " ' ( ) < > [ ] : ; , \ | % &; not starting with a dot. */
const LOCAL_CHAR = `[!#$*+\\-/=?^_\`{}~.A-Za-z0-9]`;

export const ACCOUNT_NAME: NameRule = {
  what: 'account name',
  minLength: 1,
  maxLength: 50,
  pattern: '^[\\u0020-\\u002E\\u0030-\\u007E]+$',
  description: 'AWS account names are 1 to 50 printable ASCII characters; the spec also reserves "/" for OU paths',
};

export const ACCOUNT_EMAIL: NameRule = {
  what: 'account email',
  minLength: 6,
  maxLength: 64,
  pattern: `^(?!\\.)${LOCAL_CHAR}+@${DOMAIN_LABEL}(?:\\.${DOMAIN_LABEL})+$`,
  description:
    'AWS requires 6 to 64 ASCII characters, one @, a local part without whitespace " \' ( ) < > [ ] : ; , \\ | % & that does not start with a dot, and a domain of letters, digits, - and . with at least one dot',
};

export const OU_NAME: NameRule = {
  what: 'OU name',
  minLength: 1,
  maxLength: 128,
  pattern: '^[^\\u0000-\\u001F\\u007F-\\u009F/]+$',
  description: 'OU names are 1 to 128 characters without control characters; the spec reserves "/" for OU paths',
};

export const POLICY_NAME: NameRule = {
  what: 'policy name',
  minLength: 1,
  maxLength: 128,
  pattern: NO_CONTROL,
  description: 'AWS Organizations policy names are 1 to 128 characters',
};

export const TAG_KEY: NameRule = {
  what: 'tag key',
  minLength: 1,
  maxLength: 128,
  pattern: '^(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+$',
  description: 'tag keys are 1 to 128 letters, numbers, spaces and _ . : / = + - @, not starting with aws:',
};

export const TAG_VALUE: NameRule = {
  what: 'tag value',
  minLength: 0,
  maxLength: 256,
  pattern: '^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$',
  description: 'tag values are up to 256 letters, numbers, spaces and _ . : / = + - @',
};

/** The rule as a JSON Schema string schema. */
export const schemaOf = (rule: NameRule) => ({
  type: 'string',
  minLength: rule.minLength,
  maxLength: rule.maxLength,
  pattern: rule.pattern,
  description: rule.description,
});

const compiled = new Map<NameRule, RegExp>();

/** Why `value` breaks `rule`, or undefined. Lengths count code points, as JSON Schema does. */
export function nameProblem(rule: NameRule, value: string): string | undefined {
  let re = compiled.get(rule);
  if (!re) compiled.set(rule, (re = new RegExp(rule.pattern, 'u')));
  const length = [...value].length;
  if (length < rule.minLength || length > rule.maxLength || !re.test(value))
    return `${JSON.stringify(value)} is not a valid ${rule.what} (${rule.description})`;
  return undefined;
}
