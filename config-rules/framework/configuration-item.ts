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

type Parsed = { value: unknown } | { error: string };

/** Parses JSON-looking strings, repeatedly (JSON in a JSON string); at most a few levels, as AWS nests them. */
function parseNested(value: unknown, depth = 0): Parsed {
  if (typeof value !== 'string' || depth > 3) return { value };
  const trimmed = value.trim();
  const looksJson = trimmed.startsWith('{') || trimmed.startsWith('[') || (trimmed.startsWith('"') && trimmed.endsWith('"') && trimmed.length > 1);
  if (!looksJson) return { value };
  try {
    return parseNested(JSON.parse(trimmed), depth + 1);
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function tagsOf(raw: any): Record<string, string> {
  if (!raw || typeof raw !== 'object') return {};
  // The API returns a map; some history files a list of {key, value}.
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((t) => [t?.key ?? t?.Key, String(t?.value ?? t?.Value ?? '')]));
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)]));
}

export function normalizeConfigurationItem(raw: any): ConfigurationItem {
  const problems: string[] = [];
  const item = raw && typeof raw === 'object' ? raw : {};
  const configuration = parseNested(item.configuration);
  if ('error' in configuration) problems.push(`configuration is not valid JSON (${configuration.error})`);
  const supplementaryParsed = parseNested(item.supplementaryConfiguration);
  if ('error' in supplementaryParsed) problems.push(`supplementaryConfiguration is not valid JSON (${supplementaryParsed.error})`);
  const supplementaryRaw =
    'value' in supplementaryParsed && supplementaryParsed.value && typeof supplementaryParsed.value === 'object' ? supplementaryParsed.value : {};
  const supplementary: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(supplementaryRaw)) {
    const parsed = parseNested(v);
    if ('error' in parsed) problems.push(`supplementaryConfiguration.${k} is not valid JSON (${parsed.error})`);
    else supplementary[k] = parsed.value;
  }
  const captureRaw = item.configurationItemCaptureTime;
  const captureTime = new Date(captureRaw ?? 0);
  if (captureRaw !== undefined && Number.isNaN(captureTime.getTime())) problems.push(`configurationItemCaptureTime "${String(captureRaw)}" is not a date`);
  const config = 'value' in configuration ? (configuration.value ?? null) : null;
  return {
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
    ...(problems.length ? { problems } : {}),
  };
}

export const isDeleted = (item: ConfigurationItem): boolean => DELETED_STATUSES.includes(item.status);
export const isNotRecorded = (item: ConfigurationItem): boolean => NOT_RECORDED_STATUSES.includes(item.status);

/** Reads configuration items out of a snapshot/history file, a JSON list of items, or `{ configurationItems }`. */
export function configurationItemsOf(document: unknown): ConfigurationItem[] | undefined {
  const list = Array.isArray(document) ? document : (document as { configurationItems?: unknown[] })?.configurationItems;
  return Array.isArray(list) ? list.map(normalizeConfigurationItem) : undefined;
}

const time = (item: ConfigurationItem) => (Number.isNaN(item.captureTime.getTime()) ? -Infinity : item.captureTime.getTime());

/**
 * The current state of each resource: history files hold several items per resource, and the
 * newest capture wins (on equal times, the later one in the input).
 */
export function latestItems(items: Iterable<ConfigurationItem>): ConfigurationItem[] {
  const latest = new Map<string, ConfigurationItem>();
  for (const item of items) {
    const key = `${item.accountId}\u0000${item.region}\u0000${item.resourceType}\u0000${item.resourceId}`;
    const seen = latest.get(key);
    if (!seen || time(item) >= time(seen)) latest.set(key, item);
  }
  return [...latest.values()];
}
