/** Explicit providers act as the stack's own identity and may act only in the account they are for. */
import * as pulumi from '@pulumi/pulumi';
import { describe, expect, it } from 'vitest';
import { accountProviders } from '../../../stacks/components/providers.ts';

describe('account providers', () => {
  it('pass on the stack profile and role chain, then assume the access role, pinned to the one account', async () => {
    const inputs: Record<string, unknown>[] = [];
    await pulumi.runtime.setMocks(
      { newResource: (a) => (inputs.push(a.inputs), { id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs },
      'org-guardrails',
      'test',
      false,
    );
    const providers = accountProviders({
      managementAccountId: '111111111111',
      homeRegion: 'us-east-1',
      partition: 'aws',
      accessRole: 'OrganizationAccountAccessRole',
      identity: { profile: 'platform', assumeRoles: [{ roleArn: 'arn:aws:iam::111111111111:role/deployer' }] },
    });
    expect(providers.forAccount('111111111111', 'us-east-1')).toBeUndefined();
    providers.forAccount('222222222222', 'eu-west-1');
    providers.forAccount('111111111111', 'eu-west-1');
    await new Promise((r) => setTimeout(r, 50));
    const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    const [member, management] = inputs;
    expect(parse(member.allowedAccountIds)).toEqual(['222222222222']);
    expect(member.profile).toBe('platform');
    expect(parse(member.assumeRoles).map((r: { roleArn: string }) => r.roleArn)).toEqual([
      'arn:aws:iam::111111111111:role/deployer',
      'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole',
    ]);
    expect(parse(management.allowedAccountIds)).toEqual(['111111111111']);
    expect(parse(management.assumeRoles).map((r: { roleArn: string }) => r.roleArn)).toEqual(['arn:aws:iam::111111111111:role/deployer']);
  });
});
