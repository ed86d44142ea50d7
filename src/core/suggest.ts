import { distance } from 'fastest-levenshtein';

/** "did you mean" for a name that is close to one of the known ones; case differences count as close. */
export function closest(name: string, known: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  // A truncated name ("maxAge" for "maxAgeDays") is the likeliest slip of all.
  const prefixed = [...known].filter((c) => lower.length >= 4 && c.toLowerCase().startsWith(lower));
  if (prefixed.length === 1) return prefixed[0];
  for (const candidate of known) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // Beyond a third of the name's length the "suggestion" is noise.
  const allowed = Math.max(2, Math.floor(name.length / 3));
  return best !== undefined && bestDistance <= allowed && best !== name ? best : undefined;
}

export function didYouMean(name: string, known: Iterable<string>): string | undefined {
  const match = closest(name, known);
  return match === undefined ? undefined : `did you mean "${match}"?`;
}
