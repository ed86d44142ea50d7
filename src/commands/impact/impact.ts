/**
 * `guardrails impact`: replays CloudTrail records against the base spec and the changed spec and
 * groups the requests whose decision changes (account → principal → action). Every decision is the
 * simulator's, for exactly the request `guardrails simulate` would be given (see `sampleRequest`);
 * this module only maps events to requests and counts. Memory grows with distinct groups and
 * cached decisions (capped), never with the number of events.
 */
import type { Analysis } from '../../deployment/analyze.ts';
import { simulatorOf } from '../../deployment/simulator.ts';
import { type DecidedBy, type Decision, type DecisionKind } from '../../../scp/simulate.ts';
import { asList, conditionKeysNamedIn, type PolicyStatement } from '../../iam/policy.ts';
import { actionMatches } from '../../iam/statement.ts';
import { rcpApplies } from '../../iam/organization-policies.ts';
import { loadIamReference } from '../../iam/reference.ts';
import { KEYS_CLOUDTRAIL_RECORDS, KEYS_ONLY_SERVICE_PRINCIPALS_CARRY, requestOfEvent, type EventRequest } from './event-request.ts';
import type { CloudTrailRecord } from './cloudtrail-files.ts';
import { S3_COPY_SOURCE_ACTION } from './event-actions.ts';
import { arnAccount, formatShape, iamPathCouldMatter, resourceFromParameters, takesArn } from './request-resources.ts';

export interface ImpactGroup {
  /** The principal's account: its spec name, MANAGEMENT_ACCOUNT (not listed in the spec) or OUTSIDE_ORGANIZATION. */
  account: string;
  accountId: string;
  principal: string;
  action: string;
  region: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  sampleEventId: string;
  before: DecisionKind;
  after: DecisionKind;
  /** The statement deciding the denial: the new one for a new deny, the old one for a request the change allows. */
  decidedBy?: DecidedBy;
  /** The sample's request exactly as given to the simulator (`guardrails simulate` with these options decides alike). */
  sampleRequest: {
    /** The principal's account as the simulator took it (a spec name, or the id of a management account the spec does not list); none for a caller outside the organization. */
    account?: string;
    resource: string;
    resourceAccount?: string;
    context: Record<string, string | string[]>;
  };
}

export interface UncertainGroup extends ImpactGroup {
  /** Condition keys the decision rested on that CloudTrail does not record. */
  missingKeys: string[];
}

export interface AlreadyDeniedGroup extends ImpactGroup {
  errorCode: string;
}

export interface ImpactSummary {
  files: number;
  events: number;
  evaluated: number;
  skipped: Record<string, number>;
  newDenies: number;
  newlyAllowed: number;
  uncertain: number;
  alreadyDenied: number;
}

export interface ImpactReport {
  summary: ImpactSummary;
  changes: ImpactGroup[];
  uncertain: UncertainGroup[];
  alreadyDenied: AlreadyDeniedGroup[];
}

export interface ImpactOptions {
  /** Called now and then while reading (for a progress line). */
  onProgress?: (progress: { files: number; events: number }) => void;
}

export const MANAGEMENT_ACCOUNT = 'management account';
export const OUTSIDE_ORGANIZATION = 'outside the organization';
const accountLabel = (account: string | undefined, id: string) =>
  account === undefined ? OUTSIDE_ORGANIZATION : account === id ? MANAGEMENT_ACCOUNT : account;

/** Distinct skip reasons kept; beyond, hostile input cannot grow the summary. */
const MAX_SKIP_REASONS = 200;
/** Bound on the action names kept per service as events spell them (a hostile file may invent many). */
const MAX_ACTION_SPELLINGS = 4 * 1024;
/** Cached decisions; the cache is dropped when full, so memory stays bounded. */
const MAX_CACHED_DECISIONS = 50_000;
/**
 * Absent keys that leave no doubt: those a record would carry, and aws:username, which the simulator
 * sets for an IAM user and AWS has for no other principal (IAM global condition context keys).
 */
const KNOWN = new Set([...KEYS_CLOUDTRAIL_RECORDS, 'aws:username']);
/**
 * For a service principal's request: the keys only such a request carries are not recorded; those of an
 * IAM principal's identity are certainly absent (a service principal is in no account or organization).
 */
const KNOWN_FOR_SERVICE = new Set(
  [...KNOWN, 'aws:principalarn', 'aws:principalaccount', 'aws:principalorgid', 'aws:principalorgpaths'].filter(
    (k) => !KEYS_ONLY_SERVICE_PRINCIPALS_CARRY.some((s) => s.toLowerCase() === k),
  ),
);

