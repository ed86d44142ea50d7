/**
 * `guardrails import`: a live organization (as read by src/aws/organizations.ts) becomes a spec.
 * Pure: the organization comes in as data, the spec text goes out. SCP statements that a catalog
 * guardrail compiles to become `use:` entries (see match.ts); every other statement stays as a
 * custom policy, verbatim; Control Tower's SCPs stay Control Tower's (reservedScpSlots).
 */
import type { Guardrail, ScpContext } from '../../../guardrails/guardrail.ts';
import { CONTROL_TOWER_SERVICE, isControlTowerPolicy, type AuthorizationPolicyType, type LiveOrganization, type LivePolicy } from '../../aws/organizations.ts';
import { asList, type PolicyStatement } from '../../iam/policy.ts';
import { ROOT } from '../../model/organization.ts';
import { DELEGATED_SERVICES } from '../../deployment/organization-services.ts';
import { automationRolePatterns, partitionOf } from '../../model/names.ts';
import { canonical } from '../../../scp/pack.ts';
import { atomsOf, statementKey, statementsOf } from '../../../scp/normalize.ts';
import { automationAllow, exemptRolePatterns, protectExemptRoles } from '../../../scp/protect-exemptions.ts';
import {
  catalogEntries,
  catalogEntry,
  compileCandidates,
  contextCandidates,
  matchTarget,
  minimalWith,
  parameterCandidates,
  type GuardrailOnTarget,
  withDefaults,
} from './match.ts';
import { importTree } from './organization.ts';
import { detectiveUses } from './config-rules.ts';
import type { OrganizationConfigRule } from '../../aws/config-organization.ts';
import { checkRoundTrip, type RoundTrip } from './round-trip.ts';
import { specText } from './spec-text.ts';
import { analyzeSpec, type Analysis } from '../../deployment/analyze.ts';
import { buildSpecSchema } from '../../spec/schema.ts';
import { SpecError } from '../../core/diagnostics.ts';

export interface ImportOptions {
  homeRegion: string;
  /** When the live SCPs do not say (no region restriction found), the home region alone. */
  allowedRegions?: string[];
  /** organization.accessRole (Organizations' default OrganizationAccountAccessRole). */
  accessRole?: string;
  /** Whether the spec schema has `rcp:` entries (custom Resource Control Policies); otherwise RCPs are kept as comments. */
  rcpEntries: boolean;
  /** AWS's per-document size and per-target count quotas, written as organization.limits where the live organization needs more than the spec's defaults. */
  quotas?: { scpSize: number; scpsPerTarget: number };
  specDefaults: { scpSize: number; scpsPerTarget: number };
  /** Organization Config rules (detective guardrails), or why they could not be read. */
  configRules?: OrganizationConfigRule[];
  configRulesUnread?: string;
}

export interface CustomPolicyEntry {
  key: 'scp' | 'rcp';
  name: string;
  description?: string;
  on: string[];
  statements: PolicyStatement[];
  /** Where it came from (written as a comment). */
  origin: string;
}

export interface ImportedSpec {
  spec: Record<string, unknown>;
  /** Lines of the header comment. */
  notes: string[];
  /** Comment per guardrails entry index. */
  entryComments: Map<number, string>;
  summary: {
    units: number;
    accounts: number;
    inactiveAccounts: number;
    catalogEntries: number;
    customEntries: number;
    controlTowerPolicies: number;
  };
}

/** AWS's SCP quotas since 2026-05-15 ("Quotas for AWS Organizations": 10,240 characters per SCP, 10 SCPs per target). */
export const AWS_SCP_QUOTAS = { scpSize: 10_240, scpsPerTarget: 10 };

const SPEC_KEY: Record<AuthorizationPolicyType, 'scp' | 'rcp'> = { SERVICE_CONTROL_POLICY: 'scp', RESOURCE_CONTROL_POLICY: 'rcp' };

interface LiveStatement {
  statement: PolicyStatement;
  policy: LivePolicy;
}

/** A policy this tool's Pulumi program wrote (its packed documents are named guardrails-<target>-<n>). */
const isGenerated = (p: LivePolicy) => /^guardrails-/.test(p.name) && p.description.startsWith('org-guardrails');

const uniqueBy = <T>(items: T[], key: (t: T) => string): T[] => [...new Map(items.map((i) => [key(i), i])).values()];

