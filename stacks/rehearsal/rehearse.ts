/**
 * The deployment rehearsal: the resources the program declares (previewDeployment, with the
 * dependencies the engine orders them by) are created one by one against the model of AWS's
 * control plane (world.ts, services/*.ts) in several seeded orders; the baseline template is
 * deployed into every account and region a StackSet instance reaches (management account
 * included, through its own stacks); and every call the deployment makes in a member account is
 * asked of that account's SCPs (lockout.ts). It proves the program against AWS's documented
 * rules; it is not AWS.
 */
import type { Analysis } from '../../src/deployment/analyze.ts';
import { accountsUnder, ROOT, type OrganizationIndex } from '../../src/model/organization.ts';
import { baselineExclusions, createsOrganizationTrail, existingAdministrators } from '../../src/deployment/adoption.ts';
import { formatPosition } from '../../src/core/diagnostics.ts';
import { RECORDER_PARAMETER } from '../../src/deployment/baseline-template.ts';
import { partitionOf } from '../../src/model/names.ts';
import { accountNamesById } from '../../src/model/organization.ts';
import type { PlanResource } from '../preview.ts';
import { accessRoleCalls, baselineCalls, functionRoleCalls, lockoutProblems, memberRoleCalls, type DeploymentCall } from './lockout.ts';
import { creationOrder, seededRandom } from './order.ts';
import { cloudformation } from './services/cloudformation.ts';
import { cloudtrail } from './services/cloudtrail.ts';
import { config } from './services/config.ts';
import { guardduty } from './services/guardduty.ts';
import { iam } from './services/iam.ts';
import { kms } from './services/kms.ts';
import { lambda } from './services/lambda.ts';
import { organizations } from './services/organizations.ts';
import { concurrentBucketConfiguration, s3 } from './services/s3.ts';
import { expandTemplate, type TemplateResource } from './template.ts';
import { World, type Handler, type Problem, type RehearsalContext } from './world.ts';

export const DEFAULT_SEEDS = [0, 1, 2, 3];

const HANDLERS: Record<string, Handler> = { ...organizations, ...cloudformation, ...config, ...cloudtrail, ...guardduty, ...iam, ...kms, ...lambda, ...s3 };

export interface Rehearsal {
  seeds: number[];
  problems: Problem[];
  /** What the plan says without failing: places the spec excludes, registrations kept beside the deployment's. */
  notes: Problem[];
}

