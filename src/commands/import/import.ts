/**
 * `guardrails import`: a live organization (as read by src/aws/organizations.ts) becomes a spec.
 * Pure: the organization comes in as data, the spec text goes out. SCP and RCP statements and EC2
 * declarative attributes that a catalog guardrail's part compiles to become `use:` entries (see
 * match.ts); every other SCP/RCP statement stays as a custom policy, verbatim (custom.ts); other
 * declarative attributes are listed in the header, since the spec has no custom declarative entry;
 * Control Tower's SCPs stay Control Tower's (reservedScpSlots).
 */
import type { Guardrail, ScpContext } from '../../../guardrails/guardrail.ts';
import { CONTROL_TOWER_SERVICE, type LiveOrganization } from '../../aws/organizations.ts';
import type { PolicyStatement } from '../../iam/policy.ts';
import { ROOT } from '../../model/organization.ts';
import { DELEGATED_SERVICES } from '../../deployment/organization-services.ts';
import { automationRolePatterns, partitionOf } from '../../model/names.ts';
import { canonical } from '../../../scp/pack.ts';
import { atomsOf, statementKey } from '../../../scp/normalize.ts';
import { automationAllow, exemptRolePatterns, protectExemptRoles } from '../../../scp/protect-exemptions.ts';
import {
  catalogEntries,
  catalogEntry,
  compileCandidates,
  compileItems,
  contextCandidates,
  itemAtoms,
  matchTarget,
  minimalWith,
  parameterCandidates,
  type CatalogEntry,
  type GuardrailOnTarget,
  type PolicyPart,
  withDefaults,
} from './match.ts';
import { customEntries, itemsByTarget, type CustomPolicyEntry, type Explained, type LiveItem } from './custom.ts';
import { importTree } from './organization.ts';
import { detectiveUses } from './config-rules.ts';
import type { OrganizationConfigRule } from '../../aws/config-organization.ts';
import type { OrganizationTrail } from '../../aws/cloudtrail.ts';
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
  /** Organization trails the management account sees from the home Region (CloudTrail DescribeTrails), or why they could not be read. */
  organizationTrails?: OrganizationTrail[];
  trailsUnread?: string;
  /** Whether the trail the spec adopts (the first) is logging (CloudTrail GetTrailStatus), or why that could not be read. */
  adoptedTrailLogging?: { logging: boolean; unread?: undefined } | { unread: string; logging?: undefined };
}

export type { CustomPolicyEntry };

export interface ImportedSpec {
  spec: Record<string, unknown>;
  /** Lines of the header comment. */
  notes: string[];
  /** Comment per guardrails entry index. */
  entryComments: Map<number, string>;
  /** Comment before a key, by its path (e.g. logging.trail.organizationTrail). */
  keyComments?: Map<string, string>;
  summary: {
    units: number;
    accounts: number;
    inactiveAccounts: number;
    catalogEntries: number;
    customEntries: number;
    controlTowerPolicies: number;
    organizationTrails?: number;
  };
}

/** AWS's SCP quotas since 2026-05-15 ("Quotas for AWS Organizations": 10,240 characters per SCP, 10 SCPs per target). */
export const AWS_SCP_QUOTAS = { scpSize: 10_240, scpsPerTarget: 10 };

interface Choice {
  ctx: ScpContext;
  matches: Map<string, GuardrailOnTarget[]>;
  covered: number;
  explicit: number;
}

const uniqueBy = <T>(items: T[], key: (t: T) => string): T[] => [...new Map(items.map((i) => [key(i), i])).values()];

/** The SCP contexts worth trying: break-glass patterns and allowed regions found in the live statements. */
function scpContexts(entries: CatalogEntry[], perTarget: Map<string, LiveItem[]>, opts: ImportOptions, organizationId: string): ScpContext[] {
  const automation = automationRolePatterns(partitionOf(opts.homeRegion));
  const all = [...perTarget.values()].flat().map((l) => l.item);
  const root = perTarget.get(ROOT)?.map((l) => l.item) ?? all;
  const base: ScpContext = {
    breakGlass: [],
    automation,
    allowedRegions: opts.allowedRegions ?? [opts.homeRegion],
    organizationId,
    partition: partitionOf(opts.homeRegion),
  };
  const breakGlass = uniqueBy([...contextCandidates(entries, base, 'breakGlass', all).slice(0, 3), []], canonical);
  const regions = opts.allowedRegions
    ? [opts.allowedRegions]
    : uniqueBy(
        [...contextCandidates(entries, base, 'allowedRegions', root).slice(0, 3), []].map((r) => (r.includes(opts.homeRegion) ? r : [...r, opts.homeRegion])),
        (r) => canonical([...r].sort()),
      );
  return regions.flatMap((allowedRegions) => breakGlass.map((bg) => ({ ...base, breakGlass: bg, allowedRegions })));
}

