/**
 * Configuration items come in three dialects; this is the one place that knows them:
 * - Lambda event (invokingEvent.configurationItem): awsAccountId, ARN, configuration as an object;
 * - Config API (GetResourceConfigHistory, BatchGetResourceConfig): accountId, arn,
 *   configuration as a JSON string, supplementaryConfiguration values as JSON strings;
 * - snapshot / history files delivered to S3: like the event, capture time as an ISO string.
 * Supplementary values that are JSON strings in any dialect (AccessControlList, say) are parsed.
 */
import type { ConfigurationItem } from './types.ts';

const parseMaybeJson = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return value;
  try {
    return JSON.parse(trimmed);
  } catch {
    return value;
  }
};

function tagsOf(raw: any): Record<string, string> {
  if (!raw) return {};
  // The API returns a map; some history files a list of {key, value}.
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((t) => [t.key ?? t.Key, String(t.value ?? t.Value ?? '')]));
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)]));
}

export function normalizeConfigurationItem(raw: any): ConfigurationItem {
  const supplementary = parseMaybeJson(raw.supplementaryConfiguration) as Record<string, unknown> | undefined;
  const configuration = parseMaybeJson(raw.configuration);
  return {
    accountId: String(raw.awsAccountId ?? raw.accountId ?? ''),
    region: String(raw.awsRegion ?? ''),
    resourceType: String(raw.resourceType ?? ''),
    resourceId: String(raw.resourceId ?? ''),
    resourceName: raw.resourceName ?? undefined,
    arn: raw.ARN ?? raw.arn ?? undefined,
    captureTime: new Date(raw.configurationItemCaptureTime ?? 0),
    status: String(raw.configurationItemStatus ?? 'OK'),
    configuration: configuration ?? null,
    supplementaryConfiguration: Object.fromEntries(Object.entries(supplementary ?? {}).map(([k, v]) => [k, parseMaybeJson(v)])),
    tags: tagsOf(raw.tags ?? (configuration as any)?.tags),
  };
}

export const isDeleted = (item: ConfigurationItem): boolean => item.status === 'ResourceDeleted' || item.status === 'ResourceDeletedNotRecorded';

/** Reads configuration items out of a snapshot/history file, a JSON list of items, or `{ configurationItems }`. */
export function configurationItemsOf(document: unknown): ConfigurationItem[] | undefined {
  const list = Array.isArray(document) ? document : (document as { configurationItems?: unknown[] })?.configurationItems;
  return Array.isArray(list) ? list.map(normalizeConfigurationItem) : undefined;
}
