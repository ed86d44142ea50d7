import { describe, expect, it } from 'vitest';
import { configurationItemsOf, latestItems, normalizeConfigurationItem } from '../../config-rules/framework/configuration-item.ts';
import { eventItem } from './fixtures.ts';

const configuration = { name: 'my-bucket', owner: { id: 'abc' } };
const supplementary = {
  AccessControlList: JSON.stringify({ grantList: [{ grantee: 'AllUsers', permission: 'Read' }] }),
  BucketPolicy: { policyText: '{"Version":"2012-10-17","Statement":[]}' },
};

describe('configuration item dialects', () => {
  it('Lambda event, Config API and snapshot items normalise alike', () => {
    const event = eventItem('AWS::S3::Bucket', 'my-bucket', configuration, supplementary, { tags: { team: 'data' } });
    const api = {
      version: '1.3',
      accountId: '666666666666',
      configurationItemCaptureTime: new Date('2026-11-20T09:12:44.000Z'),
      configurationItemStatus: 'OK',
      arn: 'arn:aws:test:us-west-2:666666666666:my-bucket',
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'my-bucket',
      resourceName: 'my-bucket',
      awsRegion: 'us-west-2',
      tags: { team: 'data' },
      configuration: JSON.stringify(configuration),
      supplementaryConfiguration: { AccessControlList: supplementary.AccessControlList, BucketPolicy: JSON.stringify(supplementary.BucketPolicy) },
    };
    const snapshot = configurationItemsOf({
      fileVersion: '1.0',
      configSnapshotId: 'x',
      configurationItems: [{ ...event, tags: [{ key: 'team', value: 'data' }] }],
    })![0];
    const expected = normalizeConfigurationItem(event);
    expect(normalizeConfigurationItem(api)).toEqual(expected);
    expect(snapshot).toEqual(expected);
    expect(expected.supplementaryConfiguration.AccessControlList.grantList[0].grantee).toBe('AllUsers');
    expect(expected).toMatchObject({
      accountId: '666666666666',
      region: 'us-west-2',
      arn: 'arn:aws:test:us-west-2:666666666666:my-bucket',
      tags: { team: 'data' },
    });
  });

  it('reads a plain JSON list of items, and refuses other documents', () => {
    expect(configurationItemsOf([eventItem('AWS::S3::Bucket', 'b', {})])).toHaveLength(1);
    expect(configurationItemsOf({ something: 'else' })).toBeUndefined();
  });

  it('parses JSON inside a JSON string (the API dialect encodes an ACL twice), and records what cannot be read', () => {
    const acl = { grantList: [{ grantee: 'AllUsers', permission: 'Read' }] };
    const api = normalizeConfigurationItem({
      accountId: '1',
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'b',
      configuration: '{"name":"b"}',
      supplementaryConfiguration: { AccessControlList: JSON.stringify(JSON.stringify(acl)) },
    });
    expect(api.supplementaryConfiguration.AccessControlList).toEqual(acl);
    expect(api.problems).toBeUndefined();
    const broken = normalizeConfigurationItem({
      resourceType: 'AWS::EC2::SecurityGroup',
      resourceId: 'sg',
      configuration: '{"ipPermissions":[{"fromPort":22',
      configurationItemCaptureTime: 'soon',
    });
    expect(broken.problems).toEqual([expect.stringMatching(/^configuration is not valid JSON/), 'configurationItemCaptureTime "soon" is not a date']);
    expect(normalizeConfigurationItem(null).resourceId).toBe('');
  });

  it('parses the supplementary values that are JSON strings, leaves out what cannot be read, and leaves the input as it was', () => {
    const raw = {
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'b',
      configuration: '{"name":"b"}',
      supplementaryConfiguration: {
        BucketPolicy: { policyText: '{"Statement":[]}' },
        AccessControlList: '{"grantList": [',
        PublicAccessBlockConfiguration: '{"blockPublicAcls":true}',
        IsRequesterPaysEnabled: 'false',
      },
      tags: { owner: 'data', costCenter: 1234 },
    };
    const copy = structuredClone(raw);
    const item = normalizeConfigurationItem(raw);
    expect(item.supplementaryConfiguration).toEqual({
      BucketPolicy: { policyText: '{"Statement":[]}' },
      PublicAccessBlockConfiguration: { blockPublicAcls: true },
      IsRequesterPaysEnabled: 'false',
    });
    expect(item.problems).toEqual([expect.stringMatching(/^supplementaryConfiguration\.AccessControlList is not valid JSON/)]);
    expect(item.tags).toEqual({ owner: 'data', costCenter: '1234' });
    expect(raw).toEqual(copy);
  });

  it('keeps the newest item of each resource (history files hold several)', () => {
    const at = (t: string, name: string) => normalizeConfigurationItem(eventItem('AWS::S3::Bucket', 'b', { name }, {}, { configurationItemCaptureTime: t }));
    const other = normalizeConfigurationItem(eventItem('AWS::S3::Bucket', 'c', { name: 'c' }));
    const latest = latestItems([at('2026-11-21T00:00:00Z', 'newer'), other, at('2026-11-20T00:00:00Z', 'older')]);
    expect(latest.map((i) => i.configuration.name)).toEqual(['newer', 'c']);
  });

  it('tells resources apart by account, region and type, not by resource id alone', () => {
    const at = (t: string, extra: Record<string, unknown>, name = String(extra.awsAccountId ?? extra.awsRegion ?? 'same')) =>
      normalizeConfigurationItem(eventItem('AWS::EC2::SecurityGroup', 'sg-1', { name }, {}, { configurationItemCaptureTime: t, ...extra }));
    const latest = latestItems([
      at('2026-11-20T00:00:00Z', {}, 'old'),
      at('2026-11-20T00:00:00Z', { awsAccountId: '777777777777' }),
      at('2026-11-20T00:00:00Z', { awsRegion: 'eu-west-1' }),
      at('2026-11-20T00:00:00Z', { resourceType: 'AWS::EC2::Instance' }, 'instance'),
      at('2026-11-22T00:00:00Z', {}, 'new'),
      // Equal capture times: the later item in the input wins.
      at('2026-11-20T00:00:00Z', { awsAccountId: '777777777777' }, 'later'),
    ]);
    expect(latest.map((i) => i.configuration.name)).toEqual(['new', 'later', 'eu-west-1', 'instance']);
  });
});