/** Matches one part of the catalog in each context and keeps the context that explains most live atoms with fewest explicit parameters. */
function chooseContext(part: PolicyPart, catalog: readonly Guardrail[], perTarget: Map<string, LiveItem[]>, contexts: ScpContext[]): Choice | undefined {
  const entries = catalogEntries(catalog, part);
  if (!perTarget.size || !contexts.length) return undefined;
  const all = [...perTarget.values()].flat().map((l) => l.item);
  const parameters = new Map(entries.map((e) => [e, parameterCandidates(e, contexts[0], all)]));
  const atomsOfTarget = new Map([...perTarget].map(([t, ls]) => [t, new Set(ls.flatMap((l) => itemAtoms(part, l.item)))]));
  let best: Choice | undefined;
  for (const ctx of contexts) {
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
  return best;
}

/** Statements on the root that are this tool's own protection of exempted roles (scp/protect-exemptions.ts), which names the roles SCPs and RCPs exempt. */
function exemptionProtection(scps: Map<string, LiveItem[]>, rcps: Map<string, LiveItem[]>, accessRole: string, partition: string): string[] {
  const all = [...scps.values(), ...rcps.values()].flat().map((l) => l.item as PolicyStatement);
  const out: string[] = [];
  for (const { item } of scps.get(ROOT) ?? []) {
    const statement = item as PolicyStatement;
    if (statement.Effect !== 'Deny') continue;
    const expected = protectExemptRoles(exemptRolePatterns(all.filter((s) => s !== statement)), accessRole, partition);
    if (expected && statementKey(expected) === statementKey(statement)) out.push(...atomsOf(statement));
  }
  return out;
}

type Use = { id: string; with: Record<string, unknown>; on: string[]; order: number };

/** A `use:` per guardrail and parameters found, on the targets it was found on; returns what they explain per target. */
function addUses(uses: Map<string, Use>, choice: Choice | undefined, catalogOrder: string[]): Map<string, Explained> {
  const covered = new Map<string, Explained>();
  for (const [target, found] of choice?.matches ?? []) {
    const sids = found.flatMap((c) => compileItems(c.entry, c.params, choice!.ctx).map((i) => (i as PolicyStatement).Sid ?? ''));
    covered.set(target, { atoms: new Set(found.flatMap((c) => c.atoms)), sids: new Set(sids.filter(Boolean)) });
    for (const c of found) {
      const w = minimalWith(c.entry, c.params, choice!.ctx);
      const key = `${c.entry.guardrail.id} ${canonical(w)}`;
      const use = uses.get(key) ?? { id: c.entry.guardrail.id, with: w, on: [], order: catalogOrder.indexOf(c.entry.guardrail.id) };
      if (!use.on.includes(target)) use.on.push(target);
      uses.set(key, use);
    }
  }
  return covered;
}

const PREVENTIVE_PARTS: PolicyPart[] = ['scp', 'rcp', 'declarative'];

const partAtoms = (entry: CatalogEntry, params: Record<string, unknown>, ctx: ScpContext) => {
  const filled = withDefaults(entry, params);
  return filled ? canonical([...new Set(compileItems(entry, filled, ctx).flatMap((i) => itemAtoms(entry.part, i)))].sort()) : undefined;
};

/** Adds the detective guardrails found as organization Config rules; a guardrail with a preventive part only joins the entry that part was found as. */
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
    const part = PREVENTIVE_PARTS.find((p) => d.guardrail[p]);
    const entry = catalogEntry(d.guardrail, part);
    const defaults = withDefaults(entry, {}) ?? {};
    const configWith = Object.fromEntries(Object.entries(d.params).filter(([k, v]) => canonical(v) !== canonical(defaults[k])));
    if (!part) {
      uses.set(`config ${d.rule}`, { id: d.guardrail.id, with: configWith, on: d.on, order: catalogOrder.indexOf(d.guardrail.id) });
      continue;
    }
    const same = [...uses.values()].find((u) => u.id === d.guardrail.id && canonical([...u.on].sort()) === canonical([...d.on].sort()));
    const merged = same && Object.fromEntries(Object.entries({ ...configWith, ...same.with }).sort(([a], [b]) => (a < b ? -1 : 1)));
    if (same && merged && partAtoms(entry, merged, ctx) === partAtoms(entry, same.with, ctx)) same.with = merged;
    else
      notes.push(`Config rule ${d.rule} on [${d.on.join(', ')}] does not match the ${part.toUpperCase()} part of ${d.guardrail.id} found there; not imported`);
  }
}

