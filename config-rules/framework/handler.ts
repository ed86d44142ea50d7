/**
 * The Lambda side of a custom Config rule. AWS Config invokes it with an event whose
 * invokingEvent is a JSON string of one of three message types:
 * - ConfigurationItemChangeNotification: the item is inline;
 * - OversizedConfigurationItemChangeNotification: only a summary; the item is read with
 *   GetResourceConfigHistory at the summary's capture time;
 * - ScheduledNotification: periodic rules gather their own input.
 * Other message types (ConfigurationSnapshotDeliveryCompleted, say) are not evaluations: ignored.
 * Results go back with PutEvaluations (at most 100 per call) and the event's resultToken.
 * For organization rules evaluating another account, the function assumes a role there.
 * An event the handler cannot trust (no resultToken, parameters that are not a JSON object, a
 * notification time that is not a date, an account outside the organization) is refused with the
 * reason logged, never half-evaluated.
 */
import {
  ConfigServiceClient,
  GetResourceConfigHistoryCommand,
  paginateGetComplianceDetailsByConfigRule,
  PutEvaluationsCommand,
  ResourceNotDiscoveredException,
  type Evaluation as SdkEvaluation,
} from '@aws-sdk/client-config-service';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { normalizeConfigurationItem } from './configuration-item.ts';
import { evaluateItem, evaluationsOf, vanishedEvaluations } from './evaluate.ts';
import type { ConfigRule, ConfigurationItem, Evaluation, ItemContext, RuleParameters } from './types.ts';

export interface ConfigRuleEvent {
  invokingEvent: string;
  ruleParameters?: string;
  resultToken: string;
  eventLeftScope?: boolean;
  executionRoleArn?: string;
  configRuleName?: string;
  accountId: string;
}

export interface LambdaContext {
  invokedFunctionArn?: string;
}

export const PUT_EVALUATIONS_BATCH = 100;

/** Message types that carry something to evaluate (AWS Config Developer Guide, "Example events for AWS Config rules"). */
const EVALUATED_MESSAGES = ['ConfigurationItemChangeNotification', 'OversizedConfigurationItemChangeNotification', 'ScheduledNotification'];

/** A refused event: the reason is logged, and the invocation fails so AWS Config shows the rule's evaluation as failed. */
function refuse(reason: string): never {
  console.error(`guardrails: refusing the event: ${reason}`);
  throw new Error(reason);
}

function ruleParametersOf(text: unknown): RuleParameters {
  if (text === undefined || text === null || text === '') return {};
  let parsed: unknown;
  try {
    parsed = typeof text === 'string' ? JSON.parse(text) : text;
  } catch (e) {
    refuse(`ruleParameters is not JSON (${(e as Error).message})`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) refuse('ruleParameters is not a JSON object');
  for (const [k, v] of Object.entries(parsed)) if (typeof v !== 'string') refuse(`rule parameter ${k} is not a string`);
  return parsed as RuleParameters;
}

/** The newest recorded item of an account-wide resource type (its resource id is the account id), or undefined. */
async function accountItems(config: ConfigServiceClient, accountId: string, types: string[] = []): Promise<ItemContext> {
  const found = new Map<string, ConfigurationItem>();
  for (const resourceType of types) {
    try {
      const { configurationItems } = await config.send(
        new GetResourceConfigHistoryCommand({ resourceType: resourceType as never, resourceId: accountId, limit: 1 }),
      );
      if (configurationItems?.[0]) found.set(resourceType, normalizeConfigurationItem(configurationItems[0]));
    } catch (e) {
      if (!(e instanceof ResourceNotDiscoveredException)) throw e;
    }
  }
  return { accountItem: (type) => found.get(type) };
}

/** Resources this rule reported COMPLIANT or NON_COMPLIANT before, as AWS Config holds them. */
async function previouslyEvaluated(config: ConfigServiceClient, configRuleName: string): Promise<{ resourceType: string; resourceId: string }[]> {
  const out: { resourceType: string; resourceId: string }[] = [];
  for await (const page of paginateGetComplianceDetailsByConfigRule(
    { client: config },
    { ConfigRuleName: configRuleName, ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT'] },
  )) {
    for (const r of page.EvaluationResults ?? []) {
      const q = r.EvaluationResultIdentifier?.EvaluationResultQualifier;
      if (q?.ResourceType && q.ResourceId) out.push({ resourceType: q.ResourceType, resourceId: q.ResourceId });
    }
  }
  return out;
}

/** An AWS account id is 12 digits (AWS Organizations API Reference, Account: Id pattern ^\d{12}$). */
const ACCOUNT_ID = /^\d{12}$/;

/**
 * Credentials for the evaluated account: the function's own, or the member role assumed there.
 * Whether the account belongs to the organization is decided by IAM: the function's role may assume
 * the member role only where aws:ResourceOrgID is the organization's (stacks/components/detection.ts;
 * IAM User Guide, "AWS global condition context keys", aws:ResourceOrgID), so a denied AssumeRole
 * means an account outside the organization (or one the baseline has not reached yet) and the event is refused.
 */
async function credentialsFor(event: ConfigRuleEvent, context: LambdaContext, region: string): Promise<AwsCredentialIdentityProvider | undefined> {
  const [, partition = 'aws', , , ownAccount] = context.invokedFunctionArn?.split(':') ?? [];
  if (!ownAccount || ownAccount === event.accountId) return undefined;
  const roleName = process.env.GUARDRAILS_MEMBER_ROLE;
  const roleArn = roleName ? `arn:${partition}:iam::${event.accountId}:role/${roleName}` : event.executionRoleArn;
  if (!roleArn) throw new Error(`cannot evaluate account ${event.accountId}: no GUARDRAILS_MEMBER_ROLE and no executionRoleArn in the event`);
  if (roleArn.split(':')[4] !== event.accountId) refuse(`the execution role ${roleArn} is not in the evaluated account ${event.accountId}`);
  let c;
  try {
    ({ Credentials: c } = await new STSClient({ region }).send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: `guardrails-${(event.configRuleName ?? 'rule').slice(0, 40)}` }),
    ));
  } catch (e) {
    if ((e as { name?: string }).name !== 'AccessDenied') throw e;
    const organization = process.env.GUARDRAILS_ORGANIZATION_ID ?? 'the organization';
    refuse(`account ${event.accountId} is not a member of ${organization} (or has no ${roleName ?? 'member role'} yet): assuming ${roleArn} was denied`);
  }
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`assuming ${roleArn} returned no credentials`);
  const identity = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  return async () => identity;
}

