import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { assumeRoleIn } from '../../src/aws/config-organization.ts';

const sts = mockClient(STSClient);

describe('assumeRoleIn', () => {
  it("names the role in the organization's partition", async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'AKIA', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(0) } });
    await assumeRoleIn('333333333333', 'OrganizationAccountAccessRole', 'guardrails-import', 'aws-us-gov');
    await assumeRoleIn('333333333333', 'OrganizationAccountAccessRole', 'guardrails-drift');
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn)).toEqual([
      'arn:aws-us-gov:iam::333333333333:role/OrganizationAccountAccessRole',
      'arn:aws:iam::333333333333:role/OrganizationAccountAccessRole',
    ]);
  });
});
