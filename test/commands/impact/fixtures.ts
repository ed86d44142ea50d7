/**
 * userIdentity elements as the AWS CloudTrail User Guide ("CloudTrail userIdentity element",
 * examples and fields) shows them, and a record around one as "CloudTrail record contents" lays it out.
 */
export const IDENTITIES = {
  iamUser: {
    type: 'IAMUser',
    principalId: 'AIDAJ45Q7YFFAREXAMPLE',
    arn: 'arn:aws:iam::123456789012:user/Alice',
    accountId: '123456789012',
    accessKeyId: '',
    userName: 'Alice',
  },
  assumedRole: {
    type: 'AssumedRole',
    principalId: 'AROAIDPPEZS35WEXAMPLE:AssumedRoleSessionName',
    arn: 'arn:aws:sts::123456789012:assumed-role/RoleToBeAssumed/MySessionName',
    accountId: '123456789012',
    accessKeyId: '',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAIDPPEZS35WEXAMPLE',
        arn: 'arn:aws:iam::123456789012:role/RoleToBeAssumed',
        accountId: '123456789012',
        userName: 'RoleToBeAssumed',
      },
      attributes: { mfaAuthenticated: 'false', creationDate: '20131102T010628Z' },
    },
  },
  root: { type: 'Root', principalId: '123456789012', arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', accessKeyId: '' },
  federatedUser: {
    type: 'FederatedUser',
    principalId: '123456789012:Bob',
    arn: 'arn:aws:sts::123456789012:federated-user/Bob',
    accountId: '123456789012',
    accessKeyId: '',
    sessionContext: {
      sessionIssuer: {
        type: 'IAMUser',
        principalId: 'AIDAJ45Q7YFFAREXAMPLE',
        arn: 'arn:aws:iam::123456789012:user/Alice',
        accountId: '123456789012',
        userName: 'Alice',
      },
      attributes: { mfaAuthenticated: 'false', creationDate: '2014-03-25T18:45:24Z' },
    },
  },
  identityCenterRole: {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLEIDCROLE:carol@example.com',
    arn: 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/carol@example.com',
    accountId: '123456789012',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAEXAMPLEIDCROLE',
        arn: 'arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0123456789abcdef',
        accountId: '123456789012',
        userName: 'AWSReservedSSO_AdministratorAccess_0123456789abcdef',
      },
      attributes: { mfaAuthenticated: 'false', creationDate: '2026-11-02T08:00:00Z' },
    },
  },
  serviceLinkedRole: {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLESLR:AutoScaling',
    arn: 'arn:aws:sts::123456789012:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling',
    accountId: '123456789012',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAEXAMPLESLR',
        arn: 'arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
        accountId: '123456789012',
        userName: 'AWSServiceRoleForAutoScaling',
      },
      attributes: { mfaAuthenticated: 'false', creationDate: '2026-11-02T08:00:00Z' },
    },
    invokedBy: 'autoscaling.amazonaws.com',
  },
  awsService: { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' },
  awsAccount: { type: 'AWSAccount', principalId: 'AROAIDPPEZS35WEXAMPLE:AssumedRoleSessionName', accountId: '111122223333' },
  identityCenterUser: {
    type: 'IdentityCenterUser',
    accountId: '123456789012',
    onBehalfOf: { userId: '544894e8-80c1-707f-60e3-3ba6510dfac1', identityStoreArn: 'arn:aws:identitystore::123456789012:identitystore/d-9067642ac7' },
    credentialId: 'EXAMPLEVHULjJdTUdPJfofVa1sufHDoj7aYcOYcxFVllWR_Whr1fEXAMPLE',
  },
  samlUser: {
    type: 'SAMLUser',
    principalId: 'SampleUkh1i4+ExampleuDcRsZa:user@example.com',
    userName: 'user@example.com',
    identityProvider: 'bdGOnTesti4+ExampleuDcRsZa',
  },
  webIdentityUser: {
    type: 'WebIdentityUser',
    principalId: 'accounts.google.com:application-id.apps.googleusercontent.com:user-id',
    userName: 'user-id',
    identityProvider: 'accounts.google.com',
  },
} as const;

/** A management event around a userIdentity. */
export function record(userIdentity: object, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.11',
    userIdentity,
    eventTime: '2026-11-02T09:01:12Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'RunInstances',
    awsRegion: 'us-west-2',
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.22.0',
    requestParameters: null,
    responseElements: null,
    requestID: '6f2c1a7e-0000-4000-8000-000000000001',
    eventID: 'e1a7c0de-0000-4000-8000-000000000001',
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '123456789012',
    eventCategory: 'Management',
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'ec2.us-west-2.amazonaws.com' },
    ...overrides,
  };
}

/** An S3 data event on an object, its resources as CloudTrail lists them: the object, then its bucket with the owner. */
export function s3ObjectEvent(
  userIdentity: object,
  eventName: string,
  object: { bucket: string; key: string; owner: string },
  overrides: Record<string, unknown> = {},
) {
  const { bucket, key, owner } = object;
  return record(userIdentity, {
    eventSource: 's3.amazonaws.com',
    eventName,
    recipientAccountId: owner,
    requestParameters: { bucketName: bucket, key },
    resources: [
      { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` },
      { accountId: owner, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` },
    ],
    eventCategory: 'Data',
    managementEvent: false,
    ...overrides,
  });
}

/** The documented AssumedRole identity, for a role of another account. */
export function assumedRoleIdentity(accountId: string, role: string) {
  return {
    ...IDENTITIES.assumedRole,
    arn: `arn:aws:sts::${accountId}:assumed-role/${role}/s`,
    accountId,
    sessionContext: {
      ...IDENTITIES.assumedRole.sessionContext,
      sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${accountId}:role/${role}`, accountId },
    },
  };
}
