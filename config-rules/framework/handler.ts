/**
 * The Lambda side of a custom Config rule. AWS Config invokes it with an event whose
 * invokingEvent is a JSON string of one of three message types:
 * - ConfigurationItemChangeNotification: the item is inline;
 * - OversizedConfigurationItemChangeNotification: only a summary; the item is read with
 *   GetResourceConfigHistory at the summary's capture time;
 * - ScheduledNotification: periodic rules gather their own input.
 * Results go back with PutEvaluations (at most 100 per call) and the event's resultToken.
 * For organization rules evaluating another account, the function assumes a role there.
 */
import { ConfigServiceClient, GetResourceConfigHistoryCommand, PutEvaluationsCommand, type Evaluation as SdkEvaluation } from '@aws-sdk/client-config-service';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { normalizeConfigurationItem } from './configuration-item.ts';
import { evaluateItem, evaluationsOf } from './evaluate.ts';
import type { ConfigRule, Evaluation } from './types.ts';

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

/** Credentials for the evaluated account: the function's own, or an assumed role in a member account. */
async function credentialsFor(event: ConfigRuleEvent, context: LambdaContext, region: string): Promise<AwsCredentialIdentityProvider | undefined> {
  const ownAccount = context.invokedFunctionArn?.split(':')[4];
  if (!ownAccount || ownAccount === event.accountId) return undefined;
  const roleName = process.env.GUARDRAILS_MEMBER_ROLE;
  const roleArn = roleName ? `arn:aws:iam::${event.accountId}:role/${roleName}` : event.executionRoleArn;
  if (!roleArn) throw new Error(`cannot evaluate account ${event.accountId}: no GUARDRAILS_MEMBER_ROLE and no executionRoleArn in the event`);
  const { Credentials: c } = await new STSClient({ region }).send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: `guardrails-${(event.configRuleName ?? 'rule').slice(0, 40)}` }),
  );
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
    const invoking = JSON.parse(event.invokingEvent);
    const params = rule.parameters(event.ruleParameters ? JSON.parse(event.ruleParameters) : {});
    const credentials = await credentialsFor(event, context, region);
    const config = new ConfigServiceClient({ region, credentials });
    const now = new Date(invoking.notificationCreationTime ?? Date.now());
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
        evaluations = [evaluateItem(rule, item, params, now, event.eventLeftScope === true)];
        break;
      }
      case 'ScheduledNotification': {
        if (rule.trigger !== 'periodic') break;
        const input = await rule.gather({ region, credentials });
        const verdicts = rule.evaluate(input, params, { accountId: event.accountId, now });
        // Only noncompliant resources can be exempted, so only their tags are read.
        const tags =
          (await rule.resourceTags?.(
            { region, credentials },
            verdicts.filter((v) => v.complianceType === 'NON_COMPLIANT'),
          )) ?? new Map();
        evaluations = evaluationsOf(verdicts, { accountId: event.accountId, region, now, tagsOf: (type, id) => tags.get(`${type}/${id}`) });
        break;
      }
      default:
        throw new Error(`unknown messageType ${invoking.messageType}`);
    }
    await putEvaluations(config, evaluations, event.resultToken);
    return { evaluations: evaluations.length };
  };
}
