/** Config passes rule parameters as strings; these read them strictly. */
export function portList(raw: string | undefined, fallback: number[]): number[] {
  if (raw === undefined || raw.trim() === '') return fallback;
  return raw.split(',').map((p) => {
    const n = Number(p.trim());
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`"${p}" is not a port number`);
    return n;
  });
}

export function positiveInteger(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`"${raw}" is not a positive integer`);
  return n;
}

export const stringList = (raw: string | undefined): string[] =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
