import {
  ConfigServiceClient,
  DescribeAggregateComplianceByConfigRulesCommand,
  GetAggregateComplianceDetailsByConfigRuleCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { reportFromAggregator } from '../../../src/commands/report/report.ts';
import { readAggregator } from '../../../src/commands/report/aggregator.ts';
import type { EvaluationRecord } from '../../../config-rules/framework/evaluation-record.ts';
import { main } from '../../../src/main.ts';
import { analyze, EXAMPLE_FILE, exampleText } from '../../helpers.ts';

const config = mockClient(ConfigServiceClient);
beforeEach(() => config.reset());

const throttling = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: {} });
const result = (rule: string, account: string, region: string, id: string, type = 'NON_COMPLIANT') => ({
  EvaluationResultIdentifier: {
    EvaluationResultQualifier: { ConfigRuleName: rule, ResourceType: 'AWS::EC2::SecurityGroup', ResourceId: id },
    OrderingTimestamp: new Date(),
  },
  ComplianceType: type as 'NON_COMPLIANT',
  Annotation: `finding ${id}`,
  AccountId: account,
  AwsRegion: region,
  ResultRecordedTime: new Date('2026-11-28T00:00:00Z'),
});

function orgWithPages() {
  const rule = 'OrgConfigRule-guardrails-security-group-admin-ports-a1b2c3d4';
  config
    .on(DescribeAggregateComplianceByConfigRulesCommand)
    .resolvesOnce({
      AggregateComplianceByConfigRules: [
        { ConfigRuleName: rule, AccountId: '555555555555', AwsRegion: 'us-east-1', Compliance: { ComplianceType: 'NON_COMPLIANT' } },
      ],
      NextToken: 'rules-2',
    })
    .resolves({
      AggregateComplianceByConfigRules: [
        { ConfigRuleName: rule, AccountId: '666666666666', AwsRegion: 'us-west-2', Compliance: { ComplianceType: 'NON_COMPLIANT' } },
      ],
    });
  const pages: Record<string, { results: ReturnType<typeof result>[]; next?: string }[]> = {
    '555555555555': [
      {
        results: Array.from({ length: 100 }, (_, i) => result(rule, '555555555555', 'us-east-1', `sg-a${i}`, i % 2 ? 'COMPLIANT' : 'NON_COMPLIANT')),
        next: 'p2',
      },
      { results: Array.from({ length: 30 }, (_, i) => result(rule, '555555555555', 'us-east-1', `sg-b${i}`)) },
    ],
    '666666666666': [{ results: [result(rule, '666666666666', 'us-west-2', 'sg-c0')] }],
  };
  let throttled = 0;
  const tokens: (string | null)[] = [];
  config.on(GetAggregateComplianceDetailsByConfigRuleCommand).callsFake((input) => {
    // The paginator reuses its input object, so record what each call asked for as it is made.
    if (input.AccountId === '555555555555') tokens.push(input.NextToken ?? null);
    // The second page of the first account is throttled twice before it answers.
    if (input.AccountId === '555555555555' && input.NextToken === 'p2' && throttled < 2) {
      throttled++;
      throw throttling();
    }
    const list = pages[input.AccountId];
    const page = input.NextToken === 'p2' ? list[1] : list[0];
    return { AggregateEvaluationResults: page.results, NextToken: page.next };
  });
  return { throttled: () => throttled, tokens };
}

describe('live mode: the organization aggregator', () => {
  it('reads every page of every rule/account/region, resumes after throttling, never double counts', async () => {
    const { throttled, tokens } = orgWithPages();
    const results: EvaluationRecord[] = [];
    const sleeps: number[] = [];
    const { streams } = await readAggregator(
      { client: new ConfigServiceClient({ region: 'us-east-1' }), aggregator: 'org', sleep: async (ms) => void sleeps.push(ms), concurrency: 2 },
      (r) => results.push(r),
    );
    expect(streams).toBe(2);
    expect(throttled()).toBe(2);
    expect(sleeps).toHaveLength(2);
    expect(results).toHaveLength(131);
    expect(new Set(results.map((r) => r.resourceId)).size).toBe(131);
    const calls = config.commandCalls(GetAggregateComplianceDetailsByConfigRuleCommand).map((c) => c.args[0].input);
    expect(tokens).toEqual([null, 'p2', 'p2', 'p2']);
    expect(calls[0]).toMatchObject({
      ConfigurationAggregatorName: 'org',
      ConfigRuleName: 'OrgConfigRule-guardrails-security-group-admin-ports-a1b2c3d4',
      AwsRegion: 'us-east-1',
      Limit: 100,
    });
  });

  it('maps organization rule names back to the guardrail in the report', async () => {
    orgWithPages();
    const analysis = await analyze(exampleText(), 'example.yaml');
    const report = await reportFromAggregator(analysis, new ConfigServiceClient({ region: 'us-east-1' }), 'org');
    expect(report.summary).toEqual({ COMPLIANT: 50, NON_COMPLIANT: 81, NOT_APPLICABLE: 0 });
    expect(report.byGuardrail[0]).toMatchObject({ guardrail: 'security-group-admin-ports', known: true });
    expect(report.byAccount.map((a) => [a.account, a.counts.NON_COMPLIANT])).toEqual([
      ['prod-app', 80],
      ['dev-app', 1],
    ]);
  }, 30_000);

  it('gives up after repeated throttling with the error, not a partial report', async () => {
    config
      .on(DescribeAggregateComplianceByConfigRulesCommand)
      .resolves({ AggregateComplianceByConfigRules: [{ ConfigRuleName: 'r', AccountId: '555555555555', AwsRegion: 'us-east-1' }] });
    config.on(GetAggregateComplianceDetailsByConfigRuleCommand).rejects(throttling());
    await expect(
      readAggregator({ client: new ConfigServiceClient({ region: 'us-east-1' }), aggregator: 'org', sleep: async () => {}, throttleRetries: 3 }, () => {}),
    ).rejects.toThrow(/Rate exceeded/);
    expect(config.commandCalls(GetAggregateComplianceDetailsByConfigRuleCommand)).toHaveLength(4);
  });

  const cli = async (error: Error) => {
    config.on(DescribeAggregateComplianceByConfigRulesCommand).rejects(error);
    const err: string[] = [];
    const code = await main(['report', EXAMPLE_FILE, '--aggregator', 'org', '--format', 'json', '--out', '/tmp/never.json'], {
      out: () => {},
      err: (t) => err.push(t),
    });
    return { code, err: err.join('\n') };
  };

  it('a missing aggregator, missing permissions or no credentials: one clear line, exit 1', async () => {
    expect(await cli(Object.assign(new Error('x'), { name: 'NoSuchConfigurationAggregatorException' }))).toEqual({
      code: 1,
      err: expect.stringMatching(/^error: no configuration aggregator named "org" in this account and region/),
    });
    expect(await cli(Object.assign(new Error('x'), { name: 'AccessDeniedException' }))).toEqual({
      code: 1,
      err: expect.stringMatching(/^error: access denied reading aggregator "org": .*the caller needs config:DescribeAggregateComplianceByConfigRules/),
    });
    expect(await cli(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }))).toEqual({
      code: 1,
      err: expect.stringMatching(/^error: no AWS credentials found/),
    });
  });
});

describe('report CLI', () => {
  it('needs exactly one source', async () => {
    const err: string[] = [];
    expect(await main(['report', EXAMPLE_FILE, '--format', 'md'], { out: () => {}, err: (t) => err.push(t) })).toBe(1);
    expect(err).toEqual(['error: give exactly one of --aggregator NAME or --input FILE']);
  });
});