/** EC2 declarative attributes no catalog guardrail explains: the spec has no custom declarative entry, so they are listed in the header. */
function unexplainedAttributes(perTarget: Map<string, LiveItem[]>, covered: Map<string, Explained>, notes: string[]) {
  const lines: string[] = [];
  for (const [target, items] of perTarget)
    for (const { item, policy } of items)
      if (!covered.get(target)?.atoms.has(canonical(item))) lines.push(`  on ${target}, from "${policy.name}" (${policy.id}): ${JSON.stringify(item)}`);
  if (!lines.length) return;
  notes.push(
    'EC2 declarative policy attributes no catalog guardrail sets (the spec has no custom declarative entries: `pulumi up` neither writes nor removes them, the policies stay attached as they are):',
    ...lines,
  );
}

export function importOrganization(live: LiveOrganization, catalog: readonly Guardrail[], opts: ImportOptions): ImportedSpec {
  const notes: string[] = [];
  const tree = importTree(live);
  const accessRole = opts.accessRole ?? 'OrganizationAccountAccessRole';
  const catalogOrder = catalog.map((g) => g.id);
  const uses = new Map<string, Use>();
  // SCPs decide the context (break-glass patterns, allowed regions) the spec's organization carries; RCPs and declarative policies are matched in it.
  const scps = itemsByTarget(live, tree.targetOf, 'SERVICE_CONTROL_POLICY', notes);
  const choice = chooseContext('scp', catalog, scps, scpContexts(catalogEntries(catalog, 'scp'), scps, opts, live.id));
  const ctx = choice?.ctx ?? {
    breakGlass: [],
    automation: automationRolePatterns(partitionOf(opts.homeRegion)),
    allowedRegions: opts.allowedRegions ?? [opts.homeRegion],
    organizationId: live.id,
    partition: partitionOf(opts.homeRegion),
  };
  const covered = addUses(uses, choice, catalogOrder);
  const rcps = itemsByTarget(live, tree.targetOf, 'RESOURCE_CONTROL_POLICY', notes);
  const rcpCovered = opts.rcpEntries ? addUses(uses, chooseContext('rcp', catalog, rcps, [ctx]), catalogOrder) : new Map<string, Explained>();
  const attributes = itemsByTarget(live, tree.targetOf, 'DECLARATIVE_POLICY_EC2', notes);
  unexplainedAttributes(attributes, addUses(uses, chooseContext('declarative', catalog, attributes, [ctx]), catalogOrder), notes);
  mergeDetective(uses, catalog, live, tree, ctx, opts, notes);

  const explainedAt = (target: string) => covered.get(target) ?? covered.set(target, { atoms: new Set(), sids: new Set() }).get(target)!;
  for (const atom of exemptionProtection(scps, rcps, accessRole, partitionOf(opts.homeRegion))) explainedAt(ROOT).atoms.add(atom);
  // So is the Allow for the deployment's own roles on allow-list targets (automationAllow): the plan adds it again.
  const ownAllow = statementKey(automationAllow(ctx.automation));
  for (const [target, items] of scps)
    for (const { item } of items)
      if (statementKey(item as PolicyStatement) === ownAllow) atomsOf(item as PolicyStatement).forEach((a) => explainedAt(target).atoms.add(a));

  const taken = new Set<string>();
  const customs = customEntries(scps, covered, 'scp', taken);
  const rcpCustoms = customEntries(rcps, rcpCovered, 'rcp', taken);
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

  // What is registered already, machine-readable: the deployment adopts a registration of auditAccount instead of repeating it.
  const delegatedAdministrators: Record<string, string[]> = {};
  for (const d of live.delegatedAdministrators)
    for (const service of d.services) if (accountName(d.accountId)) (delegatedAdministrators[service] ??= []).push(accountName(d.accountId)!);
  const organization: Record<string, unknown> = {
    managementAccountId: live.managementAccountId,
    id: live.id,
    homeRegion: opts.homeRegion,
    allowedRegions: ctx.allowedRegions,
    ...(opts.accessRole ? { accessRole: opts.accessRole } : {}),
    ...(ctx.breakGlass.length ? { breakGlass: ctx.breakGlass } : {}),
    ...(logArchive.length === 1 ? { logArchiveAccount: logArchive[0] } : {}),
    ...(audit ? { auditAccount: accountName(audit.accountId) } : {}),
    ...(Object.keys(delegatedAdministrators).length
      ? {
          delegatedAdministrators: Object.fromEntries(
            Object.entries(delegatedAdministrators)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, v]) => [k, v.sort()]),
          ),
        }
      : {}),
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
    if (opts.trailsUnread)
      header.push(
        'If Control Tower keeps an organization trail (aws-controltower-BaselineCloudTrail), set logging.trail.name to it and logging.trail.organizationTrail: existing,',
        'so the deployment uses it instead of creating a second one.',
      );
    // Landing zones before 3.0 keep a trail per account (aws-controltower-BaselineCloudTrail, from a StackSet), not an organization trail.
    else if (opts.organizationTrails && !opts.organizationTrails.length)
      header.push(
        `No organization trail is seen from ${opts.homeRegion}: a Control Tower landing zone before version 3.0 keeps a trail in each account (aws-controltower-BaselineCloudTrail),`,
        'and the deployment adds an organization trail beside them (both record, both are billed). If Control Tower keeps a single-Region organization trail in another Region,',
        'set logging.trail.name to it and logging.trail.organizationTrail: existing.',
      );
  }
  const trail = existingTrail(opts, header);
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
    spec: {
      version: 1,
      organization,
      ...(trail ? { logging: { trail: { name: trail.name, organizationTrail: 'existing' } } } : {}),
      guardrails,
      ...(controlTower ? { baseline: { configRecorder: 'existing' } } : {}),
    },
    notes: header,
    entryComments,
    ...(trail ? { keyComments: new Map([['logging.trail.organizationTrail', trail.comment]]) } : {}),
    summary: {
      units: live.units.length,
      accounts: tree.accountNames.size,
      inactiveAccounts: tree.inactive.length,
      catalogEntries: orderedUses.length,
      customEntries: customs.length + (opts.rcpEntries ? rcpCustoms.length : 0),
      controlTowerPolicies: tree.controlTowerPolicies.length,
      ...(opts.organizationTrails ? { organizationTrails: opts.organizationTrails.length } : {}),
    },
  };
}

