import { ConfigServiceClient, DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { configRecording } from '../../../config-rules/rules/config-recording.ts';
import { item } from '../fixtures.ts';

const params = configRecording.parameters({ regions: 'us-east-1,us-west-2' });
const context = { accountId: '666666666666', now: new Date('2026-11-29T00:00:00Z') };
const recorder = (region: string, Recording: boolean) => ({ ...item('AWS::Config::ConfigurationRecorder', 'default', { Name: 'default', Recording }), region });

describe('config-recording', () => {
  it('every allowed region recording is compliant; a region without a recording recorder is not', () => {
    const read = configRecording.fromItems!.read;
    expect(configRecording.evaluate(read([recorder('us-east-1', true), recorder('us-west-2', true)]), params, context)[0].complianceType).toBe('COMPLIANT');
    expect(configRecording.evaluate(read([recorder('us-east-1', true), recorder('us-west-2', false)]), params, context)[0]).toMatchObject({
      complianceType: 'NON_COMPLIANT',
      annotation: 'AWS Config is not recording in us-west-2',
    });
  });
  it('reads the recorder status of each allowed region live', async () => {
    const config = mockClient(ConfigServiceClient);
    config
      .on(DescribeConfigurationRecorderStatusCommand)
      .resolvesOnce({ ConfigurationRecordersStatus: [{ name: 'default', recording: true }] })
      .resolves({ ConfigurationRecordersStatus: [] });
    const statuses = await configRecording.gather({ region: 'us-east-1' }, params);
    expect(statuses).toEqual([
      { region: 'us-east-1', recording: true },
      { region: 'us-west-2', recording: false },
    ]);
    config.restore();
  });
  it('the regions parameter is required', () => {
    expect(() => configRecording.parameters({})).toThrow('rule parameter regions is missing');
  });
});
