/**
 * Configuration items come in three dialects; this is the one place that knows them:
 * - Lambda event (invokingEvent.configurationItem): awsAccountId, ARN, configuration as an object;
 * - Config API (GetResourceConfigHistory, BatchGetResourceConfig): accountId, arn,
 *   configuration as a JSON string, supplementaryConfiguration values as JSON strings — some of
 *   them (an S3 bucket's AccessControlList) a JSON string inside a JSON string;
 * - snapshot / history files delivered to S3: like the event, capture time as an ISO string.
 * Supplementary values are parsed until they are no longer JSON strings. What cannot be read
 * (truncated JSON, a capture time that is not a date) is recorded in `problems`, so a rule
 * fails closed on it instead of judging an empty configuration.
 */
import type { ConfigurationItem } from './types.ts';

/** AWS Config's configurationItemStatus values (ConfigurationItem, AWS Config API Reference). */
export const DELETED_STATUSES = ['ResourceDeleted', 'ResourceDeletedNotRecorded'];
export const NOT_RECORDED_STATUSES = ['ResourceNotRecorded', 'ResourceDeletedNotRecorded'];

/** Parses JSON-looking strings, repeatedly (JSON in a JSON string); at most a few levels, as AWS nests them. Throws on invalid JSON. */
function parseNested(value: unknown, depth = 0): unknown {
  if (typeof value !== 'string' || depth > 3) return value;
  const trimmed = value.trim();
  const looksJson = trimmed.startsWith('{') || trimmed.startsWith('[') || (trimmed.startsWith('"') && trimmed.endsWith('"') && trimmed.length > 1);
  return looksJson ? parseNested(JSON.parse(trimmed), depth + 1) : value;
}

/** The parsed value, or undefined with the problem recorded (no object per field: a snapshot holds hundreds of thousands of items). */
function parsedOr(value: unknown, field: string, problems: string[]): unknown {
  try {
    return parseNested(value);
  } catch (e) {
    problems.push(`${field} is not valid JSON (${(e as Error).message})`);
    return undefined;
  }
}

function tagsOf(raw: any): Record<string, string> {
  if (!raw || typeof raw !== 'object') return {};
  // The API returns a map; some history files a list of {key, value}.
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((t) => [t?.key ?? t?.Key, String(t?.value ?? t?.Value ?? '')]));
  // A map of strings is used as it is (no copy per item); other values are read as strings.
  return Object.values(raw).every((v) => typeof v === 'string') ? raw : Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)]));
}

/** Supplementary values parsed where they are JSON strings; the object itself when none is (no copy per item). */
function supplementaryOf(raw: unknown, problems: string[]): Record<string, unknown> {
  if (!raw || typeof raw !== 'object') return {};
  let out = raw as Record<string, unknown>;
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string') continue;
    const parsed = parsedOr(v, `supplementaryConfiguration.${k}`, problems);
    if (parsed === v) continue;
    if (out === raw) out = { ...raw };
    // A value that cannot be read is left out, and the problem recorded.
    if (parsed === undefined) delete out[k];
    else out[k] = parsed;
  }
  return out;
}

export function normalizeConfigurationItem(raw: any): ConfigurationItem {
  const problems: string[] = [];
  const item = raw && typeof raw === 'object' ? raw : {};
  const config = parsedOr(item.configuration, 'configuration', problems) ?? null;
  const supplementary = supplementaryOf(parsedOr(item.supplementaryConfiguration, 'supplementaryConfiguration', problems), problems);
  const captureRaw = item.configurationItemCaptureTime;
  const captureTime = new Date(captureRaw ?? 0);
  if (captureRaw !== undefined && Number.isNaN(captureTime.getTime())) problems.push(`configurationItemCaptureTime "${String(captureRaw)}" is not a date`);
  const normalized: ConfigurationItem = {
    accountId: String(item.awsAccountId ?? item.accountId ?? ''),
    region: String(item.awsRegion ?? ''),
    resourceType: String(item.resourceType ?? ''),
    resourceId: String(item.resourceId ?? ''),
    resourceName: item.resourceName ?? undefined,
    arn: item.ARN ?? item.arn ?? undefined,
    captureTime,
    status: String(item.configurationItemStatus ?? 'OK'),
    configuration: config,
    supplementaryConfiguration: supplementary,
    tags: tagsOf(item.tags ?? (config as any)?.tags),
  };
  if (problems.length) normalized.problems = problems;
  return normalized;
}

export const isDeleted = (item: ConfigurationItem): boolean => DELETED_STATUSES.includes(item.status);
export const isNotRecorded = (item: ConfigurationItem): boolean => NOT_RECORDED_STATUSES.includes(item.status);

/** Reads configuration items out of a snapshot/history file, a JSON list of items, or `{ configurationItems }`. */
export function configurationItemsOf(document: unknown): ConfigurationItem[] | undefined {
  const list = Array.isArray(document) ? document : (document as { configurationItems?: unknown[] })?.configurationItems;
  return Array.isArray(list) ? list.map(normalizeConfigurationItem) : undefined;
}

const time = (item: ConfigurationItem) => (Number.isNaN(item.captureTime.getTime()) ? -Infinity : item.captureTime.getTime());

const sameResource = (a: ConfigurationItem, b: ConfigurationItem) =>
  a.resourceId === b.resourceId && a.resourceType === b.resourceType && a.accountId === b.accountId && a.region === b.region;

/** Where `item`'s resource already is in `latest`, among the positions of items with its resource id; -1 if nowhere. */
function positionOf(item: ConfigurationItem, seen: number | number[] | undefined, latest: ConfigurationItem[]): number {
  if (seen === undefined) return -1;
  if (typeof seen === 'number') return sameResource(latest[seen], item) ? seen : -1;
  return seen.find((p) => sameResource(latest[p], item)) ?? -1;
}

/**
 * The current state of each resource: history files hold several items per resource, and the
 * newest capture wins (on equal times, the later one in the input); resources keep the order
 * they first appear in. Indexed by resource id alone (the same id in another account, region or
 * type is another resource): no composite key string per item, as a snapshot holds hundreds of thousands.
 */
export function latestItems(items: Iterable<ConfigurationItem>): ConfigurationItem[] {
  const latest: ConfigurationItem[] = [];
  const positions = new Map<string, number | number[]>();
  for (const item of items) {
    const seen = positions.get(item.resourceId);
    const at = positionOf(item, seen, latest);
    if (at >= 0) {
      if (time(item) >= time(latest[at])) latest[at] = item;
      continue;
    }
    latest.push(item);
    const position = latest.length - 1;
    if (seen === undefined) positions.set(item.resourceId, position);
    else if (typeof seen === 'number') positions.set(item.resourceId, [seen, position]);
    else seen.push(position);
  }
  return latest;
}
