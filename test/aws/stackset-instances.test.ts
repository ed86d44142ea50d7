import { CloudFormationClient, ListStackInstancesCommand, StackSetNotFoundException } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { instanceState, readStackInstances } from '../../src/aws/stackset-instances.ts';

const cloudFormation = mockClient(CloudFormationClient);
const client = () => new CloudFormationClient({ region: 'eu-west-1' });

describe('readStackInstances', () => {
  beforeEach(() => cloudFormation.reset());

  it('reads every page as the management account', async () => {
    cloudFormation
      .on(ListStackInstancesCommand)
      .resolvesOnce({
        Summaries: [
          {
            StackSetId: 'guardrails-account-baseline:1',
            Account: '222222222222',
            Region: 'eu-west-1',
            Status: 'CURRENT',
            StackInstanceStatus: { DetailedStatus: 'SUCCEEDED' },
            OrganizationalUnitId: 'ou-ab12-00000001',
          },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        Summaries: [
          {
            Account: '333333333333',
            Region: 'eu-west-1',
            Status: 'OUTDATED',
            StatusReason:
              "ResourceLogicalId:ConfigRecorder, ResourceType:AWS::Config::ConfigurationRecorder, ResourceStatusReason:Failed to put configuration recorder 'guardrails' because the maximum number of configuration recorders: 1 is reached.",
            StackInstanceStatus: { DetailedStatus: 'FAILED' },
          },
        ],
      });
    const read = await readStackInstances(client(), 'guardrails-account-baseline');
    expect(read.exists).toBe(true);
    expect(read.instances.map((i) => [i.account, i.region, i.status, i.detailedStatus, i.unitId])).toEqual([
      ['222222222222', 'eu-west-1', 'CURRENT', 'SUCCEEDED', 'ou-ab12-00000001'],
      ['333333333333', 'eu-west-1', 'OUTDATED', 'FAILED', undefined],
    ]);
    expect(read.instances[1].reason).toMatch(/maximum number of configuration recorders: 1 is reached/);
    const inputs = cloudFormation.commandCalls(ListStackInstancesCommand).map((c) => c.args[0].input);
    expect(inputs).toHaveLength(2);
    expect(inputs[1]).toMatchObject({ StackSetName: 'guardrails-account-baseline', CallAs: 'SELF', NextToken: 'page-2' });
  });

  it('reads every Region in one listing when no Region is named (to see instances outside the allowed Regions)', async () => {
    cloudFormation.on(ListStackInstancesCommand).resolves({
      Summaries: [
        {
          Account: '222222222222',
          Region: 'ap-southeast-2',
          Status: 'CURRENT',
          OrganizationalUnitId: 'ou-ab12-00000001',
          StackId: 'arn:aws:cloudformation:ap-southeast-2:222222222222:stack/StackSet-x/1',
        },
      ],
    });
    const read = await readStackInstances(client(), 'guardrails-account-baseline');
    expect(read.instances).toEqual([
      expect.objectContaining({
        account: '222222222222',
        region: 'ap-southeast-2',
        stackId: 'arn:aws:cloudformation:ap-southeast-2:222222222222:stack/StackSet-x/1',
      }),
    ]);
    const [call] = cloudFormation.commandCalls(ListStackInstancesCommand).map((c) => c.args[0].input);
    expect(call).toEqual({ StackSetName: 'guardrails-account-baseline', CallAs: 'SELF', MaxResults: 100 });
  });

  it('answers a StackSet that does not exist (in this Region) as absent, and lets other errors through', async () => {
    cloudFormation
      .on(ListStackInstancesCommand)
      .rejects(new StackSetNotFoundException({ message: 'StackSet guardrails-account-baseline not found', $metadata: {} }));
    expect(await readStackInstances(client(), 'guardrails-account-baseline')).toEqual({ exists: false, instances: [] });
    cloudFormation.on(ListStackInstancesCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));
    await expect(readStackInstances(client(), 'guardrails-account-baseline')).rejects.toThrow('not authorized');
  });
});

describe('instanceState', () => {
  it('is current only when CURRENT and SUCCEEDED', () => {
    const state = (status: string, detailedStatus?: string) => instanceState({ status, detailedStatus });
    expect(state('CURRENT', 'SUCCEEDED')).toBe('current');
    expect(state('CURRENT')).toBe('current');
    expect(state('OUTDATED', 'FAILED')).toBe('failed');
    expect(state('OUTDATED', 'FAILED_IMPORT')).toBe('failed');
    expect(state('INOPERABLE', 'INOPERABLE')).toBe('failed');
    expect(state('INOPERABLE', 'SUCCEEDED')).toBe('failed');
    expect(state('OUTDATED', 'CANCELLED')).toBe('outdated');
    expect(state('OUTDATED', 'SUCCEEDED')).toBe('outdated');
    expect(state('OUTDATED', 'RUNNING')).toBe('in-progress');
    expect(state('CURRENT', 'PENDING')).toBe('in-progress');
    expect(state('OUTDATED', 'SKIPPED_SUSPENDED_ACCOUNT')).toBe('skipped');
    expect(state('SOMETHING_NEW')).toBe('failed');
  });
});