export function rehearse(analysis: Analysis, resources: PlanResource[], seeds: number[] = DEFAULT_SEEDS): Rehearsal {
  const { spec, index, source } = analysis.loaded;
  const org = spec.organization;
  const partition = partitionOf(org.homeRegion);
  const idOf = (account: string) => index.accounts.get(account)?.id ?? account;
  const nameOf = accountNamesById(index);
  const accountIds = [...index.accounts.values()].filter((a) => a.id).map((a) => a.id!);
  const byName = new Map(resources.map((r) => [r.name, r]));
  // The same finding from several seeds or sources is said once.
  const problems = new Map<string, Problem>();
  const notes = new Map<string, Problem>();
  const add = (into: Map<string, Problem>, found: Iterable<Problem>) => {
    for (const p of found) into.set(`${p.resource}|${p.rule}|${p.message}`, p);
  };
  const recorderModeOf = (account: { parent: string }) => {
    const top = account.parent === ROOT ? undefined : account.parent.split('/')[0];
    return top === undefined ? spec.baseline.configRecorder : (spec.baseline.configRecorderByUnit[top] ?? spec.baseline.configRecorder);
  };
  const calls: DeploymentCall[] = [];
  const templateCalls = new Set<string>();
  const expansions = new WeakMap<object, Map<string, TemplateResource[]>>();

  const accountsUnderDeps = (dependsOn: string[]) => accountsUnderDependencies(index, dependsOn);

  // What each resource waits for, transitively: only state made by these can be relied on.
  const ancestors = new Map<string, Set<string>>();
  const ancestorsOf = (name: string): Set<string> => {
    let set = ancestors.get(name);
    if (set) return set;
    set = new Set<string>();
    ancestors.set(name, set);
    for (const d of byName.get(name)?.dependsOn ?? []) {
      set.add(d);
      for (const a of ancestorsOf(d)) set.add(a);
    }
    return set;
  };
  for (const seed of seeds) {
    const world = new World(org.id, ancestorsOf);
    const random = seed === 0 ? undefined : seededRandom(seed);
    // What the spec says is already there: recorders (Control Tower's) in every allowed region, delegated administrators, the organization trail.
    world.current = '';
    for (const a of index.accounts.values())
      if (a.id && recorderModeOf(a) === 'existing') for (const region of org.allowedRegions) world.put(`recorder/${a.id}/${region}`, 'existing');
    seedExisting(world, analysis);
    const ctx: RehearsalContext = {
      world,
      managementAccountId: org.managementAccountId,
      accountIds,
      partition,
      accountsUnder: accountsUnderDeps,
      accountName: (id) => nameOf.get(id) ?? id,
      specAt: (path) => formatPosition(source.at(path, '')),
      deployTemplate: (template, place, owner, parameters) => {
        const variant = `${place.region}|${JSON.stringify(parameters)}`;
        const forTemplate = expansions.get(template) ?? new Map<string, TemplateResource[]>();
        expansions.set(template, forTemplate);
        const expanded = forTemplate.get(variant) ?? forTemplate.set(variant, expandTemplate(template, place.region, partition, parameters)).get(variant)!;
        // Template resources act on behalf of the stack (instance) deploying them; CloudFormation orders them itself.
        for (const r of creationOrder(
          expanded,
          (x) => x.logicalId,
          (x) => x.after,
          random,
        )) {
          HANDLERS[r.type]?.(
            {
              name: `${owner} → ${r.logicalId} in ${nameOf.get(place.accountId) ?? place.accountId}/${place.region}`,
              type: r.type,
              inputs: r.properties,
              place,
              dependsOn: [],
              logicalId: r.logicalId,
            },
            ctx,
          );
        }
        const account = nameOf.get(place.accountId);
        const key = `${place.accountId}/${place.region}`;
        if (account && !templateCalls.has(key)) {
          templateCalls.add(key);
          calls.push(...baselineCalls(account, place.region, expanded));
        }
      },
    };
    for (const r of creationOrder(
      resources,
      (x) => x.name,
      (x) => x.dependsOn,
      random,
    )) {
      world.current = r.name;
      HANDLERS[r.type]?.(
        {
          name: r.name,
          type: r.type,
          inputs: r.inputs,
          place: { accountId: idOf(r.account), region: r.region },
          dependsOn: r.dependsOn,
          ...(r.importId ? { importId: r.importId } : {}),
        },
        ctx,
      );
    }
    add(problems, world.problems);
    add(notes, world.notes);
  }

  // Graph rules: what may run at the same time.
  add(
    problems,
    concurrentBucketConfiguration(resources, (a, b) => ancestorsOf(a).has(b) || ancestorsOf(b).has(a)),
  );

  // The rule Lambdas act through the member role in each account and region an organization custom rule evaluates: Config
  // deploys the rule to no account in its ExcludedAccounts (Config API Reference, PutOrganizationConfigRule). Where no rule of the spec evaluates an account, its calls
  // are still asked, so the plan can say what the rules' targets avoid; where the baseline is excluded, see below.
  const exclusions = baselineExclusions(spec, index);
  const exclusionAt = new Map(exclusions.map((x) => [`${x.account}/${x.region}`, x]));
  const customRules = resources.filter((r) => r.type === 'aws:cfg/organizationCustomRule:OrganizationCustomRule');
  const evaluates = (accountId: string, region: string) =>
    customRules.some((r) => r.region === region && !((r.inputs.excludedAccounts as string[] | undefined) ?? []).includes(accountId));
  const untargeted = { reason: "no custom Config rule of the spec evaluates it there (the rules' targets)", specPath: ['guardrails'] };
  if (customRules.length)
    for (const a of index.accounts.values())
      if (a.id && !a.isManagement)
        for (const region of org.allowedRegions)
          if (!exclusionAt.has(`${a.name}/${region}`))
            calls.push(...memberRoleCalls(a.name, region).map((call) => (evaluates(a.id!, region) ? call : { ...call, excluded: untargeted })));
  // The functions themselves run in the audit account, in each region that has a custom rule.
  if (org.auditAccount) for (const region of new Set(customRules.map((r) => r.region))) calls.push(...functionRoleCalls(org.auditAccount, region));
  calls.push(...accessRoleCalls(analysis, resources));
  // Where the spec keeps the baseline out, its calls are still asked, so the plan can say what the exclusion avoids.
  const stackSet = resources.find((r) => r.type === 'aws:cloudformation/stackSet:StackSet');
  const template = stackSet ? (JSON.parse(String(stackSet.inputs.templateBody)) as Record<string, any>) : undefined;
  const expandedFor = new Map<string, TemplateResource[]>();
  for (const x of template ? exclusions : []) {
    const mode = recorderModeOf(index.accounts.get(x.account)!);
    const variant = `${x.region}|${mode}`;
    const expanded =
      expandedFor.get(variant) ?? expandedFor.set(variant, expandTemplate(template!, x.region, partition, { [RECORDER_PARAMETER]: mode })).get(variant)!;
    const excluded = { reason: `baseline.exclude (${x.reason})`, specPath: ['baseline', 'exclude', x.entry] };
    for (const call of [...baselineCalls(x.account, x.region, expanded), ...(customRules ? memberRoleCalls(x.account, x.region) : [])])
      calls.push({ ...call, excluded });
  }
  const lockout = lockoutProblems(analysis, calls);
  add(problems, lockout.problems);
  add(notes, [...lockout.notes, ...adoptionNotes(analysis)]);

  return { seeds, problems: [...problems.values()], notes: [...notes.values()] };
}

