/**
 * The self-lockout proof: every principal the deployment acts as in a member account, with every
 * call it makes there, asked of that account's effective SCP chain (scp/simulate.ts). The calls
 * come from what the program declares: the Pulumi resource types placed in member accounts, the
 * baseline template's resources in each account and region, the baseline's settings (the
 * guardrails' own `baseline` parts) and the rule Lambdas' SDK calls (CONFIG_RULES_ACTIONS, which
 * a test derives from their source).
 */
import { BASELINE_SETTING_ACTIONS, type AccountBaselineSettings } from '../../guardrails/guardrail.ts';
import { createSimulator, type Decision } from '../../scp/simulate.ts';
import { formatPosition } from '../../src/core/diagnostics.ts';
import type { Analysis } from '../../src/deployment/analyze.ts';
import { CONFIG_RULES_ACTIONS, CONFIG_RULES_FUNCTION_ACTIONS } from '../../src/deployment/baseline-template.ts';
import { baselineSettingsRoleName, CONFIG_RULES_LAMBDA_ROLE, CONFIG_RULES_MEMBER_ROLE } from '../../src/model/names.ts';
import { accountNamesById, chainOf } from '../../src/model/organization.ts';
import type { PlanResource } from '../preview.ts';
import { CREATE_ACTIONS } from './actions.ts';
import type { TemplateResource } from './template.ts';
import type { Problem } from './world.ts';

const DOC = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html';
/** AWS names the StackSet execution role stacksets-exec-<32 hex>; any such name matches the exemption pattern. */
const STACKSET_EXECUTION_PRINCIPAL = 'role/stacksets-exec-00000000000000000000000000000000';

export interface DeploymentCall {
  principal: string;
  action: string;
  /** Account name. */
  account: string;
  region: string;
  /** What makes the call. */
  by: string;
  /** Set when the spec keeps this part out of the account and region: a deny there is a note (the plan says why), not an error. */
  excluded?: { reason: string; specPath: (string | number)[] };
}

/** Calls of the baseline in one account and region: the execution role creates the template's resources, the settings role applies settings. */
export function baselineCalls(account: string, region: string, resources: TemplateResource[]): DeploymentCall[] {
  const calls: DeploymentCall[] = [];
  for (const r of resources) {
    for (const action of CREATE_ACTIONS[r.type] ?? [`<no action data for ${r.type}>`])
      calls.push({ principal: STACKSET_EXECUTION_PRINCIPAL, action, account, region, by: `baseline ${r.logicalId}` });
    if (r.type === 'Custom::GuardrailsAccountSettings') {
      const settings = JSON.parse(String(r.properties.Settings ?? '{}')) as AccountBaselineSettings;
      const actions = [
        ...(r.properties.ConfigServiceLinkedRole === 'true' ? ['iam:CreateServiceLinkedRole'] : []),
        ...Object.keys(settings).map((k) => BASELINE_SETTING_ACTIONS[k as keyof AccountBaselineSettings]),
      ];
      for (const action of actions)
        calls.push({ principal: `role/${baselineSettingsRoleName(region)}`, action, account, region, by: 'baseline AccountSettingsFunction' });
    }
  }
  return calls;
}

/** What the rule Lambdas do through the member role, in every account and region they evaluate. */
export const memberRoleCalls = (account: string, region: string): DeploymentCall[] =>
  CONFIG_RULES_ACTIONS.map((action) => ({ principal: `role/${CONFIG_RULES_MEMBER_ROLE}`, action, account, region, by: 'custom Config rule Lambdas' }));

/** What the rule functions do as their own role in the account and region where they run (the audit account). */
export const functionRoleCalls = (account: string, region: string): DeploymentCall[] =>
  CONFIG_RULES_FUNCTION_ACTIONS.map((action) => ({ principal: `role/${CONFIG_RULES_LAMBDA_ROLE}`, action, account, region, by: 'custom Config rule Lambdas' }));

