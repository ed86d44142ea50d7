/**
 * Detective guardrails from organization Config rules: the Pulumi program names each rule
 * `guardrails-<guardrail id>[-n]` (src/deployment/config-rules.ts) and sends the guardrail's
 * `inputParameters(with)`, evaluating every account but the excluded ones. Parameters come back by
 * the same probing as SCPs (a probe value compiled in shows which input parameter carries it);
 * targets are the largest OUs whose accounts are all evaluated.
 */
import type { Guardrail } from '../../../guardrails/guardrail.ts';
import type { OrganizationConfigRule } from '../../aws/config-organization.ts';
import type { LiveOrganization } from '../../aws/organizations.ts';
import { CONFIG_RULE_PREFIX } from '../../model/names.ts';
import type { GuardrailSpec } from '../../model/spec.ts';
import { ROOT } from '../../model/organization.ts';
import { canonical } from '../../../scp/pack.ts';
import { catalogEntry, withDefaults } from './match.ts';
import type { ImportedTree } from './organization.ts';

type Params = Record<string, unknown>;

export interface DetectiveUse {
  guardrail: Guardrail;
  params: Params;
  on: string[];
  rule: string;
}

const PROBE_NUMBER = 987_654_321;
const PROBE_TEXT = 'guardrails-probe';

/** The catalog guardrail a rule name belongs to: the longest id it is named after. */
function guardrailOf(name: string, catalog: readonly Guardrail[]): Guardrail | undefined {
  return catalog
    .filter((g) => g.configRule && (name === `${CONFIG_RULE_PREFIX}${g.id}` || new RegExp(`^${CONFIG_RULE_PREFIX}${g.id}-\\d+$`).test(name)))
    .sort((a, b) => b.id.length - a.id.length)[0];
}

function recoverParameters(guardrail: Guardrail, rule: OrganizationConfigRule, spec: GuardrailSpec): Params | undefined {
  const entry = catalogEntry(guardrail);
  const defaults = withDefaults(entry, {});
  const input = guardrail.configRule?.inputParameters;
  if (!defaults || !input) return defaults;
  const params: Params = { ...defaults };
  for (const [name, schema] of Object.entries(guardrail.parameters.properties) as [string, Record<string, any>][]) {
    const items = schema.items?.type;
    const probe =
      schema.type === 'array'
        ? [items === 'string' ? PROBE_TEXT : PROBE_NUMBER]
        : schema.type === 'string'
          ? PROBE_TEXT
          : schema.type === 'boolean'
            ? !defaults[name]
            : PROBE_NUMBER;
    let probed: Record<string, string>;
    try {
      probed = input({ ...defaults, [name]: probe }, spec);
    } catch {
      continue;
    }
    const plain = input(defaults, spec);
    const key = Object.keys(probed).find((k) => probed[k] !== plain[k]);
    const value = key === undefined ? undefined : rule.inputParameters[key];
    if (value === undefined) continue;
    if (schema.type === 'boolean') params[name] = /^true$/i.test(value);
    else if (schema.type === 'array') params[name] = value === '' ? [] : value.split(',').map((v) => (items === 'string' ? v.trim() : Number(v)));
    else if (schema.type === 'string') params[name] = value;
    else params[name] = Number(value);
  }
  const filled = withDefaults(entry, params);
  // Only parameters that give back exactly the live input parameters are trusted.
  return filled && canonical(input(filled, spec)) === canonical(rule.inputParameters) ? filled : undefined;
}

/** The fewest targets covering exactly the evaluated accounts: an OU whose accounts are all in, else its parts. */
function targetsOf(live: LiveOrganization, tree: ImportedTree, excluded: ReadonlySet<string>): string[] {
  const active = [...tree.accountNames.keys()];
  const parentOf = new Map(live.accounts.map((a) => [a.id, a.parentId]));
  const accountsBelow = new Map<string, string[]>();
  const below = (parentId: string): string[] => {
    let list = accountsBelow.get(parentId);
    if (!list) {
      list = [...active.filter((id) => parentOf.get(id) === parentId), ...live.units.filter((u) => u.parentId === parentId).flatMap((u) => below(u.id))];
      accountsBelow.set(parentId, list);
    }
    return list;
  };
  const cover = (parentId: string): string[] => {
    const all = below(parentId);
    if (all.length && all.every((id) => !excluded.has(id))) return [tree.targetOf.get(parentId)!];
    return [
      ...live.units
        .filter((u) => u.parentId === parentId)
        .sort((a, b) => (a.name < b.name ? -1 : 1))
        .flatMap((u) => cover(u.id)),
      ...active.filter((id) => !excluded.has(id) && parentOf.get(id) === parentId).map((id) => tree.accountNames.get(id)!),
    ];
  };
  return excluded.size ? cover(live.root.id) : [ROOT];
}

export function detectiveUses(
  rules: OrganizationConfigRule[],
  catalog: readonly Guardrail[],
  live: LiveOrganization,
  tree: ImportedTree,
  notes: string[],
  regions: { homeRegion: string; allowedRegions: string[] },
): DetectiveUse[] {
  // What a rule's input parameters may read of the spec being written: the organization's id and regions.
  const spec = { organization: { id: live.id, ...regions } } as GuardrailSpec;
  const out: DetectiveUse[] = [];
  for (const rule of rules) {
    const guardrail = guardrailOf(rule.name, catalog);
    if (!guardrail) continue;
    const params = recoverParameters(guardrail, rule, spec);
    if (!params) {
      notes.push(`Config rule ${rule.name}: its input parameters match no parameters of ${guardrail.id}; not imported`);
      continue;
    }
    const on = targetsOf(live, tree, new Set(rule.excludedAccounts));
    if (on.length) out.push({ guardrail, params, on, rule: rule.name });
  }
  return out;
}