/**
 * The member accounts (ids) under the OUs a resource names, as the rehearsal knows them: an OU resource is `ou:<path>`,
 * the organization resource stands for the root; a StackSet instance depends on the OU (or root) its targets name.
 */
export function accountsUnderDependencies(index: OrganizationIndex, dependsOn: string[]): string[] {
  const targets = dependsOn.flatMap((d) => (d.startsWith('ou:') ? [d.slice(3)] : d === 'organization' ? [ROOT] : []));
  return [
    ...new Set(
      targets
        .flatMap((t) => accountsUnder(index, t))
        .filter((a) => a.id)
        .map((a) => a.id!),
    ),
  ];
}

/** What adopting an existing resource leaves as it is, which the plan says rather than hides. */
function adoptionNotes(analysis: Analysis): Problem[] {
  const { spec, source } = analysis.loaded;
  const at = (path: (string | number)[]) => formatPosition(source.at(path, ''));
  const notes: Problem[] = [];
  if (!createsOrganizationTrail(spec.logging.trail))
    notes.push({
      resource: 'logging.trail',
      rule: 'cloudtrail:existing-trail-as-is',
      message: `the existing organization trail ${spec.logging.trail.name} is used as it is: logging.trail's data events, CloudWatch Logs, retention and Object Lock settings are not applied to it, nor checked`,
      doc: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html',
      at: at(['logging', 'trail', 'organizationTrail']),
    });
  if (spec.organization.delegatedAdministrators?.['guardduty.amazonaws.com']?.length)
    notes.push({
      resource: 'organization.delegatedAdministrators',
      rule: 'guardduty:administrator-per-region',
      message: `GuardDuty's administrator is designated per Region; it is adopted in every allowed region (${spec.organization.allowedRegions.join(', ')}), and pulumi up fails to import it in a region where it was not designated`,
      doc: 'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html',
      at: at(['organization', 'delegatedAdministrators', 'guardduty.amazonaws.com']),
    });
  return notes;
}

/** Seeds the world with what the spec says exists before the deployment: delegated administrators and the organization trail. */
function seedExisting(world: World, analysis: Analysis): void {
  const { spec, index } = analysis.loaded;
  const org = spec.organization;
  for (const service of Object.keys(org.delegatedAdministrators ?? {}))
    for (const admin of existingAdministrators(spec, index, service)) {
      if (!admin.id) continue;
      world.put(`delegated/${service}/${admin.id}`, 'existing');
      // GuardDuty's administrator is designated per Region, with a detector there (see services/guardduty.ts).
      if (service === 'guardduty.amazonaws.com')
        for (const region of org.allowedRegions) {
          world.put(`guardduty-admin/${region}`, admin.id);
          world.put(`detector/${admin.id}/${region}`, 'existing');
        }
    }
  if (!createsOrganizationTrail(spec.logging.trail)) world.put('organization-trail', spec.logging.trail.name);
}