export async function putEvaluations(client: ConfigServiceClient, evaluations: Evaluation[], resultToken: string): Promise<void> {
  for (let i = 0; i < evaluations.length; i += PUT_EVALUATIONS_BATCH) {
    const batch: SdkEvaluation[] = evaluations.slice(i, i + PUT_EVALUATIONS_BATCH).map((e) => ({
      ComplianceResourceType: e.resourceType,
      ComplianceResourceId: e.resourceId,
      ComplianceType: e.complianceType,
      Annotation: e.annotation,
      OrderingTimestamp: e.orderingTimestamp,
    }));
    const { FailedEvaluations } = await client.send(new PutEvaluationsCommand({ Evaluations: batch, ResultToken: resultToken }));
    if (FailedEvaluations?.length)
      throw new Error(
        `AWS Config rejected ${FailedEvaluations.length} evaluations, first: ${FailedEvaluations[0].ComplianceResourceType} ${FailedEvaluations[0].ComplianceResourceId}`,
      );
  }
}

export function createConfigRuleHandler(rule: ConfigRule) {
  return async (event: ConfigRuleEvent, context: LambdaContext = {}): Promise<{ evaluations: number }> => {
    const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
    let invoking: any;
    try {
      invoking = JSON.parse(event?.invokingEvent);
    } catch (e) {
      refuse(`invokingEvent is not JSON (${(e as Error).message})`);
    }
    if (!invoking || typeof invoking !== 'object') refuse('invokingEvent is not a JSON object');
    if (!EVALUATED_MESSAGES.includes(invoking.messageType)) {
      // ConfigurationSnapshotDeliveryCompleted and the like announce deliveries; there is nothing to evaluate.
      console.log(`guardrails: ignoring ${String(invoking.messageType)}`);
      return { evaluations: 0 };
    }
    if (typeof event.resultToken !== 'string' || event.resultToken === '') refuse('the event has no resultToken, so no evaluation can be reported');
    if (typeof event.accountId !== 'string' || !ACCOUNT_ID.test(event.accountId))
      refuse(`accountId ${JSON.stringify(event.accountId)} is not an AWS account id`);
    const rawParameters = ruleParametersOf(event.ruleParameters);
    let params: unknown;
    try {
      params = rule.parameters(rawParameters);
    } catch (e) {
      refuse(`bad rule parameters: ${(e as Error).message}`);
    }
    const now = new Date(invoking.notificationCreationTime ?? Date.now());
    if (Number.isNaN(now.getTime())) refuse(`notificationCreationTime "${String(invoking.notificationCreationTime)}" is not a date`);
    const credentials = await credentialsFor(event, context, region);
    const config = new ConfigServiceClient({ region, credentials });
    let evaluations: Evaluation[] = [];

    switch (invoking.messageType) {
      case 'ConfigurationItemChangeNotification':
      case 'OversizedConfigurationItemChangeNotification': {
        if (rule.trigger !== 'configuration-change') break;
        let raw = invoking.configurationItem;
        if (invoking.messageType === 'OversizedConfigurationItemChangeNotification') {
          const summary = invoking.configurationItemSummary;
          const history = await config.send(
            new GetResourceConfigHistoryCommand({
              resourceType: summary.resourceType,
              resourceId: summary.resourceId,
              laterTime: new Date(summary.configurationItemCaptureTime),
              limit: 1,
            }),
          );
          raw = history.configurationItems?.[0];
          if (!raw) throw new Error(`no configuration history for ${summary.resourceType} ${summary.resourceId}`);
        }
        const item = normalizeConfigurationItem(raw);
        const itemContext = await accountItems(config, item.accountId || event.accountId, rule.accountResourceTypes);
        evaluations = [evaluateItem(rule, item, params, now, { leftScope: event.eventLeftScope === true, context: itemContext })];
        break;
      }
      case 'ScheduledNotification': {
        if (rule.trigger !== 'periodic') break;
        const input = await rule.gather({ region, credentials }, params);
        const verdicts = rule.evaluate(input, params, { accountId: event.accountId, now });
        // Only noncompliant resources can be exempted, so only their tags are read.
        const tags =
          (await rule.resourceTags?.(
            { region, credentials },
            verdicts.filter((v) => v.complianceType === 'NON_COMPLIANT'),
          )) ?? new Map();
        evaluations = evaluationsOf(verdicts, { accountId: event.accountId, region, now, tagsOf: (type, id) => tags.get(`${type}/${id}`) });
        // A deleted user or key is not in the input any more; without this it would stay NON_COMPLIANT forever.
        if (event.configRuleName)
          evaluations.push(
            ...vanishedEvaluations(await previouslyEvaluated(config, event.configRuleName), evaluations, { accountId: event.accountId, region, now }),
          );
        break;
      }
    }
    await putEvaluations(config, evaluations, event.resultToken);
    return { evaluations: evaluations.length };
  };
}
