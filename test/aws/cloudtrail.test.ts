import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand, type Trail } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { readOrganizationTrails, readTrailLogging } from '../../src/aws/cloudtrail.ts';

const cloudTrail = mockClient(CloudTrailClient);
const client = () => new CloudTrailClient({ region: 'us-east-1' });

/** A trail as DescribeTrails returns it in the management account. */
const trail = (name: string, homeRegion: string, extra: Partial<Trail> = {}): Trail => ({
  Name: name,
  TrailARN: `arn:aws:cloudtrail:${homeRegion}:111111111111:trail/${name}`,
  HomeRegion: homeRegion,
  S3BucketName: `${name}-bucket`,
  IsMultiRegionTrail: true,
  IsOrganizationTrail: false,
  IncludeGlobalServiceEvents: true,
  ...extra,
});

describe('readOrganizationTrails', () => {
  beforeEach(() => cloudTrail.reset());

  it('finds the organization trails, shadow trails of other Regions included, and asks for them', async () => {
    cloudTrail.on(DescribeTrailsCommand).resolves({
      trailList: [
        trail('account-only', 'us-east-1'),
        // Created in eu-west-1 (by the management account, or by a CloudTrail delegated administrator: the management account owns it either way).
        trail('aws-controltower-BaselineCloudTrail', 'eu-west-1', { IsOrganizationTrail: true, S3BucketName: 'aws-controltower-logs-222222222222-eu-west-1' }),
        trail('org-single-region', 'us-east-1', { IsOrganizationTrail: true, IsMultiRegionTrail: false }),
      ],
    });
    const trails = await readOrganizationTrails(client(), 'us-east-1');
    expect(cloudTrail.commandCalls(DescribeTrailsCommand)[0].args[0].input).toEqual({ includeShadowTrails: true });
    // Multi-Region first: the one the spec adopts.
    expect(trails).toEqual([
      {
        name: 'aws-controltower-BaselineCloudTrail',
        arn: 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/aws-controltower-BaselineCloudTrail',
        homeRegion: 'eu-west-1',
        bucket: 'aws-controltower-logs-222222222222-eu-west-1',
        multiRegion: true,
      },
      expect.objectContaining({ name: 'org-single-region', multiRegion: false }),
    ]);
  });

  it('finds none when no trail is the organization’s', async () => {
    cloudTrail.on(DescribeTrailsCommand).resolves({ trailList: [trail('account-only', 'us-east-1')] });
    expect(await readOrganizationTrails(client(), 'us-east-1')).toEqual([]);
    cloudTrail.on(DescribeTrailsCommand).resolves({});
    expect(await readOrganizationTrails(client(), 'us-east-1')).toEqual([]);
  });

  it('names the permission when access is denied, and retries throttling', async () => {
    cloudTrail
      .on(DescribeTrailsCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      .resolvesOnce({ trailList: [] })
      .rejects(Object.assign(new Error('User: arn:aws:iam::111111111111:role/reader is not authorized'), { name: 'AccessDeniedException' }));
    const sleep = async () => {};
    expect(await readOrganizationTrails(client(), 'eu-west-1', { sleep })).toEqual([]);
    const denied = await readOrganizationTrails(client(), 'eu-west-1', { sleep }).catch((e) => e);
    expect(denied).toBeInstanceOf(UserError);
    expect(denied.message).toBe('access denied describing the trails in eu-west-1: User: arn:aws:iam::111111111111:role/reader is not authorized');
    expect(denied.hint).toBe('the caller needs cloudtrail:DescribeTrails');
  });
});

describe('readTrailLogging', () => {
  beforeEach(() => cloudTrail.reset());
  const adopted = { name: 'org', arn: 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/org', homeRegion: 'eu-west-1', bucket: 'b', multiRegion: true };

  it('asks by ARN (a shadow trail is found only so) and answers IsLogging', async () => {
    cloudTrail.on(GetTrailStatusCommand, { Name: adopted.arn }).resolves({ IsLogging: false });
    expect(await readTrailLogging(client(), adopted)).toBe(false);
    cloudTrail.on(GetTrailStatusCommand, { Name: adopted.arn }).resolves({ IsLogging: true });
    expect(await readTrailLogging(client(), adopted)).toBe(true);
  });

  it('names the permission when access is denied', async () => {
    cloudTrail.on(GetTrailStatusCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    const denied = await readTrailLogging(client(), adopted, { sleep: async () => {} }).catch((e) => e);
    expect(denied).toBeInstanceOf(UserError);
    expect(denied.hint).toBe('the caller needs cloudtrail:GetTrailStatus');
  });
});
