import { describe, expect, it } from 'vitest';
import { requestOfEvent, type EventRequest } from '../../../src/commands/impact/event-request.ts';
import { IDENTITIES, record } from './fixtures.ts';

const request = (r: Record<string, unknown>) => {
  const out = requestOfEvent(r);
  if ('skip' in out) throw new Error(out.skip);
  return out as EventRequest;
};

describe('CloudTrail record → request', () => {
  it('a management event: principal, action, region and the context keys the record carries', () => {
    const r = request(record(IDENTITIES.assumedRole));
    expect(r).toMatchObject({
      accountId: '123456789012',
      principal: 'arn:aws:iam::123456789012:role/RoleToBeAssumed',
      service: 'ec2',
      actionName: 'RunInstances',
    });
    expect(r).toMatchObject({ region: 'us-west-2', resource: '*', eventId: 'e1a7c0de-0000-4000-8000-000000000001' });
    expect(r.context).toMatchObject({
      'aws:SourceIp': '203.0.113.10',
      'aws:MultiFactorAuthPresent': 'false',
      // the documented example's basic-format creation date, as ISO 8601
      'aws:TokenIssueTime': '2013-11-02T01:06:28Z',
      'aws:ViaAWSService': 'false',
      'aws:CurrentTime': '2026-11-02T09:01:12Z',
      'aws:EpochTime': String(Date.parse('2026-11-02T09:01:12Z') / 1000),
      'aws:userid': 'AROAIDPPEZS35WEXAMPLE:AssumedRoleSessionName',
    });
  });

  it('long-term access keys carry no MFA key at all (AWS sets none for them)', () => {
    expect(request(record(IDENTITIES.iamUser)).context).not.toHaveProperty('aws:MultiFactorAuthPresent');
  });

  it('a call a service made with the caller credentials: aws:ViaAWSService, aws:CalledVia for the services that set it, no source IP', () => {
    const identity = { ...IDENTITIES.assumedRole, invokedBy: 'cloudformation.amazonaws.com' };
    const r = request(record(identity, { sourceIPAddress: 'cloudformation.amazonaws.com', eventSource: 's3.amazonaws.com', eventName: 'CreateBucket' }));
    expect(r.context).toMatchObject({
      'aws:ViaAWSService': 'true',
      'aws:CalledVia': ['cloudformation.amazonaws.com'],
      'aws:CalledViaFirst': 'cloudformation.amazonaws.com',
    });
    expect(r.context).not.toHaveProperty('aws:SourceIp');
    const viaOther = request(
      record({ ...IDENTITIES.assumedRole, invokedBy: 'elasticbeanstalk.amazonaws.com' }, { sourceIPAddress: 'elasticbeanstalk.amazonaws.com' }),
    );
    expect(viaOther.context).not.toHaveProperty('aws:CalledVia');
  });

  it('VPC endpoint, IMDS delivery, source identity and federation provider from the record', () => {
    const identity = {
      ...IDENTITIES.assumedRole,
      sessionContext: {
        ...IDENTITIES.assumedRole.sessionContext,
        ec2RoleDelivery: '1.0',
        sourceIdentity: 'carol',
        webIdFederationData: { federatedProvider: 'accounts.google.com' },
      },
    };
    const r = request(record(identity, { vpcEndpointId: 'vpce-0a1b2c3d4e5f67890', vpcEndpointAccountId: '123456789012' }));
    expect(r.context).toMatchObject({
      'aws:SourceVpce': 'vpce-0a1b2c3d4e5f67890',
      'aws:VpceAccount': '123456789012',
      'ec2:RoleDelivery': '1.0',
      'aws:SourceIdentity': 'carol',
      'aws:FederatedProvider': 'accounts.google.com',
    });
  });

  it('an S3 data event acts on the object its resources name, owned by the account given there', () => {
    const r = request(
      record(IDENTITIES.assumedRole, {
        eventSource: 's3.amazonaws.com',
        eventName: 'GetObject',
        managementEvent: false,
        eventCategory: 'Data',
        requestParameters: { bucketName: 'amzn-s3-demo-bucket', key: 'file.txt' },
        resources: [
          { type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::amzn-s3-demo-bucket/file.txt' },
          { accountId: '444455556666', type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::amzn-s3-demo-bucket' },
        ],
      }),
    );
    // the object entry has no accountId: the bucket entry names the owner
    expect(r).toMatchObject({ service: 's3', actionName: 'GetObject', resource: 'arn:aws:s3:::amzn-s3-demo-bucket/file.txt', resourceAccount: '444455556666' });
    const lambda = request(
      record(IDENTITIES.assumedRole, {
        eventSource: 'lambda.amazonaws.com',
        eventName: 'Invoke',
        resources: [{ accountId: '444455556666', type: 'AWS::Lambda::Function', ARN: 'arn:aws:lambda:us-west-2:444455556666:function:f' }],
      }),
    );
    expect(lambda).toMatchObject({
      actionName: 'InvokeFunction',
      resource: 'arn:aws:lambda:us-west-2:444455556666:function:f',
      resourceAccount: '444455556666',
    });
  });

  it("several resources listed: the first (an S3 object first) is the resource, the others kept apart with their owners (not the object's own bucket)", () => {
    const listed = [
      { accountId: '111122223333', type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::reports' },
      { type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::reports/q3.csv' },
    ];
    const get = (resources: object[]) => request(record(IDENTITIES.assumedRole, { eventSource: 's3.amazonaws.com', eventName: 'GetObject', resources }));
    expect(get(listed)).toMatchObject({ resource: 'arn:aws:s3:::reports/q3.csv', resourceAccount: '111122223333' });
    expect(get(listed).moreResources).toBeUndefined();
    const withAnother = get([
      ...listed,
      { type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::reports/secret.csv' },
      { type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::other' },
    ]);
    expect(withAnother.moreResources).toEqual([
      { arn: 'arn:aws:s3:::reports/secret.csv', owner: '111122223333' },
      // another bucket with no accountId: its owner is not the listed bucket's
      { arn: 'arn:aws:s3:::other' },
    ]);
    expect(withAnother.moreResources?.[1].owner).toBeUndefined();
    // an object whose bucket is not listed with an owner: not the other bucket's owner
    const archived = get([listed[0], { type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::reports-archive/q3.csv' }]);
    expect(archived).toMatchObject({ resource: 'arn:aws:s3:::reports-archive/q3.csv', ownerUnknown: true });
    expect(archived.resourceAccount).toBeUndefined();
    expect(get(listed).ownerUnknown).toBeUndefined();
    expect(request(record(IDENTITIES.assumedRole)).moreResources).toBeUndefined();
    // hostile input: at most 1,000 resources a call are replayed
    const many = Array.from({ length: 5000 }, (_, i) => ({ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::reports/${i}` }));
    expect(request(record(IDENTITIES.assumedRole, { resources: many })).moreResources).toHaveLength(999);
  });

  it("a CopyObject's source is read from x-amz-copy-source (URL-encoded, a version id dropped, or an access point's object ARN)", () => {
    const copy = (source: string, eventName = 'CopyObject') =>
      request(
        record(IDENTITIES.assumedRole, {
          eventSource: 's3.amazonaws.com',
          eventName,
          requestParameters: { bucketName: 'dest', key: 'k', 'x-amz-copy-source': source },
        }),
      ).copySource;
    expect(copy('/vendor-drop/2026%20Q3/report.csv?versionId=3HL4kqtJlcpXroDTDmJ')).toBe('arn:aws:s3:::vendor-drop/2026 Q3/report.csv');
    expect(copy('vendor-drop/q3.csv', 'UploadPartCopy')).toBe('arn:aws:s3:::vendor-drop/q3.csv');
    expect(copy('arn:aws:s3:us-west-2:123456789012:accesspoint/drop/object/q3.csv')).toBe('arn:aws:s3:us-west-2:123456789012:accesspoint/drop/object/q3.csv');
    expect(copy('%E0%A4%A')).toBeUndefined();
    expect(copy('vendor-drop/q3.csv', 'PutObject')).toBeUndefined();
  });

  it('the resource owner of a cross-account copy is the recipient', () => {
    const r = request(record(IDENTITIES.assumedRole, { recipientAccountId: '444455556666', sharedEventID: 'c7d8e9f0-0000-4000-8000-000000000001' }));
    expect(r).toMatchObject({ resourceAccount: '444455556666', recipientAccountId: '444455556666', shared: true });
  });

  it('fills only the context keys asked for (those a policy reads), the others not worked out', () => {
    const asked = new Set(['aws:SourceIp', 'aws:EpochTime']);
    const out = requestOfEvent(record(IDENTITIES.assumedRole), (key) => asked.has(key));
    if ('skip' in out) throw new Error(out.skip);
    expect(out.context).toEqual({ 'aws:SourceIp': '203.0.113.10', 'aws:EpochTime': String(Date.parse('2026-11-02T09:01:12Z') / 1000) });
  });

  it("an AWS service principal acts in the recipient's account, on its resources, with its own identity (no forward access session)", () => {
    // CloudTrail encrypting its log files with a KMS key of the trail's account (AWS KMS Developer Guide,
    // "GenerateDataKey" event; AWS CloudTrail User Guide, userIdentity of type AWSService).
    const key = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const r = request(
      record(IDENTITIES.awsService, {
        eventSource: 'kms.amazonaws.com',
        eventName: 'GenerateDataKey',
        sourceIPAddress: 'cloudtrail.amazonaws.com',
        userAgent: 'cloudtrail.amazonaws.com',
        requestParameters: {
          keyId: key,
          keySpec: 'AES_256',
          encryptionContext: { 'aws:cloudtrail:arn': 'arn:aws:cloudtrail:us-west-2:123456789012:trail/org' },
        },
        resources: [{ accountId: '123456789012', type: 'AWS::KMS::Key', ARN: key }],
        sharedEventID: '3a9f4a8b-0000-4000-8000-000000000002',
      }),
    );
    expect(r).toMatchObject({
      principal: 'cloudtrail.amazonaws.com',
      servicePrincipal: true,
      accountId: '123456789012',
      resource: key,
      resourceAccount: '123456789012',
    });
    expect(r.context).toMatchObject({ 'aws:ViaAWSService': 'false' });
    expect(r.context).not.toHaveProperty('aws:SourceIp');
    // with no resource named, the resource owner is still the recipient (the simulator has no principal account to fall back on)
    expect(request(record(IDENTITIES.awsService))).toMatchObject({ resource: '*', resourceAccount: '123456789012' });
  });

  it("an AWSAccount record (the resource owner's copy of a cross-account call) names the caller's account and what it hides", () => {
    const r = request(record(IDENTITIES.awsAccount, { recipientAccountId: '123456789012', sharedEventID: 'c7d8e9f0-0000-4000-8000-000000000001' }));
    expect(r).toMatchObject({
      principal: 'arn:aws:iam::111122223333:root',
      accountId: '111122223333',
      resourceAccount: '123456789012',
      hiddenKeys: expect.arrayContaining(['aws:PrincipalArn', 'aws:PrincipalType', 'aws:username', 'aws:MultiFactorAuthPresent', 'ec2:RoleDelivery']),
      shared: true,
    });
    expect(r.context['aws:userid']).toBe('AROAIDPPEZS35WEXAMPLE:AssumedRoleSessionName');
  });

  it('a call refused for lack of permission is marked with its error code; other errors are calls AWS authorized', () => {
    expect(request(record(IDENTITIES.iamUser, { errorCode: 'Client.UnauthorizedOperation' })).accessDenied).toBe('Client.UnauthorizedOperation');
    expect(request(record(IDENTITIES.iamUser, { errorCode: 'AccessDenied' })).accessDenied).toBe('AccessDenied');
    expect(request(record(IDENTITIES.iamUser, { errorCode: 'InvalidParameterValue' })).accessDenied).toBeUndefined();
  });

  it('skips what is not a principal API call, with the reason', () => {
    expect(
      requestOfEvent(record(IDENTITIES.iamUser, { eventType: 'AwsConsoleSignIn', eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin' })),
    ).toEqual({
      skip: 'event type AwsConsoleSignIn',
    });
    expect(requestOfEvent(record(IDENTITIES.awsService, { recipientAccountId: undefined }))).toEqual({
      skip: 'AWS service principal call without recipientAccountId',
    });
    expect(requestOfEvent({ eventName: 'x' })).toEqual({ skip: 'not a CloudTrail record (eventSource, eventName or awsRegion missing)' });
  });
});