const describeTrail = (t: OrganizationTrail) =>
  `${t.arn} (home Region ${t.homeRegion}, ${t.multiRegion ? 'multi-Region' : 'single-Region'}, bucket ${t.bucket || 'unknown'})`;

/**
 * The organization trail the spec adopts (the first: multi-Region before single-Region), with the comment naming it,
 * or nothing: no trail found keeps the default (`create`), and so does a read that failed, which the header says.
 */
function existingTrail(opts: ImportOptions, header: string[]): { name: string; comment: string } | undefined {
  if (opts.trailsUnread) {
    header.push(
      `CloudTrail trails were not read (${opts.trailsUnread}): logging.trail.organizationTrail stays "create".`,
      'If an organization trail exists, set logging.trail.name to it and organizationTrail: existing before `pulumi up`, or the deployment creates a second one.',
    );
    return undefined;
  }
  const [trail, ...others] = opts.organizationTrails ?? [];
  if (!trail) return undefined;
  if (others.length)
    header.push(
      `${opts.organizationTrails!.length} organization trails record this organization; logging.trail names the first, the others are left as they are:`,
      ...others.map((t) => `  ${describeTrail(t)}`),
    );
  const notLogging = adoptedTrailWarning(trail, opts.adoptedTrailLogging);
  if (notLogging) header.push(notLogging);
  return {
    name: trail.name,
    comment: ` An organization trail exists: ${describeTrail(trail)}.\n The deployment uses it as it is (no second trail, bucket, key or log group); the logging.trail settings below are not applied to it.`,
  };
}

/** What to say when the trail the spec adopts records nothing (GetTrailStatus IsLogging false), or when that could not be read. */
export function adoptedTrailWarning(trail: OrganizationTrail, status: ImportOptions['adoptedTrailLogging']): string | undefined {
  if (status?.logging === false)
    return `The organization trail ${trail.name} is not logging (CloudTrail GetTrailStatus: IsLogging false); the spec adopts it as it is, so nothing records the organization until it is started: aws cloudtrail start-logging --name ${trail.arn} --region ${trail.homeRegion}`;
  if (status?.unread)
    return `Whether the organization trail ${trail.name} is logging was not read (${status.unread}); check it: aws cloudtrail get-trail-status --name ${trail.arn} --region ${trail.homeRegion}`;
  return undefined;
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
