/**
 * `scan`: evaluates the guardrails' detective checks offline over configuration items
 * (snapshot/history files) and IAM credential reports — the custom rules with their own code,
 * the AWS managed rules with offline evaluators that follow each rule's documented behaviour.
 * History files hold several items per resource: the newest wins. Checks whose input the files
 * do not carry say so.
 */
import type { Analysis } from '../../deployment/analyze.ts';
import { latestItems } from '../../../config-rules/framework/configuration-item.ts';
import { withUserIds, type CredentialReport } from '../../../config-rules/framework/credential-report.ts';
import { evaluationsOf, itemVerdict } from '../../../config-rules/framework/evaluate.ts';
import type { ChangeTriggeredRule, ConfigurationItem, Evaluation, ItemContext, ResourceVerdict } from '../../../config-rules/framework/types.ts';
import { EVALUATIONS_FILE_VERSION, type EvaluationRecord, type EvaluationsFile } from '../../../config-rules/framework/evaluation-record.ts';
import { managedEvaluatorsByIdentifier } from '../../../config-rules/managed/index.ts';
import { configRulesById } from '../../../config-rules/rules/index.ts';
import { configRuleDeployments } from '../../deployment/config-rules.ts';

/** What `scan --out` writes: the evaluations, and the rules not evaluated with why (a live API call the input does not carry). */
export type ScanResult = EvaluationsFile;

export interface ScanInput {
  items: ConfigurationItem[];
  credentialReport?: CredentialReport;
  now: Date;
}

type Resource = Pick<Evaluation, 'accountId' | 'region' | 'resourceType' | 'resourceId'>;

/**
 * The input, indexed once for every rule: by the items' own strings rather than composite key
 * strings, each account's ItemContext made once, tags indexed only for the types periodic
 * findings name. A snapshot holds hundreds of thousands of items, and every rule reads them.
 */
class Inventory {
  readonly items: ConfigurationItem[];
  private readonly byType = new Map<string, ConfigurationItem[]>();
  /** resource type → resource id → item, built for a type when its tags are first looked up (periodic findings only). */
  private readonly byResource = new Map<string, Map<string, ConfigurationItem>>();
  /** account id → account-wide items (resource id = account id) by type. */
  private readonly accountWide = new Map<string, Map<string, ConfigurationItem>>();
  private readonly contexts = new Map<string, ItemContext>();
  /** Regions each account has items in: an account-level check runs only where the input shows the account. */
  readonly regionsOf = new Map<string, Set<string>>();

  constructor(items: ConfigurationItem[]) {
    this.items = latestItems(items);
    for (const item of this.items) {
      const { resourceType, accountId } = item;
      const list = this.byType.get(resourceType);
      if (list) list.push(item);
      else this.byType.set(resourceType, [item]);
      if (item.resourceId === accountId) mapIn(this.accountWide, accountId).set(resourceType, item);
      const regions = this.regionsOf.get(accountId);
      if (regions) regions.add(item.region);
      else this.regionsOf.set(accountId, new Set([item.region]));
    }
  }

  ofTypes(types: string[]): ConfigurationItem[] {
    return types.length === 1 ? (this.byType.get(types[0]) ?? []) : types.flatMap((t) => this.byType.get(t) ?? []);
  }

  contextOf(accountId: string): ItemContext {
    let context = this.contexts.get(accountId);
    if (!context) {
      const items = this.accountWide.get(accountId);
      context = { accountItem: (type) => items?.get(type) };
      this.contexts.set(accountId, context);
    }
    return context;
  }

  tagsOf(resourceType: string, resourceId: string): Record<string, string> | undefined {
    let ofType = this.byResource.get(resourceType);
    if (!ofType) this.byResource.set(resourceType, (ofType = new Map(this.ofTypes([resourceType]).map((i) => [i.resourceId, i]))));
    return ofType.get(resourceId)?.tags;
  }

  /** Items of these types, grouped by account. */
  byAccount(types: string[]): Map<string, ConfigurationItem[]> {
    const out = new Map<string, ConfigurationItem[]>();
    for (const item of this.ofTypes(types)) {
      const list = out.get(item.accountId);
      if (list) list.push(item);
      else out.set(item.accountId, [item]);
    }
    return out;
  }
}

function mapIn<K, V>(outer: Map<string, Map<K, V>>, key: string): Map<K, V> {
  let inner = outer.get(key);
  if (!inner) outer.set(key, (inner = new Map()));
  return inner;
}