/**
 * For an unsigned request (a federation call): no principal, so none of the aws:Principal* keys, no principal
 * tags and no service principal's keys; other keys (the provider's own, `accounts.google.com:sub`, `saml:aud`) stay unknown.
 */
const KNOWN_FOR_UNSIGNED = new Set([
  ...KNOWN,
  ...['aws:PrincipalArn', 'aws:PrincipalAccount', 'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:PrincipalType', 'aws:PrincipalIsAWSService'].map((k) =>
    k.toLowerCase(),
  ),
]);

/** What impact keeps of a decision (not the echoed request context, which would weigh on the cache). */
type Kept = Pick<Decision, 'decision' | 'decidedBy'>;

interface Replayed {
  before: Kept;
  after: Kept;
  unknownBefore: string[];
  unknownAfter: string[];
  input: {
    /** The principal's account as the simulator takes it; none for a principal outside the organization (its ARN says the account). */
    account?: string;
    principal: string;
    action: string;
    resource: string;
    region: string;
    resourceAccount?: string;
    context: Record<string, string | string[]>;
    /** An unsigned request (EventRequest.unsigned). */
    unsigned?: boolean;
  };
}

/**
 * Canonical action names per service from the IAM data, with the ARN format shapes of the resource
 * types each takes; undefined for a prefix or action the data does not know.
 */
function actionResolver() {
  const services = new Map<string, Map<string, { action: string; takes: ReadonlySet<string>; required: number }> | null>();
  return async (service: string, name: string) => {
    if (!services.has(service)) {
      const ref = await loadIamReference([service]);
      const actions = ref.actions.get(service);
      const formats = ref.resourceArns.get(service);
      const required = ref.requiredResourceTypes.get(service);
      services.set(
        service,
        actions
          ? new Map(
              actions.map((a) => [
                a.toLowerCase(),
                {
                  action: `${service}:${a}`,
                  takes: new Set((formats?.get(a.toLowerCase()) ?? []).map(formatShape)),
                  required: required?.get(a.toLowerCase()) ?? 0,
                },
              ]),
            )
          : null,
      );
    }
    const actions = services.get(service);
    // Names as events spell them are few: each is lowercased once.
    let resolved = actions?.get(name);
    if (resolved === undefined && actions) {
      resolved = actions.get(name.toLowerCase());
      if (resolved && actions.size < MAX_ACTION_SPELLINGS) actions.set(name, resolved);
    }
    return resolved;
  };
}

/** Every statement either policy type of a spec evaluates (SCPs of principals, RCPs of resource owners). */
const statementsOf = (analysis: Analysis) =>
  [analysis.scps, analysis.rcps].flatMap((plan) => [...(plan?.targets.values() ?? [])].flatMap((t) => t.policies.flatMap((p) => p.document.Statement)));
/**
 * Named in missingKeys when the record names no resource for an action that takes one and a statement
 * of that spec scoped to particular resources could decide it: evaluated with `*`, such a statement
 * never matches, so the decision is not known.
 */
export const RESOURCE_NOT_RECORDED = 'resource ARN (not in the record)';
/** Named in missingKeys when an IAM resource named without its path was taken at `/` and a Resource pattern could tell the paths apart. */
export const IAM_PATH_NOT_RECORDED = 'IAM path (not in the record; / taken)';
/**
 * Named in missingKeys when the record names a resource but not its owner (an S3 ARN carries no account)
 * and an RCP of that spec is written for the action: the owner's RCPs apply, and which account that is is unknown.
 */
export const RESOURCE_OWNER_NOT_RECORDED = 'resource owner (not in the record)';
const scopedToResources = (s: PolicyStatement) => asList(s.NotResource ?? s.Resource).some((p) => p !== '*');
const sameKeys = (a: string[], b: string[]) => a.length === b.length && a.every((k, i) => k === b[i]);
const deciderOf = (d: Kept) => (d.decidedBy ? `${d.decidedBy.target}|${d.decidedBy.policy ?? ''}|${d.decidedBy.statementIndex ?? ''}` : '');

/** How strongly a side's decision stands against a call: a certain deny, then an uncertain deny or allow, then a certain allow. */
const weight = (d: Kept, unknown: string[]) => (unknown.length ? (d.decision === 'allowed' ? 1 : 2) : d.decision === 'allowed' ? 0 : 3);
/**
 * A call on several resources is authorized on each, and denied when any is (IAM User Guide, "Policy
 * evaluation logic": a request is evaluated for each resource it names): per side, the weightiest
 * decision stands, with the keys of every uncertain one; the sample is the resource deciding the change.
 */
