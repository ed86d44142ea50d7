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
import { explainAwsError } from '../../aws/errors.ts';
import { withBackoff } from '../../aws/retry.ts';
import type { EvaluationRecord } from '../../../config-rules/framework/evaluation-record.ts';

export interface AggregatorReadOptions {
  client: ConfigServiceClient;
  aggregator: string;
  concurrency?: number;
  /** Backoff attempts after the SDK's own retries gave up on throttling. */
  throttleRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (done: number, total: number) => void;
}

/** What the user can act on when the aggregator cannot be read; other errors pass through unchanged. */
export function explainAggregatorError(e: unknown, aggregator: string, call?: string): unknown {
  return (
    explainAwsError(e, {
      service: 'AWS Config',
      call,
      doing: `reading aggregator "${aggregator}"`,
      permissions: ['config:DescribeAggregateComplianceByConfigRules', 'config:GetAggregateComplianceDetailsByConfigRule'],
      advice: {
        NoSuchConfigurationAggregatorException: `no configuration aggregator named "${aggregator}" in this account and region (check --aggregator, AWS_REGION and that you run in the aggregator's account)`,
      },
    }) ?? e
  );
}

export async function readAggregator(options: AggregatorReadOptions, sink: (result: EvaluationRecord) => void): Promise<{ streams: number }> {
  const { client, aggregator } = options;
  const { sleep } = options;
  const throttleRetries = options.throttleRetries ?? 6;
  const streams: { rule: string; account: string; region: string }[] = [];
  try {
    for await (const page of paginateDescribeAggregateComplianceByConfigRules({ client }, { ConfigurationAggregatorName: aggregator })) {
      for (const c of page.AggregateComplianceByConfigRules ?? []) {
        if (c.ConfigRuleName && c.AccountId && c.AwsRegion) streams.push({ rule: c.ConfigRuleName, account: c.AccountId, region: c.AwsRegion });
      }
    }
  } catch (e) {
    throw explainAggregatorError(e, aggregator, 'DescribeAggregateComplianceByConfigRules');
  }

  let done = 0;
  const readStream = async (s: (typeof streams)[number]) => {
    let token: string | undefined;
    const readFromToken = async () => {
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
            complianceType: (r.ComplianceType ?? 'INSUFFICIENT_DATA') as EvaluationRecord['complianceType'],
            annotation: r.Annotation,
            recordedAt: r.ResultRecordedTime?.toISOString(),
          });
        }
        // The page is fully handed over: a resume starts after it.
        token = page.NextToken;
      }
    };
    try {
      await withBackoff(readFromToken, { retries: throttleRetries, baseMs: 500, capMs: 20_000, sleep });
    } catch (e) {
      throw explainAggregatorError(e, aggregator, 'GetAggregateComplianceDetailsByConfigRule');
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
export const configClient = () =>
  new ConfigServiceClient({
    // AWS_RETRY_MODE / AWS_MAX_ATTEMPTS, when set, win as in any SDK tool.
    ...(process.env.AWS_RETRY_MODE ? {} : { retryMode: 'adaptive' }),
    ...(process.env.AWS_MAX_ATTEMPTS ? {} : { maxAttempts: 8 }),
  });