/** What the program does as organization.accessRole in the member accounts it enters. */
export function accessRoleCalls(analysis: Analysis, resources: PlanResource[]): DeploymentCall[] {
  const org = analysis.loaded.spec.organization;
  const management = accountNamesById(analysis.loaded.index).get(org.managementAccountId);
  const calls: DeploymentCall[] = [];
  for (const r of resources) {
    if (r.account === management || !analysis.loaded.index.accounts.has(r.account)) continue;
    const type = r.type === 'aws:guardduty/organizationConfiguration:OrganizationConfiguration' ? ['guardduty:getDetector', r.type] : [r.type];
    for (const t of type)
      for (const action of CREATE_ACTIONS[t] ?? [`<no action data for ${t}>`])
        calls.push({ principal: `role/${org.accessRole}`, action, account: r.account, region: r.region, by: r.name });
  }
  return calls;
}

/**
 * Every call asked of the SCPs; a deny (or a call without action data) is a problem naming principal, action, account,
 * region and guardrail — unless the spec excludes the part making it from that account and region: then it is a note.
 */
export function lockoutProblems(analysis: Analysis, calls: DeploymentCall[]): { problems: Problem[]; notes: Problem[] } {
  const { index, source } = analysis.loaded;
  const simulator = createSimulator(analysis.scps, index, analysis.loaded.spec.organization.id);
  // Accounts under the same chain of targets decide alike: ask once per chain.
  const chainKeys = new Map<string, string>();
  const chainKey = (account: string) => {
    let key = chainKeys.get(account);
    if (key === undefined) {
      const chain = chainOf(index, account);
      const own = analysis.scps.targets.get(account)?.policies.some((p) => !p.awsManaged) || !index.accounts.get(account)!.fullAwsAccess;
      key = `${index.accounts.get(account)!.isManagement}|${(own ? chain : chain.slice(0, -1)).join('>')}`;
      chainKeys.set(account, key);
    }
    return key;
  };
  const decisions = new Map<string, Decision>();
  const seen = new Map<string, Problem>();
  const skipped = new Map<string, Problem>();
  for (const call of calls) {
    const key = `${chainKey(call.account)}|${call.principal}|${call.action}|${call.region}`;
    if (call.action.startsWith('<')) {
      seen.set(call.action, {
        resource: call.by,
        rule: 'rehearsal:action-data',
        message: `${call.action}: the lockout proof cannot check it`,
        doc: 'stacks/rehearsal/actions.ts',
      });
      continue;
    }
    let decision = decisions.get(key);
    if (!decision) {
      decision = simulator.simulate({ account: call.account, principal: call.principal, action: call.action, region: call.region });
      decisions.set(key, decision);
    }
    if (decision.decision === 'allowed') continue;
    const by = decision.decidedBy;
    if (call.excluded) {
      const group = `${call.account}|${call.region}`;
      if (!skipped.has(group))
        skipped.set(group, {
          resource: call.by,
          rule: 'scp:self-lockout-excluded',
          message: `${call.account} (${call.region}) is skipped: ${call.excluded.reason}; there ${call.principal} could not call ${call.action} (${decision.decision} by ${by?.sources?.length ? by.sources.join(', ') : by?.target})`,
          doc: DOC,
          at: formatPosition(source.at(call.excluded.specPath, '')),
        });
      continue;
    }
    const group = `${call.principal}|${call.action}|${by?.target}|${by?.policy}|${by?.sid}`;
    if (seen.has(group)) continue;
    const guardrails = by?.sources?.length ? by.sources.join(', ') : by?.target;
    const origin = by?.policy
      ? analysis.scps.targets.get(by.target)?.policies.find((p) => p.name === by.policy)?.origins[by.statementIndex ?? -1]?.[0]
      : undefined;
    const node = by?.target ? (index.units.get(by.target)?.specPath ?? index.accounts.get(by.target)?.specPath) : undefined;
    const specPath = origin?.specPath ?? node;
    const message = `${call.principal} (${call.by}) may not call ${call.action} in ${call.account} (${call.region}): ${decision.decision} by ${guardrails} — ${decision.reason}`;
    seen.set(group, {
      resource: call.by,
      rule: 'scp:self-lockout',
      message,
      doc: DOC,
      ...(specPath ? { at: formatPosition(source.at(specPath, message)) } : {}),
    });
  }
  return { problems: [...seen.values()], notes: [...skipped.values()] };
}