function overAll(replays: Replayed[]): Replayed {
  const side = (decision: (r: Replayed) => Kept, unknown: (r: Replayed) => string[]) => {
    let chosen = replays[0];
    for (const r of replays) if (weight(decision(r), unknown(r)) > weight(decision(chosen), unknown(chosen))) chosen = r;
    const keys = weight(decision(chosen), unknown(chosen)) === 3 ? [] : [...new Set(replays.flatMap(unknown))];
    return { chosen, decision: decision(chosen), keys };
  };
  const b = side(
    (r) => r.before,
    (r) => r.unknownBefore,
  );
  const a = side(
    (r) => r.after,
    (r) => r.unknownAfter,
  );
  const sample = a.decision.decision !== 'allowed' || a.keys.length ? a.chosen : b.chosen;
  return { before: b.decision, after: a.decision, unknownBefore: b.keys, unknownAfter: a.keys, input: sample.input };
}

/** Records as read, a batch at a time, with the file they came from. */
export type RecordBatches = AsyncIterable<{ file: string; records: CloudTrailRecord[] }>;

export async function impact(before: Analysis, after: Analysis, batches: RecordBatches, options: ImpactOptions = {}): Promise<ImpactReport> {
  const sides = [before, after].map((analysis) => {
    const { index, spec } = analysis.loaded;
    // How the simulator is to be told of an account: its spec name, or for the management account the
    // spec does not list, its id (the simulator knows it from organization.managementAccountId).
    const names = new Map<string, string>([[spec.organization.managementAccountId, spec.organization.managementAccountId]]);
    for (const a of index.accounts.values()) if (a.id) names.set(a.id, a.name);
    const scoped = statementsOf(analysis).filter(scopedToResources);
    const scopedFor = new Map<string, boolean>();
    const forAction = (s: PolicyStatement, action: string) =>
      s.NotAction !== undefined ? !actionMatches(asList(s.NotAction), action) : actionMatches(asList(s.Action), action);
    /** Could a statement of this spec scoped to particular resources match the action? */
    const scopedAction = (action: string): boolean => {
      let matters = scopedFor.get(action);
      if (matters === undefined) {
        matters = scoped.some((s) => forAction(s, action));
        scopedFor.set(action, matters);
      }
      return matters;
    };
    const all = statementsOf(analysis);
    const hiddenFor = new Map<string, string[]>();
    /** Of the keys a record hides (EventRequest.hiddenKeys), those a statement of this spec for the action reads. */
    const hiddenRead = (action: string, hidden: readonly string[]): string[] => {
      const cacheKey = `${action}\u0000${hidden.join(',')}`;
      let read = hiddenFor.get(cacheKey);
      if (read === undefined) {
        const named = conditionKeysNamedIn(all.filter((s) => forAction(s, action)));
        read = hidden.filter((k) => named.has(k.toLowerCase()));
        hiddenFor.set(cacheKey, read);
      }
      return read;
    };
    /** Could a statement scoped to particular resources decide the action? */
    const resourceMatters = (action: string, decided: Kept): boolean => {
      // An explicit Deny by a statement over every resource stands whatever the resource is.
      const by = decided.decidedBy;
      if (decided.decision === 'explicit-deny' && by?.statementIndex !== undefined) {
        const plan = by.policyType === 'RESOURCE_CONTROL_POLICY' ? analysis.rcps : analysis.scps;
        const statement = plan?.targets.get(by.target)?.policies.find((p) => p.name === by.policy)?.document.Statement[by.statementIndex];
        if (statement && !scopedToResources(statement)) return false;
      }
      return scopedAction(action);
    };
    /** Could a statement of this spec for the action match the IAM resource differently at another path? */
    const pathMatters = (action: string, arn: string): boolean =>
      scoped.some((s) => forAction(s, action) && asList(s.NotResource ?? s.Resource).some((p) => iamPathCouldMatter(arn, p)));
    const rcpStatements = [...(analysis.rcps?.targets.values() ?? [])].flatMap((t) => t.policies.flatMap((p) => p.document.Statement));
    const rcpFor = new Map<string, boolean>();
    /** Could an RCP of this spec decide the action (so the resource owner matters)? */
    const ownerMatters = (action: string): boolean => {
      let matters = rcpFor.get(action);
      if (matters === undefined) rcpFor.set(action, (matters = rcpApplies(action) && rcpStatements.some((s) => forAction(s, action))));
      return matters;
    };
    return { names, simulator: simulatorOf(analysis), resourceMatters, scopedAction, hiddenRead, pathMatters, ownerMatters };
  });
  /** The account as both specs know it; `undefined` when neither lists it; `null` when only one does. */
  const placed = (id: string | undefined): string | undefined | null => {
    if (id === undefined) return undefined;
    const b = sides[0].names.get(id);
    return b === sides[1].names.get(id) ? b : null;
  };
  // Only the keys a policy of either spec can read reach the simulator: the others cannot change a
  // decision, and leaving them out lets identical requests share one cached decision.
  const named = conditionKeysNamedIn([...statementsOf(before), ...statementsOf(after)]);
  /** Per context key as a record spells it (a handful of spellings): does a policy read it? */
  const namedSpelling = new Map<string, boolean>();
  const isNamed = (key: string) => {
    let is = namedSpelling.get(key);
    if (is === undefined) namedSpelling.set(key, (is = named.has(key.toLowerCase())));
    return is;
  };
  /** Per action: is a statement of either spec scoped to particular resources for it? */
  const scopedEither = new Map<string, boolean>();
  const resolveAction = actionResolver();
  const cache = new Map<string, Replayed>();
  const summary: ImpactSummary = { files: 0, events: 0, evaluated: 0, skipped: {}, newDenies: 0, newlyAllowed: 0, uncertain: 0, alreadyDenied: 0 };
  const changes = new Map<string, ImpactGroup>();
  const uncertain = new Map<string, UncertainGroup>();
  const alreadyDenied = new Map<string, AlreadyDeniedGroup>();

  const skip = (why: string) => {
    // Reasons may quote the record (an event name): keep them short whatever the input.
    const reason = why.length > 160 ? `${why.slice(0, 157)}...` : why;
    const key = reason in summary.skipped || Object.keys(summary.skipped).length < MAX_SKIP_REASONS ? reason : 'other reasons';
    summary.skipped[key] = (summary.skipped[key] ?? 0) + 1;
  };

  /**
   * `resourceUnknown`: the action takes a resource the record does not name (evaluated as `*`); `pathAssumed`: an IAM name
   * taken at `/`; `ownerUnknown`: the resource's owner is not in the record (EventRequest.ownerUnknown).
   */
  const replay = (
    request: EventRequest,
    account: string | undefined,
    action: string,
    resourceUnknown: boolean,
    pathAssumed: boolean,
    ownerUnknown = request.ownerUnknown === true,
  ): Replayed => {
    // The request holds only the keys a policy of either spec reads (isNamed).
    const context = request.context;
    const input: Replayed['input'] = {
      account,
      principal: request.principal,
      action,
      resource: request.resource,
      region: request.region,
      resourceAccount: request.resourceAccount,
      context,
    };
    if (request.unsigned) input.unsigned = true;
    // Where no statement of either spec is scoped to resources for the action, only the account in the resource's ARN
    // (whose RCPs apply) can change the decision: calls on different objects then share one cached decision.
    let scoped = scopedEither.get(action);
    if (scoped === undefined) scopedEither.set(action, (scoped = sides.some((side) => side.scopedAction(action))));
    const resourceKey = scoped ? input.resource : `account:${arnAccount(input.resource)}`;
    let key = `${account ?? ''}\u0000${input.principal}\u0000${action}\u0000${resourceKey}\u0000${input.region}\u0000${input.resourceAccount ?? ''}`;
    if (request.hiddenKeys || pathAssumed || ownerUnknown)
      key += `\u0000${request.hiddenKeys ? 'hidden' : ''}${pathAssumed ? 'path' : ''}${ownerUnknown ? 'owner' : ''}`;
    for (const [k, v] of Object.entries(context)) key += `\u0000${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`;
    let replayed = cache.get(key);
    if (!replayed) {
      const [b, a] = sides.map((side) => side.simulator.simulate(input));
      const kept = (d: Decision): Kept => ({ decision: d.decision, ...(d.decidedBy ? { decidedBy: d.decidedBy } : {}) });
      const known = request.servicePrincipal ? KNOWN_FOR_SERVICE : request.unsigned ? KNOWN_FOR_UNSIGNED : KNOWN;
      const noPrincipal = request.servicePrincipal || request.unsigned;
      const unknown = (d: Decision, side: (typeof sides)[number]) => {
        // A service principal has no tags (they are an IAM principal's): their absence is certain.
        const keys = (d.absentKeys ?? []).filter((k) => !known.has(k.toLowerCase()) && !(noPrincipal && /^aws:principaltag\//i.test(k)));
        if (request.hiddenKeys) keys.push(...side.hiddenRead(action, request.hiddenKeys).filter((k) => !keys.includes(k)));
        if (pathAssumed && side.pathMatters(action, input.resource)) keys.push(IAM_PATH_NOT_RECORDED);
        // An SCP's explicit Deny stands whoever owns the resource.
        const scpDenied = d.decision === 'explicit-deny' && d.decidedBy?.policyType === 'SERVICE_CONTROL_POLICY';
        if (ownerUnknown && !scpDenied && side.ownerMatters(action)) keys.push(RESOURCE_OWNER_NOT_RECORDED);
        return resourceUnknown && side.resourceMatters(action, kept(d)) ? [...keys, RESOURCE_NOT_RECORDED] : keys;
      };
      replayed = { before: kept(b), after: kept(a), unknownBefore: unknown(b, sides[0]), unknownAfter: unknown(a, sides[1]), input };
      if (cache.size >= MAX_CACHED_DECISIONS) cache.clear();
      cache.set(key, replayed);
    }
    return replayed;
  };

  const add = <G extends ImpactGroup>(groups: Map<string, G>, request: EventRequest, r: Replayed, extra: Omit<G, keyof ImpactGroup>) => {
    const decidedBy = r.after.decision === 'allowed' ? r.before.decidedBy : r.after.decidedBy;
    const key = [
      r.input.account ?? request.accountId,
      r.input.principal,
      r.input.action,
      r.input.region,
      r.before.decision,
      r.after.decision,
      deciderOf(r.before),
      deciderOf(r.after),
      JSON.stringify(extra),
    ].join('\u0000');
    const group = groups.get(key);
    if (group) {
      group.count++;
      if (request.eventTime < group.firstSeen) group.firstSeen = request.eventTime;
      if (request.eventTime > group.lastSeen) group.lastSeen = request.eventTime;
      return;
    }
    groups.set(key, {
      account: accountLabel(r.input.account, request.accountId),
      accountId: request.accountId,
      principal: r.input.principal,
      action: r.input.action,
      region: r.input.region,
      count: 1,
      firstSeen: request.eventTime,
      lastSeen: request.eventTime,
      sampleEventId: request.eventId,
      before: r.before.decision,
      after: r.after.decision,
      ...(decidedBy ? { decidedBy } : {}),
      sampleRequest: {
        ...(r.input.account !== undefined ? { account: r.input.account } : {}),
        resource: r.input.resource,
        ...(r.input.resourceAccount ? { resourceAccount: r.input.resourceAccount } : {}),
        context: r.input.context,
      },
      ...extra,
    } as G);
  };

  let file: string | undefined;
  for await (const batch of batches) {
    if (batch.file !== file) summary.files++;
    file = batch.file;
    for (const record of batch.records) {
      summary.events++;
      if (summary.events % 20_000 === 0) options.onProgress?.({ files: summary.files, events: summary.events });
      const request = requestOfEvent(record, isNamed);
      if ('skip' in request) {
        skip(request.skip);
        continue;
      }
      const account = placed(request.accountId);
      if (account === null) {
        skip('principal account in only one of the specs');
        continue;
      }
      const inOwnersTrail = request.recipientAccountId !== undefined && request.recipientAccountId !== request.accountId;
      if (account !== undefined && request.shared && inOwnersTrail) {
        // A cross-account call reaches both accounts' trails (same sharedEventID); count the caller's copy only.
        skip("copy of a cross-account call in the resource owner's trail");
        continue;
      }
      if (account === undefined && !inOwnersTrail) {
        // Its own trail logged the call, so the account is most likely one of the organization's that
        // the spec does not list (`guardrails drift` reports it): SCPs apply to it, but which OU's is unknown.
        skip(
          request.servicePrincipal
            ? 'AWS service principal acting in an account the spec does not list (its RCPs unknown)'
            : request.unsigned
              ? 'unsigned call on a resource of an account the spec does not list (its RCPs unknown)'
              : 'principal account not in the spec, call in its own trail (an account the spec does not list: its OU and SCPs unknown)',
        );
        continue;
      }
      if (account === undefined && !placed(request.resourceAccount ?? request.recipientAccountId)) {
        skip('cross-account call between accounts the spec does not list');
        continue;
      }
      // From here an unlisted principal is a caller from outside the organization, in the trail of the
      // member account it called: no SCP of this organization applies to it, the resource owner's RCPs do
      // (AWS Organizations User Guide, "Resource control policies (RCPs)": "Use an RCP when you need to
      // restrict IAM principals that are external to your organization accounts making requests to access
      // resources within your organization's member accounts"). Whether it is really outside is what the
      // spec says; a decision resting on aws:PrincipalOrgID is therefore uncertain, the key named.
      const resolved = await resolveAction(request.service, request.actionName);
      if (!resolved) {
        skip(`no IAM action for the event: ${request.service}:${request.actionName}`);
        continue;
      }
      const { action, takes, required } = resolved;
      let pathAssumed = false;
      let more = request.moreResources?.filter((m) => takesArn(m.arn, takes));
      if (request.parameters !== undefined) {
        const where = { region: request.region, account: request.accountId, arns: request.iamArns };
        const named = resourceFromParameters(request.service, request.parameters, takes, where);
        if (named) request.resource = named.arn;
        pathAssumed = named?.pathAssumed === true;
        more = named?.more?.map((arn) => ({ arn }));
      }
      summary.evaluated++;
      // An action that requires several resource types (ec2:RunInstances: image, instance, subnet, volume, …) is
      // authorized against each, and a Deny on any one denies it (IAM User Guide, "Policy evaluation logic"); the
      // record names one at most, so the others are unknown as well.
      const resourceUnknown = required > 1 || (takes.size > 0 && request.resource === '*');
      let r = replay(request, account, action, resourceUnknown, pathAssumed);
      // A copy's source is read (S3_COPY_SOURCE_ACTION), not written: it is replayed apart, with its owner if listed.
      const source = request.copySource;
      const sourceOwner = source === undefined ? undefined : request.moreResources?.find((m) => m.arn === source)?.owner;
      if (source !== undefined) more = more?.filter((m) => m.arn !== source);
      if (more?.length || source !== undefined) {
        // A resource whose owner the record does not give is taken as the call's, its owner named unknown where an RCP could decide.
        const other = (arn: string, owner: string | undefined, as: string) =>
          replay(
            { ...request, resource: arn, resourceAccount: owner ?? request.resourceAccount },
            account,
            as,
            resourceUnknown,
            false,
            owner === undefined && !arnAccount(arn),
          );
        const each = (more ?? []).map((m) => other(m.arn, m.owner, action));
        if (source !== undefined) each.push(other(source, sourceOwner, S3_COPY_SOURCE_ACTION));
        r = overAll([r, ...each]);
      }
      if (request.accessDenied) {
        summary.alreadyDenied++;
        add<AlreadyDeniedGroup>(alreadyDenied, request, r, { errorCode: request.accessDenied });
      } else if (r.unknownAfter.length === 0) {
        // The call succeeded: where the base's decision rests on keys the record cannot tell, what AWS
        // did (allow it) stands for it, so a certain deny by the change is a new deny.
        const beforeKind = r.unknownBefore.length ? 'allowed' : r.before.decision;
        if (beforeKind !== r.after.decision) {
          if (r.after.decision === 'allowed') summary.newlyAllowed++;
          else summary.newDenies++;
          add(changes, request, { ...r, before: { ...r.before, decision: beforeKind } }, {});
        }
      } else if (r.before.decision !== r.after.decision || !sameKeys(r.unknownBefore, r.unknownAfter) || deciderOf(r.before) !== deciderOf(r.after)) {
        // Resting on a key the record cannot tell: never counted as allowed. The same dependence in both
        // specs (same keys, same deciding statement, same decision) is no change.
        summary.uncertain++;
        add<UncertainGroup>(uncertain, request, r, { missingKeys: [...new Set([...r.unknownAfter, ...r.unknownBefore])].sort() });
      }
    }
  }
  options.onProgress?.({ files: summary.files, events: summary.events });
  const ordered = <G extends ImpactGroup>(groups: Map<string, G>) =>
    [...groups.values()].sort(
      (a, b) =>
        a.account.localeCompare(b.account) || a.principal.localeCompare(b.principal) || a.action.localeCompare(b.action) || a.region.localeCompare(b.region),
    );
  return { summary, changes: ordered(changes), uncertain: ordered(uncertain), alreadyDenied: ordered(alreadyDenied) };
}

/** True when the change would deny a request that succeeded. */
export const hasNewDenies = (report: ImpactReport) => report.summary.newDenies > 0;