function statementsByTarget(
  live: LiveOrganization,
  targetOf: Map<string, string>,
  type: AuthorizationPolicyType,
  notes: string[],
): Map<string, LiveStatement[]> {
  const order = [...targetOf.values()];
  const out = new Map<string, LiveStatement[]>();
  for (const policy of [...live.policies].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1))) {
    if (policy.type !== type || policy.awsManaged || isControlTowerPolicy(policy)) continue;
    let statements: PolicyStatement[];
    try {
      statements = statementsOf(policy.content);
    } catch {
      notes.push(`${type} "${policy.name}" (${policy.id}) is not valid JSON and was not imported`);
      continue;
    }
    const targets = policy.targets.map((t) => targetOf.get(t.id)).filter((t): t is string => t !== undefined);
    if (!targets.length) notes.push(`${type} "${policy.name}" (${policy.id}) is attached to no active target and was not imported`);
    for (const target of targets) out.set(target, [...(out.get(target) ?? []), ...statements.map((statement) => ({ statement, policy }))]);
  }
  return new Map([...out].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0])));
}

/** The statement with only the actions no guardrail covers, or undefined when all are covered. */
function residualOf(statement: PolicyStatement, covered: ReadonlySet<string>): PolicyStatement | undefined {
  if (statement.Action === undefined) return atomsOf(statement).every((a) => covered.has(a)) ? undefined : statement;
  const actions = asList(statement.Action).filter((a) => !atomsOf({ ...statement, Action: a }).every((x) => covered.has(x)));
  if (!actions.length) return undefined;
  if (actions.length === asList(statement.Action).length) return statement;
  return { ...statement, Action: actions.length === 1 ? actions[0] : actions };
}

const kebab = (sid: string) =>
  sid
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .toLowerCase()
    .replace(/^-+|-+$/g, '');

/** Custom entries from what no guardrail covers: one per live policy (per statement for this tool's own packed documents). */
function customEntries(
  perTarget: Map<string, LiveStatement[]>,
  covered: Map<string, Set<string>>,
  key: 'scp' | 'rcp',
  taken: Set<string>,
): CustomPolicyEntry[] {
  const groups = new Map<string, { policy: LivePolicy; statements: PolicyStatement[]; on: string[]; sid?: string }>();
  for (const [target, statements] of perTarget) {
    const byPolicy = new Map<LivePolicy, PolicyStatement[]>();
    for (const { statement, policy } of statements) {
      const residual = residualOf(statement, covered.get(target) ?? new Set());
      if (residual) byPolicy.set(policy, [...(byPolicy.get(policy) ?? []), residual]);
    }
    for (const [policy, residuals] of byPolicy) {
      // Packed documents mix entries; each leftover statement is its own entry, joined across targets by meaning.
      const parts = isGenerated(policy) ? residuals.map((s) => [s]) : [residuals];
      for (const part of parts) {
        const id = isGenerated(policy) ? `generated ${statementKey(part[0])}` : `${policy.id} ${canonical(part.map(statementKey))}`;
        const group = groups.get(id) ?? { policy, statements: part, on: [], sid: part[0].Sid };
        if (!group.on.includes(target)) group.on.push(target);
        groups.set(id, group);
      }
    }
  }
  const entries: CustomPolicyEntry[] = [];
  for (const g of groups.values()) {
    const wanted =
      (isGenerated(g.policy) ? kebab(g.sid ?? '') || `${g.policy.name}-custom` : g.policy.name.replace(/[^A-Za-z0-9_-]+/g, '-')).slice(0, 60) || 'imported';
    let name = wanted;
    for (let n = 2; taken.has(name); n++) name = `${wanted}-${n}`;
    taken.add(name);
    const description = isGenerated(g.policy) ? undefined : g.policy.description || undefined;
    entries.push({ key, name, description, on: g.on, statements: g.statements, origin: `imported from ${g.policy.type} "${g.policy.name}" (${g.policy.id})` });
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : 1));
}

interface Choice {
  ctx: ScpContext;
  matches: Map<string, GuardrailOnTarget[]>;
  covered: number;
  explicit: number;
}

