/**
 * AWS Config records in every allowed region (CIS AWS Foundations Benchmark 3.3): each region
 * has a configuration recorder that is recording. Periodic, from the home region: reads
 * DescribeConfigurationRecorderStatus in each region. Offline, `scan` reads the account's
 * AWS::Config::ConfigurationRecorder items (configuration.Recording).
 */
import { ConfigServiceClient, DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import { stringList } from '../framework/parameters.ts';
import type { PeriodicRule } from '../framework/types.ts';

/** Whether each region has a recorder that is recording. */
export type RecorderStatus = { region: string; recording: boolean }[];

export const configRecording: PeriodicRule<{ regions: string[] }, RecorderStatus> = {
  id: 'config-recording',
  description: 'AWS Config records in every allowed region',
  trigger: 'periodic',
  input: 'configuration-recorders',
  liveCall: 'config:DescribeConfigurationRecorderStatus in each allowed region',
  parameters: (raw) => {
    const regions = stringList(raw.regions);
    if (regions.length === 0) throw new Error('rule parameter regions is missing');
    return { regions };
  },
  gather: (clients, { regions }) => recorderStatus(regions, clients.credentials),
  fromItems: {
    resourceTypes: ['AWS::Config::ConfigurationRecorder'],
    read: (items) => items.map((i) => ({ region: i.region, recording: (i.configuration?.Recording ?? i.configuration?.recording) === true })),
  },
  evaluate(statuses, { regions }, { accountId }) {
    const missing = regions.filter((r) => !statuses.some((s) => s.region === r && s.recording));
    return [
      {
        resourceType: 'AWS::::Account',
        resourceId: accountId,
        complianceType: missing.length ? 'NON_COMPLIANT' : 'COMPLIANT',
        annotation: missing.length ? `AWS Config is not recording in ${missing.join(', ')}` : undefined,
      },
    ];
  },
};

/** Reads the recorder status of each region (the function's credentials are those of the evaluated account). */
export async function recorderStatus(
  regions: string[],
  credentials: import('@aws-sdk/types').AwsCredentialIdentityProvider | undefined,
): Promise<RecorderStatus> {
  const out: RecorderStatus = [];
  for (const region of regions) {
    const { ConfigurationRecordersStatus } = await new ConfigServiceClient({ region, credentials }).send(new DescribeConfigurationRecorderStatusCommand({}));
    out.push({ region, recording: (ConfigurationRecordersStatus ?? []).some((s) => s.recording === true) });
  }
  return out;
}
