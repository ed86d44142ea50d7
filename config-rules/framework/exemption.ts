/**
 * A resource owner may exempt a resource with two tags: `guardrails:exempt-reason` (why)
 * and `guardrails:exempt-until` (YYYY-MM-DD, at most a year ahead). An exempted resource
 * stays NON_COMPLIANT in AWS Config, its annotation says so, and reports list it as exempted
 * rather than counting it as compliant. An expired or malformed exemption is ignored and says why.
 */
import type { Exemption } from './types.ts';

export const EXEMPT_REASON_TAG = 'guardrails:exempt-reason';
export const EXEMPT_UNTIL_TAG = 'guardrails:exempt-until';
export const EXEMPTED_PREFIX = 'EXEMPTED';
const MAX_DAYS = 366;

export type ExemptionCheck = { exemption: Exemption } | { problem: string } | undefined;

export function exemptionOf(tags: Record<string, string>, now: Date): ExemptionCheck {
  const reason = tags[EXEMPT_REASON_TAG]?.trim();
  const until = tags[EXEMPT_UNTIL_TAG]?.trim();
  if (!reason && !until) return undefined;
  if (!reason || !until) return { problem: `exemption needs both ${EXEMPT_REASON_TAG} and ${EXEMPT_UNTIL_TAG} tags` };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until) || Number.isNaN(Date.parse(`${until}T00:00:00Z`)))
    return { problem: `${EXEMPT_UNTIL_TAG} "${until}" is not a YYYY-MM-DD date` };
  const end = Date.parse(`${until}T23:59:59Z`);
  if (end < now.getTime()) return { problem: `exemption expired on ${until}` };
  if (end - now.getTime() > MAX_DAYS * 86_400_000) return { problem: `exemption until ${until} is more than a year ahead` };
  return { exemption: { reason, until } };
}

/**
 * The annotation of an exempted evaluation; reports recognise exemptions by this prefix. Within
 * `limit` characters (PutEvaluations takes 256), the reason is shortened first so the finding stays whole.
 */
export function exemptedAnnotation(exemption: Exemption, finding: string, limit = Infinity): string {
  const text = (reason: string) => `${EXEMPTED_PREFIX} until ${exemption.until} (${reason}): ${finding}`;
  const full = text(exemption.reason);
  if (full.length <= limit) return full;
  const spare = exemption.reason.length - (full.length - limit) - 1;
  if (spare >= 8) return text(`${exemption.reason.slice(0, spare)}…`);
  const short = text(`${exemption.reason.slice(0, 8)}…`);
  return short.length <= limit ? short : `${short.slice(0, limit - 1)}…`;
}

export function parseExemptedAnnotation(annotation: string | undefined): Exemption | undefined {
  const m = new RegExp(`^${EXEMPTED_PREFIX} until (\\d{4}-\\d{2}-\\d{2}) \\((.*?)\\): `).exec(annotation ?? '');
  return m ? { until: m[1], reason: m[2] } : undefined;
}

/**
 * Whether an exemption has run out at `now` (its `until` day counts, UTC). An exemption read back
 * from AWS Config or a file is judged again when a report is made; an unreadable date has run out.
 */
export const exemptionExpired = (exemption: Exemption, now: Date): boolean => !(Date.parse(`${exemption.until}T23:59:59Z`) >= now.getTime());
