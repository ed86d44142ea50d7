/**
 * The live policies of one type, target by target, and what becomes custom `scp:`/`rcp:` entries:
 * every statement no catalog guardrail explains, verbatim. A policy written by hand stays one entry
 * under its own name; a document this tool's program packed goes back into the custom entries its
 * description names (scp/description.ts), or one entry per statement named after its Sid.
 */
import { isControlTowerPolicy, type GovernedPolicyType, type LiveOrganization, type LivePolicy } from '../../aws/organizations.ts';
import { asList, type PolicyStatement } from '../../iam/policy.ts';
import { canonical } from '../../../scp/pack.ts';
import { atomsOf, statementKey, statementsOf } from '../../../scp/normalize.ts';
import { customDescriptionsIn, customNamesIn, DESCRIPTION_PREFIX } from '../../../scp/description.ts';

export interface CustomPolicyEntry {
  key: 'scp' | 'rcp';
  name: string;
  description?: string;
  on: string[];
  statements: PolicyStatement[];
  /** Where it came from (written as a comment). */
  origin: string;
}

/** One statement (SCP, RCP) or one `{ attribute: subtree }` of an EC2 declarative policy, and where it sits. */
export interface LiveItem {
  item: unknown;
  policy: LivePolicy;
  /** Position of the statement in its document (what the program's description numbers). */
  index: number;
}

/** A policy this tool's Pulumi program wrote (its packed documents are named guardrails-<target>-<n>). */
export const isGenerated = (p: LivePolicy) => /^guardrails-/.test(p.name) && p.description.startsWith(DESCRIPTION_PREFIX);

function itemsOf(policy: LivePolicy): unknown[] {
  if (policy.type !== 'DECLARATIVE_POLICY_EC2') return statementsOf(policy.content);
  const attributes = JSON.parse(policy.content)?.ec2_attributes;
  if (!attributes || typeof attributes !== 'object' || Array.isArray(attributes)) throw new Error('no ec2_attributes');
  return Object.entries(attributes).map(([k, v]) => ({ [k]: v }));
}

/** Each active target's items of one policy type, targets in tree order; AWS managed and Control Tower policies left out. */
export function itemsByTarget(live: LiveOrganization, targetOf: Map<string, string>, type: GovernedPolicyType, notes: string[]): Map<string, LiveItem[]> {
  const order = [...targetOf.values()];
  const out = new Map<string, LiveItem[]>();
  for (const policy of [...live.policies].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1))) {
    if (policy.type !== type || policy.awsManaged || isControlTowerPolicy(policy)) continue;
    let items: unknown[];
    try {
      items = itemsOf(policy);
    } catch {
      notes.push(`${type} "${policy.name}" (${policy.id}) is not a valid document and was not imported`);
      continue;
    }
    const targets = policy.targets.map((t) => targetOf.get(t.id)).filter((t): t is string => t !== undefined);
    if (!targets.length) notes.push(`${type} "${policy.name}" (${policy.id}) is attached to no active target and was not imported`);
    for (const target of targets) out.set(target, [...(out.get(target) ?? []), ...items.map((item, index) => ({ item, policy, index }))]);
  }
  return new Map([...out].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0])));
}

/** What the guardrails found on a target explain: their statement atoms, and their Sids. */
export interface Explained {
  atoms: Set<string>;
  sids: Set<string>;
}

/**
 * The statement with only the actions no guardrail covers, or undefined when all are covered. The
 * packer joins the Sids of statements it merges (scp/pack.ts mergeStatements), so the Sids of the
 * guardrail statements taken out are taken off the Sid's ends too.
 */
function residualOf(statement: PolicyStatement, explained: Explained | undefined): PolicyStatement | undefined {
  const covered = explained?.atoms ?? new Set<string>();
  if (statement.Action === undefined) return atomsOf(statement).every((a) => covered.has(a)) ? undefined : statement;
  const actions = asList(statement.Action).filter((a) => !atomsOf({ ...statement, Action: a }).every((x) => covered.has(x)));
  if (!actions.length) return undefined;
  if (actions.length === asList(statement.Action).length) return statement;
  let sid = statement.Sid ?? '';
  for (const taken of explained?.sids ?? [])
    if (sid !== taken) sid = sid.startsWith(taken) ? sid.slice(taken.length) : sid.endsWith(taken) ? sid.slice(0, -taken.length) : sid;
  return { ...statement, ...(sid ? { Sid: sid } : {}), Action: actions.length === 1 ? actions[0] : actions };
}

const kebab = (sid: string) =>
  sid
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .toLowerCase()
    .replace(/^-+|-+$/g, '');

interface Part {
  policy: LivePolicy;
  name: string;
  description?: string;
  statements: PolicyStatement[];
}

/** Custom entries from what no guardrail covers, joined across targets when their statements mean the same. */
export function customEntries(
  perTarget: Map<string, LiveItem[]>,
  explained: Map<string, Explained>,
  key: 'scp' | 'rcp',
  taken: Set<string>,
): CustomPolicyEntry[] {
  const groups = new Map<string, Part & { on: string[] }>();
  for (const [target, items] of perTarget) {
    const parts = new Map<string, Part>();
    for (const { item, policy, index } of items) {
      const residual = residualOf(item as PolicyStatement, explained.get(target));
      if (!residual) continue;
      const generated = isGenerated(policy);
      const named = generated ? customNamesIn(policy.description).get(index)?.[0] : undefined;
      // Packed documents mix entries: a statement goes back to the entry the description names, else it is an entry of its own.
      const id = !generated ? `policy ${policy.id}` : named ? `named ${named}` : `statement ${statementKey(residual)}`;
      const name = named ?? (generated ? kebab(residual.Sid ?? '') || `${policy.name}-custom` : policy.name.replace(/[^A-Za-z0-9_-]+/g, '-'));
      // A policy written by hand keeps its description; a custom entry gets back the one the program recorded.
      const description = generated ? (named ? customDescriptionsIn(policy.description).get(named) : undefined) : policy.description || undefined;
      const part = parts.get(id) ?? { policy, name, description, statements: [] };
      if (!part.statements.some((s) => statementKey(s) === statementKey(residual))) part.statements.push(residual);
      parts.set(id, part);
    }
    for (const [id, part] of parts) {
      const group = `${id} ${canonical(part.statements.map(statementKey).sort())}`;
      const found = groups.get(group) ?? { ...part, on: [] };
      if (!found.on.includes(target)) found.on.push(target);
      groups.set(group, found);
    }
  }
  const entries: CustomPolicyEntry[] = [];
  for (const g of groups.values()) {
    const wanted = g.name.slice(0, 60) || 'imported';
    let name = wanted;
    for (let n = 2; taken.has(name); n++) name = `${wanted}-${n}`;
    taken.add(name);
    entries.push({
      key,
      name,
      description: g.description,
      on: g.on,
      statements: g.statements,
      origin: `imported from ${g.policy.type} "${g.policy.name}" (${g.policy.id})`,
    });
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : 1));
}
