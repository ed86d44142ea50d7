/**
 * Can a Resource pattern (IAM wildcards `*`, `?`) ever match an ARN of a resource type, whose format
 * the Service Authorization Reference writes with placeholders (`arn:${Partition}:lambda:${Region}:
 * ${Account}:function:${FunctionName}`)? Matching is part by part as IAM matches ARNs (a wildcard
 * never spans one of the first five colons), and a placeholder stands for any text, so the answer
 * errs towards "yes": a "no" is certain.
 */
import { splitArn } from './wildcard.ts';

type Token = { kind: 'char'; c: string } | { kind: 'one' } | { kind: 'any' };

const patternTokens = (p: string): Token[] => [...p].map((c) => (c === '*' ? { kind: 'any' } : c === '?' ? { kind: 'one' } : { kind: 'char', c }));
const formatTokens = (f: string): Token[] => {
  const out: Token[] = [];
  for (const part of f.split(/(\$\{[^}]*\})/)) {
    if (part.startsWith('${')) out.push({ kind: 'any' });
    else for (const c of part) out.push({ kind: 'char', c });
  }
  return out;
};

/** True when some string matches both token sequences (a search over pairs of positions). */
function intersects(a: Token[], b: Token[]): boolean {
  const seen = new Set<number>();
  const visit = (i: number, j: number): boolean => {
    const key = i * (b.length + 1) + j;
    if (seen.has(key)) return false;
    seen.add(key);
    if (i === a.length && j === b.length) return true;
    const ta = a[i];
    const tb = b[j];
    // A `*` may match nothing.
    if (ta?.kind === 'any' && visit(i + 1, j)) return true;
    if (tb?.kind === 'any' && visit(i, j + 1)) return true;
    if (!ta || !tb) return false;
    // Both consume one common character; a `*` consumes it and stays.
    if (ta.kind === 'char' && tb.kind === 'char' && ta.c !== tb.c) return false;
    const ni = ta.kind === 'any' ? i : i + 1;
    const nj = tb.kind === 'any' ? j : j + 1;
    return (ni !== i || nj !== j) && visit(ni, nj);
  };
  return visit(0, 0);
}

/** Policy variables (`${aws:username}`) may become anything: treat them as `*`. */
const withoutVariables = (pattern: string) => pattern.replace(/\$\{[^}]*\}/g, '*');

export function patternCanMatchFormat(pattern: string, format: string): boolean {
  const p = splitArn(withoutVariables(pattern));
  const f = splitArn(format);
  if (!p || !f) return intersects(patternTokens(withoutVariables(pattern)), formatTokens(format));
  return p.every((part, i) => intersects(patternTokens(part), formatTokens(f[i])));
}