/** Tries the context values found in the live statements and keeps the one that explains most statements with fewest explicit parameters. */
function chooseContext(catalog: readonly Guardrail[], perTarget: Map<string, LiveStatement[]>, opts: ImportOptions): Choice | undefined {
  if (!perTarget.size) return undefined;
  const entries = catalogEntries(catalog);
  const automation = automationRolePatterns(partitionOf(opts.homeRegion));
  const all = [...perTarget.values()].flat().map((l) => l.statement);
  const root = perTarget.get(ROOT)?.map((l) => l.statement) ?? all;
  const partition = partitionOf(opts.homeRegion);
  const base: ScpContext = { breakGlass: [], automation, allowedRegions: opts.allowedRegions ?? [opts.homeRegion], partition };
  const parameters = new Map(entries.map((e) => [e, parameterCandidates(e, base, all)]));
  const breakGlass = uniqueBy([...contextCandidates(entries, base, 'breakGlass', all).slice(0, 3), []], canonical);
  const regions = opts.allowedRegions
    ? [opts.allowedRegions]
    : uniqueBy(
        [...contextCandidates(entries, base, 'allowedRegions', root).slice(0, 3), []].map((r) => (r.includes(opts.homeRegion) ? r : [...r, opts.homeRegion])),
        (r) => canonical([...r].sort()),
      );
  const atomsOfTarget = new Map([...perTarget].map(([t, ls]) => [t, new Set(ls.flatMap((l) => atomsOf(l.statement)))]));
  let best: Choice | undefined;
  for (const allowedRegions of regions) {
    for (const bg of breakGlass) {
      const ctx: ScpContext = { breakGlass: bg, automation, allowedRegions, partition };
      const compiled = compileCandidates(entries, ctx, parameters);
      const explicitOf = new Map(compiled.map((c) => [c, Object.keys(minimalWith(c.entry, c.params, ctx)).length]));
      const matches = new Map<string, GuardrailOnTarget[]>();
      let covered = 0;
      let explicit = 0;
      for (const [target, atoms] of atomsOfTarget) {
        const found = matchTarget(compiled, atoms, (c) => explicitOf.get(c)!);
        matches.set(target, found);
        covered += new Set(found.flatMap((c) => c.atoms)).size;
        explicit += found.reduce((n, c) => n + explicitOf.get(c)!, 0);
      }
      if (!best || covered > best.covered || (covered === best.covered && explicit < best.explicit)) best = { ctx, matches, covered, explicit };
    }
  }
  return best;
}

/** Statements on the root that are this tool's own protection of exempted roles (scp/protect-exemptions.ts) for the rest. */
function exemptionProtection(perTarget: Map<string, LiveStatement[]>, accessRole: string, partition: string): string[] {
  const all = [...perTarget.values()].flat().map((l) => l.statement);
  const out: string[] = [];
  for (const { statement } of perTarget.get(ROOT) ?? []) {
    if (statement.Effect !== 'Deny') continue;
    const expected = protectExemptRoles(exemptRolePatterns(all.filter((s) => s !== statement)), accessRole, partition);
    if (expected && statementKey(expected) === statementKey(statement)) out.push(...atomsOf(statement));
  }
  return out;
}

type Use = { id: string; with: Record<string, unknown>; on: string[]; order: number };

const scpAtoms = (entry: ReturnType<typeof catalogEntry>, params: Record<string, unknown>, ctx: ScpContext) => {
  const filled = withDefaults(entry, params);
  return filled ? canonical([...new Set(entry.guardrail.scp!(filled, ctx).flatMap(atomsOf))].sort()) : undefined;
};

/** Adds the detective guardrails found as organization Config rules; a guardrail with an SCP part only joins the entry its SCP was found as. */
function mergeDetective(
  uses: Map<string, Use>,
  catalog: readonly Guardrail[],
  live: LiveOrganization,
  tree: ReturnType<typeof importTree>,
  ctx: ScpContext,
  opts: ImportOptions,
  notes: string[],
) {
  if (opts.configRulesUnread) notes.push(`Organization Config rules were not read (${opts.configRulesUnread}): detective guardrails are missing here.`);
  const catalogOrder = catalog.map((g) => g.id);
  for (const d of detectiveUses(opts.configRules ?? [], catalog, live, tree, notes, { homeRegion: opts.homeRegion, allowedRegions: ctx.allowedRegions })) {
    const entry = catalogEntry(d.guardrail);
    const defaults = withDefaults(entry, {}) ?? {};
    const configWith = Object.fromEntries(Object.entries(d.params).filter(([k, v]) => canonical(v) !== canonical(defaults[k])));
    if (!d.guardrail.scp) {
      uses.set(`config ${d.rule}`, { id: d.guardrail.id, with: configWith, on: d.on, order: catalogOrder.indexOf(d.guardrail.id) });
      continue;
    }
    const same = [...uses.values()].find((u) => u.id === d.guardrail.id && canonical([...u.on].sort()) === canonical([...d.on].sort()));
    const merged = same && Object.fromEntries(Object.entries({ ...configWith, ...same.with }).sort(([a], [b]) => (a < b ? -1 : 1)));
    if (same && merged && scpAtoms(entry, merged, ctx) === scpAtoms(entry, same.with, ctx)) same.with = merged;
    else notes.push(`Config rule ${d.rule} on [${d.on.join(', ')}] does not match the SCP of ${d.guardrail.id} found there; not imported`);
  }
}

