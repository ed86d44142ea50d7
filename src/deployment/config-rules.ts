/**
 * Which AWS Config rule each guardrail entry deploys, with what parameters, evaluating which
 * accounts. One source for the Pulumi program, `scan` and `report`, so rule names always map back.
 */
import { managedEvaluatorsByIdentifier } from '../../config-rules/managed/index.ts';
import { configRulesById } from '../../config-rules/rules/index.ts';
import { catalogById } from '../../guardrails/catalog/index.ts';
import type { ConfigRuleDeclaration, Guardrail } from '../../guardrails/guardrail.ts';
import type { LoadedSpec } from '../spec/load.ts';
import { isCatalogUse } from '../model/spec.ts';
import { accountsUnder, ROOT } from '../model/organization.ts';
import { configRuleName } from '../model/names.ts';

export interface ConfigRuleDeployment {
  /** The organization Config rule's name, e.g. guardrails-security-group-admin-ports. */
  name: string;
  guardrail: Guardrail;
  declaration: ConfigRuleDeclaration;
  inputParameters: Record<string, string>;
  targets: string[];
  /** Account names in scope (the management account included: Config rules do apply there). */
  accounts: string[];
  /** Organization-wide (targets include Root): also evaluates accounts the spec does not list. */
  organizationWide: boolean;
}

export function configRuleDeployments(loaded: LoadedSpec): ConfigRuleDeployment[] {
  const { spec, index } = loaded;
  const seen = new Map<string, number>();
  const out: ConfigRuleDeployment[] = [];
  for (const use of spec.guardrails) {
    if (!isCatalogUse(use)) continue;
    const guardrail = catalogById.get(use.use);
    if (!guardrail?.configRule) continue;
    const n = (seen.get(guardrail.id) ?? 0) + 1;
    seen.set(guardrail.id, n);
    const accounts = [...new Set(use.on.flatMap((t) => accountsUnder(index, t).map((a) => a.name)))];
    out.push({
      name: configRuleName(guardrail.id, n),
      guardrail,
      declaration: guardrail.configRule,
      inputParameters: guardrail.configRule.inputParameters?.(use.with ?? {}, spec) ?? {},
      targets: use.on,
      accounts,
      organizationWide: use.on.includes(ROOT),
    });
  }
  return out;
}

/** Which input `scan` needs to evaluate a detective check offline: resource types, the credential report, or a live API only. */
export function scanInputOf(declaration: ConfigRuleDeclaration): string {
  if (declaration.kind === 'managed') {
    const e = managedEvaluatorsByIdentifier.get(declaration.identifier);
    if (!e) return 'not evaluated offline';
    if (e.kind === 'live-only') return `live only: ${e.needs}`;
    if (e.kind === 'item') return e.rule.resourceTypes.join(', ');
    if (e.kind === 'credential-report') return 'IAM credential report';
    return e.inputs.join(', ');
  }
  const rule = configRulesById.get(declaration.ruleId)!;
  if (rule.trigger === 'configuration-change') return [...rule.resourceTypes, ...(rule.accountResourceTypes ?? [])].join(', ');
  if (rule.input === 'credential-report') return 'IAM credential report';
  if (!rule.fromItems) return `live only: ${rule.liveCall}`;
  const types = rule.fromItems.resourceTypes.join(', ');
  return rule.fromItems.lacks ? `${types}; the items lack ${rule.fromItems.lacks}` : types;
}
