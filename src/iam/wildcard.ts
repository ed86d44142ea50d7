/** IAM wildcards: `*` any run of characters, `?` one character. Compiled once per pattern. */

/** Stand-ins (Unicode private use) for the policy variables `${*}` and `${?}`: the literal characters, never wildcards. */
export const LITERAL_STAR = '\uE000';
export const LITERAL_QUESTION = '\uE001';
const literal = (pattern: string) => pattern.replace(/\uE000/g, '*').replace(/\uE001/g, '?');

const cache = new Map<string, RegExp>();

export function wildcardRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let re = cache.get(key);
  if (!re) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')
      .replace(/\uE000/g, '\\*')
      .replace(/\uE001/g, '\\?');
    re = new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
    cache.set(key, re);
  }
  return re;
}

export const wildcardMatch = (pattern: string, value: string, ignoreCase = false): boolean =>
  pattern === '*' ||
  (pattern.includes('*') || pattern.includes('?')
    ? wildcardRegExp(pattern, ignoreCase).test(value)
    : ignoreCase
      ? literal(pattern).toLowerCase() === value.toLowerCase()
      : literal(pattern) === value);

/**
 * ARN matching as ArnLike and Resource do it: the six colon-separated parts are
 * compared part by part, so a wildcard never spans a colon boundary of the first five.
 */
export function arnMatch(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const p = splitArn(pattern);
  const a = splitArn(arn);
  if (!p || !a) return wildcardMatch(pattern, arn);
  for (let i = 0; i < 6; i++) if (!wildcardMatch(p[i], a[i])) return false;
  return true;
}

export function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}