export function importOrganization(live: LiveOrganization, catalog: readonly Guardrail[], opts: ImportOptions): ImportedSpec {
  const notes: string[] = [];
  const tree = importTree(live);
  const accessRole = opts.accessRole ?? 'OrganizationAccountAccessRole';
  const scps = statementsByTarget(live, tree.targetOf, 'SERVICE_CONTROL_POLICY', notes);
  const choice = chooseContext(catalog, scps, opts);
  const ctx = choice?.ctx ?? { breakGlass: [], automation: [], allowedRegions: opts.allowedRegions ?? [opts.homeRegion] };

  const covered = new Map<string, Set<string>>();
  const uses = new Map<string, Use>();
  const catalogOrder = catalog.map((g) => g.id);
  for (const [target, found] of choice?.matches ?? []) {
    covered.set(target, new Set(found.flatMap((c) => c.atoms)));
    for (const c of found) {
      const w = minimalWith(c.entry, c.params, ctx);
      const key = `${c.entry.guardrail.id} ${canonical(w)}`;
      const use = uses.get(key) ?? { id: c.entry.guardrail.id, with: w, on: [], order: catalogOrder.indexOf(c.entry.guardrail.id) };
      use.on.push(target);
      uses.set(key, use);
    }
  }
  mergeDetective(uses, catalog, live, tree, ctx, opts, notes);
  const rootCovered = covered.get(ROOT) ?? new Set<string>();
  for (const atom of exemptionProtection(scps, accessRole, partitionOf(opts.homeRegion))) rootCovered.add(atom);
  covered.set(ROOT, rootCovered);
  // So is the Allow for the deployment's own roles on allow-list targets (automationAllow): the plan adds it again.
  const ownAllow = statementKey(automationAllow(ctx.automation));
  for (const [target, statements] of scps) {
    const set = covered.get(target) ?? new Set<string>();
    for (const { statement } of statements) if (statementKey(statement) === ownAllow) atomsOf(statement).forEach((a) => set.add(a));
    covered.set(target, set);
  }

  const taken = new Set<string>();
  const customs = customEntries(scps, covered, SPEC_KEY.SERVICE_CONTROL_POLICY, taken);
  const rcps = statementsByTarget(live, tree.targetOf, 'RESOURCE_CONTROL_POLICY', notes);
  const rcpCustoms = customEntries(rcps, new Map(), SPEC_KEY.RESOURCE_CONTROL_POLICY, taken);
  if (rcpCustoms.length && !opts.rcpEntries) {
    notes.push('Resource control policies (kept here as comments: this version of the spec has no `rcp:` entries):');
    for (const r of rcpCustoms) notes.push(`  ${r.name} on [${r.on.join(', ')}]: ${JSON.stringify(r.statements)}`);
  }

  const orderedUses = [...uses.values()].sort((a, b) => a.order - b.order || (a.on[0] < b.on[0] ? -1 : a.on[0] > b.on[0] ? 1 : 0));
  const entryComments = new Map<number, string>();
  const guardrails: Record<string, unknown>[] = orderedUses.map((u) => ({ use: u.id, on: u.on, ...(Object.keys(u.with).length ? { with: u.with } : {}) }));
  for (const c of [...customs, ...(opts.rcpEntries ? rcpCustoms : [])]) {
    entryComments.set(guardrails.length, c.origin);
    guardrails.push({ [c.key]: c.name, ...(c.description ? { description: c.description } : {}), on: c.on, statements: c.statements });
  }

  const controlTower = tree.controlTowerPolicies.length > 0 || live.trustedServices.includes(CONTROL_TOWER_SERVICE);
  const accountName = (id: string) => tree.accountNames.get(id);
  const audit = live.delegatedAdministrators.find((d) => d.services.some((s) => DELEGATED_SERVICES.includes(s)) && accountName(d.accountId));
  const logArchive = [...tree.accountNames.values()].filter((n) => /log[ _-]?archive/i.test(n));
  const sizes = live.policies.filter((p) => p.type === 'SERVICE_CONTROL_POLICY').map((p) => Buffer.byteLength(p.content, 'utf8'));
  const attached = new Map<string, number>();
  for (const p of live.policies) if (p.type === 'SERVICE_CONTROL_POLICY') for (const t of p.targets) attached.set(t.id, (attached.get(t.id) ?? 0) + 1);
  const needsQuotas = Math.max(0, ...sizes) > opts.specDefaults.scpSize || Math.max(0, ...attached.values()) > opts.specDefaults.scpsPerTarget;

  const organization: Record<string, unknown> = {
    managementAccountId: live.managementAccountId,
    id: live.id,
    homeRegion: opts.homeRegion,
    allowedRegions: ctx.allowedRegions,
    ...(opts.accessRole ? { accessRole: opts.accessRole } : {}),
    ...(ctx.breakGlass.length ? { breakGlass: ctx.breakGlass } : {}),
    ...(logArchive.length === 1 ? { logArchiveAccount: logArchive[0] } : {}),
    ...(audit ? { auditAccount: accountName(audit.accountId) } : {}),
    ...(needsQuotas ? { limits: opts.quotas ?? AWS_SCP_QUOTAS } : {}),
    ...tree.root,
    ...(tree.accounts.length ? { accounts: tree.accounts } : {}),
    units: tree.units,
  };

  const header = [
    `Imported by \`guardrails import\` from organization ${live.id} (management account ${live.managementAccountId}).`,
    'Review it before the first `pulumi up`; `guardrails drift` lists where the organization and this spec differ.',
  ];
  if (controlTower) {
    header.push(
      'This organization is governed next to AWS Control Tower: its SCPs are not copied here',
      `(${tree.controlTowerPolicies.length ? tree.controlTowerPolicies.join(', ') : 'none attached'}); reservedScpSlots keeps their slots free on the targets they use.`,
      'The baseline uses the Config recorders Control Tower created (baseline.configRecorder: existing; set configRecorderByUnit for OUs it does not govern).',
    );
  }
  if (logArchive.length === 1) header.push(`logArchiveAccount is guessed from the account name "${logArchive[0]}": check it.`);
  if (live.trustedServices.length) header.push(`Trusted access: ${live.trustedServices.join(', ')}.`);
  for (const d of live.delegatedAdministrators)
    header.push(`Delegated administrator ${accountName(d.accountId) ?? d.accountId} (${d.accountId}): ${d.services.join(', ')}.`);
  if (tree.inactive.length) {
    header.push('Suspended or closed accounts (not listed as accounts):');
    for (const a of tree.inactive) header.push(`  ${a.name} (${a.id}, ${a.state}, ${a.email})`);
  }
  header.push(...notes);

  return {
    spec: { version: 1, organization, guardrails, ...(controlTower ? { baseline: { configRecorder: 'existing' } } : {}) },
    notes: header,
    entryComments,
    summary: {
      units: live.units.length,
      accounts: tree.accountNames.size,
      inactiveAccounts: tree.inactive.length,
      catalogEntries: orderedUses.length,
      customEntries: customs.length + (opts.rcpEntries ? rcpCustoms.length : 0),
      controlTowerPolicies: tree.controlTowerPolicies.length,
    },
  };
}

