/** The FullAWSAccess detachment's provider against a mocked Organizations API: create, read (refresh), diff, update. */
import {
  DetachPolicyCommand,
  ListPoliciesForTargetCommand,
  OrganizationsClient,
  PolicyNotAttachedException,
  TargetNotFoundException,
} from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { detachmentProvider } from '../../../stacks/components/organization-settings.ts';

const organizations = mockClient(OrganizationsClient);
const sts = mockClient(STSClient);
const inputs = { managementAccountId: '111111111111', identity: {}, targetId: 'ou-ab12-sandbox1' };
const scp = (Id: string) => ({ Id, Name: Id, Type: 'SERVICE_CONTROL_POLICY' as const, AwsManaged: Id === 'p-FullAWSAccess' });

beforeEach(() => {
  organizations.reset();
  sts.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: '111111111111' });
});

describe('FullAWSAccess detachment provider', () => {
  it('create detaches FullAWSAccess (already detached is fine) and records it detached', async () => {
    organizations.on(DetachPolicyCommand).rejects(new PolicyNotAttachedException({ message: 'not attached', $metadata: {} }));
    const created = await detachmentProvider.create(inputs);
    expect(created).toEqual({ id: 'ou-ab12-sandbox1/p-FullAWSAccess', outs: { ...inputs, fullAwsAccessAttached: false } });
    expect(organizations.commandCalls(DetachPolicyCommand)[0].args[0].input).toEqual({ PolicyId: 'p-FullAWSAccess', TargetId: 'ou-ab12-sandbox1' });
  });

  it('read reports FullAWSAccess re-attached out of band (on any page), so refresh shows it and the next up detaches it again', async () => {
    organizations
      .on(ListPoliciesForTargetCommand, { NextToken: undefined })
      .resolves({ Policies: [scp('p-guardrails1')], NextToken: 'page-2' })
      .on(ListPoliciesForTargetCommand, { NextToken: 'page-2' })
      .resolves({ Policies: [scp('p-FullAWSAccess')] });
    const read = await detachmentProvider.read!('ou-ab12-sandbox1/p-FullAWSAccess', { ...inputs, fullAwsAccessAttached: false });
    expect(read).toEqual({ id: 'ou-ab12-sandbox1/p-FullAWSAccess', props: { ...inputs, fullAwsAccessAttached: true } });
    expect(organizations.commandCalls(ListPoliciesForTargetCommand)[0].args[0].input).toMatchObject({
      TargetId: 'ou-ab12-sandbox1',
      Filter: 'SERVICE_CONTROL_POLICY',
    });

    const diff = await detachmentProvider.diff!(read.id!, read.props, inputs);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    organizations.on(DetachPolicyCommand).resolves({});
    expect(await detachmentProvider.update!(read.id!, read.props, inputs)).toEqual({ outs: { ...inputs, fullAwsAccessAttached: false } });
    expect(organizations.commandCalls(DetachPolicyCommand)).toHaveLength(1);
  });

  it('read of a target still detached changes nothing; of a target that is gone, reports the detachment gone', async () => {
    organizations.on(ListPoliciesForTargetCommand).resolves({ Policies: [scp('p-guardrails1')] });
    const read = await detachmentProvider.read!('ou-ab12-sandbox1/p-FullAWSAccess', inputs);
    expect(read.props.fullAwsAccessAttached).toBe(false);
    expect(await detachmentProvider.diff!(read.id!, read.props, inputs)).toMatchObject({ changes: false });
    organizations.on(ListPoliciesForTargetCommand).rejects(new TargetNotFoundException({ message: 'gone', $metadata: {} }));
    expect(await detachmentProvider.read!('ou-ab12-sandbox1/p-FullAWSAccess', inputs)).toEqual({});
  });

  it('an OU replaced (a new target id) replaces the detachment, so the new OU is detached too', async () => {
    const diff = await detachmentProvider.diff!(
      'ou-a/p-FullAWSAccess',
      { ...inputs, targetId: 'ou-a', fullAwsAccessAttached: false },
      { ...inputs, targetId: 'ou-b' },
    );
    expect(diff).toMatchObject({ changes: true, replaces: ['targetId'] });
  });
});
