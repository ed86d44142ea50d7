/** Configuration items shaped as AWS Config's Lambda events carry them. */
import { normalizeConfigurationItem } from '../../config-rules/framework/configuration-item.ts';
import type { ConfigurationItem } from '../../config-rules/framework/types.ts';

export function eventItem(
  resourceType: string,
  resourceId: string,
  configuration: unknown,
  supplementaryConfiguration: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  return {
    relatedEvents: [],
    relationships: [],
    configuration,
    supplementaryConfiguration,
    tags: {},
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: '2026-11-20T09:12:44.000Z',
    configurationStateId: 1732093964000,
    awsAccountId: '666666666666',
    configurationItemStatus: 'OK',
    resourceType,
    resourceId,
    resourceName: resourceId,
    ARN: `arn:aws:test:us-west-2:666666666666:${resourceId}`,
    awsRegion: 'us-west-2',
    availabilityZone: 'Regional',
    configurationStateMd5Hash: '',
    ...extra,
  };
}

export const item = (...args: Parameters<typeof eventItem>): ConfigurationItem => normalizeConfigurationItem(eventItem(...args));

export const permission = (ipProtocol: string, fromPort: number | undefined, toPort: number | undefined, v4: string[] = [], v6: string[] = []) => ({
  fromPort,
  ipProtocol,
  ipv6Ranges: v6.map((cidrIpv6) => ({ cidrIpv6 })),
  prefixListIds: [],
  toPort,
  userIdGroupPairs: [],
  ipv4Ranges: v4.map((cidrIp) => ({ cidrIp })),
  ipRanges: v4,
});

export const securityGroup = (...ipPermissions: unknown[]) =>
  item('AWS::EC2::SecurityGroup', 'sg-0123456789abcdef0', { groupId: 'sg-0123456789abcdef0', groupName: 'g', ipPermissions, ipPermissionsEgress: [] });

export const bucket = (supplementary: Record<string, unknown>) => item('AWS::S3::Bucket', 'my-bucket', { name: 'my-bucket' }, supplementary);

export const acl = (...extra: unknown[]) =>
  JSON.stringify({
    grantSet: null,
    grantList: [{ grantee: { id: 'owner', displayName: null }, permission: 'FullControl' }, ...extra],
    owner: { id: 'owner' },
    isRequesterCharged: false,
  });