/** What this version of the spec schema offers: `rcp:` entries, and its default limits. */
export function specCapabilities(schema: any): Pick<ImportOptions, 'rcpEntries' | 'specDefaults'> {
  const limits = schema.properties.organization.properties.limits.properties;
  return {
    rcpEntries: JSON.stringify(schema.properties.guardrails).includes('"rcp"'),
    specDefaults: { scpSize: limits.scpSize.default, scpsPerTarget: limits.scpsPerTarget.default },
  };
}

export interface ImportResult {
  text: string;
  imported: ImportedSpec;
  analysis: Analysis;
  roundTrip: RoundTrip;
}

/** Imports, proves the spec valid (raising organization.limits to AWS's quotas if packing needs them) and runs the round trip. */
export async function importSpec(
  live: LiveOrganization,
  catalog: readonly Guardrail[],
  opts: Omit<ImportOptions, 'rcpEntries' | 'specDefaults'>,
  file: string,
): Promise<ImportResult> {
  const options: ImportOptions = { ...opts, ...specCapabilities(buildSpecSchema(catalog)) };
  let imported = importOrganization(live, catalog, options);
  let text = specText(imported);
  let result = await analyzeSpec(file, text);
  const organization = imported.spec.organization as Record<string, unknown>;
  if (!result.ok && !organization.limits) {
    imported = importOrganization(live, catalog, { ...options, specDefaults: { scpSize: 0, scpsPerTarget: 0 } });
    text = specText(imported);
    result = await analyzeSpec(file, text);
  }
  if (!result.ok) throw new SpecError(result.diagnostics);
  const roundTrip = await checkRoundTrip(result.analysis, live, importTree(live).targetOf);
  return { text, imported, analysis: result.analysis, roundTrip };
}
