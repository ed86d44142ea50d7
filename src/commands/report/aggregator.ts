/**
 * Reads every evaluation result of an organization aggregator with AWS's documented
 * paginated APIs: DescribeAggregateComplianceByConfigRules lists (rule, account, region);
 * GetAggregateComplianceDetailsByConfigRule pages through each one's results. A few
 * streams run at once; each result goes straight to the sink, none is held here. On
 * throttling past the SDK's own retries, a stream backs off and resumes from the page
 * token it last completed, so no result is dropped or read twice.
 */
import {
  ConfigServiceClient,
  paginateDescribeAggregateComplianceByConfigRules,
  paginateGetAggregateComplianceDetailsByConfigRule,
} from '@aws-sdk/client-config-service';
import type { EvaluationResult } from './model.ts';

export interface AggregatorReadOptions {
  client: ConfigServiceClient;
  aggregator: string;
  concurrency?: number;
  /** Backoff attempts after the SDK's own retries gave up on throttling. */
  throttleRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (done: number, total: number) => void;
}

/** Problems the user can act on; the CLI prints their message on one line. */
export class AggregatorError extends Error {}

const THROTTLING = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'LimitExceededException']);

export function explainAwsError(e: unknown, aggregator: string): Error {
  const name = (e as { name?: string }).name ?? '';
  if (name === 'NoSuchConfigurationAggregatorException')
    return new AggregatorError(
      `no configuration aggregator named "${aggregator}" in this account and region (check --aggregator, AWS_REGION and that you run in the aggregator's account)`,
    );
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'UnauthorizedOperation')
    return new AggregatorError(
      `access denied reading aggregator "${aggregator}": the caller needs config:DescribeAggregateComplianceByConfigRules and config:GetAggregateComplianceDetailsByConfigRule`,
    );
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test((e as Error).message ?? ''))
    return new AggregatorError('no AWS credentials found (set AWS_PROFILE or AWS_ACCESS_KEY_ID, or run where an instance/SSO role is available)');
  if (name === 'ExpiredTokenException' || name === 'ExpiredToken') return new AggregatorError('the AWS credentials have expired; refresh them and rerun');
  if (name === 'UnrecognizedClientException' || name === 'InvalidClientTokenId')
    return new AggregatorError('the AWS credentials are not valid for this account or partition');
  return e as Error;
}

export async function readAggregator(options: AggregatorReadOptions, sink: (result: EvaluationResult) => void): Promise<{ streams: number }> {
  const { client, aggregator } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const throttleRetries = options.throttleRetries ?? 6;
  const streams: { rule: string; account: string; region: string }[] = [];
  try {
    for await (const page of paginateDescribeAggregateComplianceByConfigRules({ client }, { ConfigurationAggregatorName: aggregator })) {
      for (const c of page.AggregateComplianceByConfigRules ?? []) {
        if (c.ConfigRuleName && c.AccountId && c.AwsRegion) streams.push({ rule: c.ConfigRuleName, account: c.AccountId, region: c.AwsRegion });
      }
    }
  } catch (e) {
    throw explainAwsError(e, aggregator);
  }

  let done = 0;
  const readStream = async (s: (typeof streams)[number]) => {
    let token: string | undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        const pages = paginateGetAggregateComplianceDetailsByConfigRule(
          { client, startingToken: token, pageSize: 100 },
          { ConfigurationAggregatorName: aggregator, ConfigRuleName: s.rule, AccountId: s.account, AwsRegion: s.region },
        );
        for await (const page of pages) {
          for (const r of page.AggregateEvaluationResults ?? []) {
            const q = r.EvaluationResultIdentifier?.EvaluationResultQualifier;
            sink({
              configRule: q?.ConfigRuleName ?? s.rule,
              accountId: r.AccountId ?? s.account,
              region: r.AwsRegion ?? s.region,
              resourceType: q?.ResourceType ?? '',
              resourceId: q?.ResourceId ?? '',
              complianceType: (r.ComplianceType ?? 'INSUFFICIENT_DATA') as EvaluationResult['complianceType'],
              annotation: r.Annotation,
              recordedAt: r.ResultRecordedTime?.toISOString(),
            });
          }
          // The page is fully handed over: a resume starts after it.
          token = page.NextToken;
        }
        return;
      } catch (e) {
        const name = (e as { name?: string }).name ?? '';
        if (!THROTTLING.has(name) || attempt >= throttleRetries) throw explainAwsError(e, aggregator);
        await sleep(Math.min(500 * 2 ** attempt, 20_000) * (0.5 + Math.random() / 2));
      }
    }
  };

  const queue = [...streams];
  let failed = false;
  const workers = Array.from({ length: Math.min(options.concurrency ?? 4, queue.length) }, async () => {
    // Once one stream has failed the report is void: the others stop taking work.
    for (let s = queue.shift(); s && !failed; s = queue.shift()) {
      try {
        await readStream(s);
      } catch (e) {
        failed = true;
        throw e;
      }
      options.onProgress?.(++done, streams.length);
    }
  });
  await Promise.all(workers);
  return { streams: streams.length };
}

/** The client as any AWS tool builds it: default credential chain, AWS_REGION, AWS_ENDPOINT_URL_CONFIG_SERVICE, adaptive retries. */
export const configClient = () => new ConfigServiceClient({ retryMode: 'adaptive', maxAttempts: 8 });