export function scan(analysis: Analysis, input: ScanInput): ScanResult {
  const { spec, index } = analysis.loaded;
  const knownAccountIds = new Set([...index.accounts.values()].map((a) => a.id).filter(Boolean));
  const inventory = new Inventory(input.items);
  const homeRegion = spec.organization.homeRegion;
  // AWS Config records an IAM user under its user id; the credential report names users. The snapshot's user items join them.
  const userIds = new Map(inventory.ofTypes(['AWS::IAM::User']).map((i) => [`${i.accountId}/${i.resourceName}`, i.resourceId]));
  const report = input.credentialReport && withUserIds(input.credentialReport, (accountId, user) => userIds.get(`${accountId}/${user}`));
  const evaluations: EvaluationRecord[] = [];
  const skipped: ScanResult['skipped'] = [];

  for (const deployment of configRuleDeployments(analysis.loaded)) {
    const { declaration, guardrail, name } = deployment;
    const inScope = new Set(deployment.accounts.map((a) => index.accounts.get(a)?.id).filter(Boolean));
    // Organization-wide rules also cover accounts the spec does not list yet.
    const covers = (accountId: string) => inScope.has(accountId) || (deployment.organizationWide && !knownAccountIds.has(accountId));
    const tag = { guardrail: guardrail.id, configRule: name };
    /** One record per evaluation, built in one object: a snapshot makes hundreds of thousands of them. */
    const add = (resource: Resource, verdict: Pick<Evaluation, 'complianceType' | 'annotation' | 'exemption'>) => {
      const out: EvaluationRecord = {
        guardrail: guardrail.id,
        configRule: name,
        accountId: resource.accountId,
        region: resource.region,
        resourceType: resource.resourceType,
        resourceId: resource.resourceId,
        complianceType: verdict.complianceType,
      };
      if (verdict.annotation !== undefined) out.annotation = verdict.annotation;
      if (verdict.exemption) out.exemption = verdict.exemption;
      evaluations.push(out);
    };
    const skip = (reason: string) => skipped.push({ ...tag, reason });
    const global = declaration.scope === 'global';
    const params = deployment.inputParameters;

    const byItem = (rule: ChangeTriggeredRule<any>, parsed: unknown) => {
      for (const item of inventory.ofTypes(rule.resourceTypes)) {
        if (!covers(item.accountId)) continue;
        add(item, itemVerdict(rule, item, parsed, input.now, inventory.contextOf(item.accountId)));
      }
    };
    const byReport = (evaluate: (r: CredentialReport, accountId: string) => ResourceVerdict[]) => {
      if (!report) return skip('needs the IAM credential report; no --credential-report was given');
      for (const accountId of new Set(report.rows.map((r) => r.accountId))) {
        if (!covers(accountId)) continue;
        for (const e of evaluationsOf(evaluate(report, accountId), {
          accountId,
          region: homeRegion,
          now: input.now,
          tagsOf: (t, id) => inventory.tagsOf(t, id),
        }))
          add(e, e);
      }
    };
    const byAccount = (
      types: string[],
      evaluate: (items: ConfigurationItem[], accountId: string, region: string, everyAccount: ConfigurationItem[]) => ResourceVerdict[],
    ) => {
      const relevant = inventory.ofTypes(types);
      const ofAccount = inventory.byAccount(types);
      for (const [accountId, regions] of inventory.regionsOf) {
        if (!covers(accountId)) continue;
        // Global checks run once, in the home region, over the account's items in every region.
        const targets = global ? [homeRegion] : [...regions].filter((r) => r !== 'global' && r !== '');
        for (const region of targets) {
          const items = (ofAccount.get(accountId) ?? []).filter((i) => global || i.region === region);
          for (const e of evaluationsOf(evaluate(items, accountId, region, relevant), {
            accountId,
            region,
            now: input.now,
            tagsOf: (t, id) => inventory.tagsOf(t, id),
          }))
            add(e, e);
        }
      }
    };

    if (declaration.kind === 'managed') {
      const evaluator = managedEvaluatorsByIdentifier.get(declaration.identifier);
      if (!evaluator) skip(`AWS managed rule ${declaration.identifier} has no offline evaluator`);
      else if (evaluator.kind === 'live-only') skip(`AWS managed rule ${declaration.identifier} needs ${evaluator.needs}, which no configuration item carries`);
      else if (evaluator.kind === 'item') byItem(evaluator.rule, params);
      else if (evaluator.kind === 'credential-report') byReport((r, accountId) => evaluator.evaluate(r, params, { accountId, now: input.now }));
      else byAccount(evaluator.inputs, (items, accountId, region, everyAccount) => evaluator.evaluate(items, params, { accountId, region, everyAccount }));
      continue;
    }
    const rule = configRulesById.get(declaration.ruleId)!;
    const parsed = rule.parameters(params);
    if (rule.trigger === 'configuration-change') byItem(rule, parsed);
    else if (rule.input === 'credential-report') byReport((r, accountId) => rule.evaluate(r, parsed, { accountId, now: input.now }));
    else if (rule.fromItems) {
      const { resourceTypes, read } = rule.fromItems;
      byAccount(resourceTypes, (items, accountId) => rule.evaluate(read(items), parsed, { accountId, now: input.now }));
    } else skip(`needs ${rule.liveCall}; configuration items do not carry it`);
  }
  return { version: EVALUATIONS_FILE_VERSION, evaluations, skipped };
}
