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
import { evaluateItem, evaluationsOf } from '../../../config-rules/framework/evaluate.ts';
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

/** The input, indexed once for every rule. */
class Inventory {
  readonly items: ConfigurationItem[];
  private readonly byType = new Map<string, ConfigurationItem[]>();
  private readonly byResource = new Map<string, ConfigurationItem>();
  private readonly accountWide = new Map<string, ConfigurationItem>();
  /** Regions each account has items in: an account-level check runs only where the input shows the account. */
  readonly regionsOf = new Map<string, Set<string>>();

  constructor(items: ConfigurationItem[]) {
    this.items = latestItems(items);
    for (const item of this.items) {
      const list = this.byType.get(item.resourceType) ?? [];
      list.push(item);
      this.byType.set(item.resourceType, list);
      this.byResource.set(`${item.resourceType}/${item.resourceId}`, item);
      if (item.resourceId === item.accountId) this.accountWide.set(`${item.accountId}/${item.resourceType}`, item);
      const regions = this.regionsOf.get(item.accountId) ?? new Set();
      regions.add(item.region);
      this.regionsOf.set(item.accountId, regions);
    }
  }

  ofTypes(types: string[]): ConfigurationItem[] {
    return types.flatMap((t) => this.byType.get(t) ?? []);
  }

  contextOf(accountId: string): ItemContext {
    return { accountItem: (type) => this.accountWide.get(`${accountId}/${type}`) };
  }

  tagsOf(resourceType: string, resourceId: string): Record<string, string> | undefined {
    return this.byResource.get(`${resourceType}/${resourceId}`)?.tags;
  }

  /** Items of these types, grouped by account. */
  byAccount(types: string[]): Map<string, ConfigurationItem[]> {
    const out = new Map<string, ConfigurationItem[]>();
    for (const item of this.ofTypes(types)) {
      const list = out.get(item.accountId) ?? [];
      list.push(item);
      out.set(item.accountId, list);
    }
    return out;
  }
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
    const add = (e: Evaluation) => {
      const out: EvaluationRecord = {
        guardrail: guardrail.id,
        configRule: name,
        accountId: e.accountId,
        region: e.region,
        resourceType: e.resourceType,
        resourceId: e.resourceId,
        complianceType: e.complianceType,
      };
      if (e.annotation !== undefined) out.annotation = e.annotation;
      if (e.exemption) out.exemption = e.exemption;
      evaluations.push(out);
    };
    const skip = (reason: string) => skipped.push({ ...tag, reason });
    const global = declaration.scope === 'global';
    const params = deployment.inputParameters;

    const byItem = (rule: ChangeTriggeredRule<any>, parsed: unknown) => {
      for (const item of inventory.ofTypes(rule.resourceTypes))
        if (covers(item.accountId)) add(evaluateItem(rule, item, parsed, input.now, { context: inventory.contextOf(item.accountId) }));
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
          add(e);
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
            add(e);
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
