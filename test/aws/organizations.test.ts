import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListDelegatedAdministratorsCommand,
  ListDelegatedServicesForAccountCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  findAccountByEmail,
  findUnitByPath,
  ORGANIZATIONS_READ_PERMISSIONS,
  organizationsReader,
  readOrganization,
  type OrganizationsReader,
} from '../../src/aws/organizations.ts';
import { UserError } from '../../src/core/errors.ts';

const orgs = mockClient(OrganizationsClient);

function reader(): OrganizationsReader {
  return { ...organizationsReader({ concurrency: 5, perSecond: 1000 }, new OrganizationsClient({ region: 'us-east-1' })), sleep: async () => undefined };
}

function organization() {
  orgs.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-a1b2c3d4e5', MasterAccountId: '111111111111', FeatureSet: 'ALL' } });
  orgs.on(ListRootsCommand).resolves({ Roots: [{ Id: 'r-ab12', Name: 'Root', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] }] });
  orgs.on(ListOrganizationalUnitsForParentCommand).resolves({ OrganizationalUnits: [] });
  orgs.on(ListOrganizationalUnitsForParentCommand, { ParentId: 'r-ab12' }).resolves({ OrganizationalUnits: [{ Id: 'ou-ab12-11111111', Name: 'Workloads' }] });
  orgs
    .on(ListOrganizationalUnitsForParentCommand, { ParentId: 'ou-ab12-11111111' })
    .resolves({ OrganizationalUnits: [{ Id: 'ou-ab12-22222222', Name: 'Prod' }] });
  orgs.on(ListAccountsForParentCommand).resolves({ Accounts: [] });
  orgs
    .on(ListAccountsForParentCommand, { ParentId: 'r-ab12' })
    .resolves({ Accounts: [{ Id: '111111111111', Name: 'management', Email: 'm@example.com', State: 'ACTIVE' }] });
  // Two pages, as Organizations returns them; the second account has only the deprecated Status field.
  orgs
    .on(ListAccountsForParentCommand, { ParentId: 'ou-ab12-22222222' })
    .resolves({ Accounts: [{ Id: '222222222222', Name: 'prod', Email: 'p@example.com', State: 'ACTIVE' }], NextToken: 't2' });
  orgs
    .on(ListAccountsForParentCommand, { ParentId: 'ou-ab12-22222222', NextToken: 't2' })
    .resolves({ Accounts: [{ Id: '333333333333', Name: 'old', Email: 'o@example.com', Status: 'SUSPENDED' }] });
  orgs.on(ListTagsForResourceCommand).resolves({ Tags: [] });
  orgs.on(ListTagsForResourceCommand, { ResourceId: '222222222222' }).resolves({ Tags: [{ Key: 'team', Value: 'payments' }] });
  orgs.on(ListPoliciesCommand).resolves({ Policies: [{ Id: 'p-FullAWSAccess', Name: 'FullAWSAccess', AwsManaged: true, Type: 'SERVICE_CONTROL_POLICY' }] });
  orgs.on(DescribePolicyCommand).resolves({ Policy: { Content: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' } });
  orgs.on(ListTargetsForPolicyCommand).resolves({ Targets: [{ TargetId: 'r-ab12', Type: 'ROOT' }] });
  orgs.on(ListAWSServiceAccessForOrganizationCommand).resolves({ EnabledServicePrincipals: [{ ServicePrincipal: 'config.amazonaws.com' }] });
  orgs.on(ListDelegatedAdministratorsCommand).resolves({ DelegatedAdministrators: [] });
  orgs.on(ListDelegatedServicesForAccountCommand).resolves({ DelegatedServices: [] });
}

describe('reading an organization', () => {
  beforeEach(() => {
    orgs.reset();
    organization();
  });

  it('walks the OU tree into paths, follows every page, and reads state and tags', async () => {
    const live = await readOrganization(reader());
    expect(live.units.map((u) => u.path)).toEqual(['Workloads', 'Workloads/Prod']);
    expect(live.accounts.map((a) => [a.id, a.parentId, a.state, a.tags])).toEqual([
      ['111111111111', 'r-ab12', 'ACTIVE', {}],
      ['222222222222', 'ou-ab12-22222222', 'ACTIVE', { team: 'payments' }],
      ['333333333333', 'ou-ab12-22222222', 'SUSPENDED', {}],
    ]);
    expect(live.policies).toEqual([expect.objectContaining({ name: 'FullAWSAccess', awsManaged: true, targets: [{ id: 'r-ab12', type: 'ROOT' }] })]);
    // Resource control policies are not enabled on this root: not listed.
    expect(orgs.commandCalls(ListPoliciesCommand).map((c) => c.args[0].input.Filter)).toEqual(['SERVICE_CONTROL_POLICY']);
    // Every call made is one the README's permission list names.
    const made = orgs.calls().map((c) => `organizations:${c.args[0].constructor.name.replace(/Command$/, '')}`);
    expect(ORGANIZATIONS_READ_PERMISSIONS).toEqual(expect.arrayContaining([...new Set(made)]));
  });

  it('retries throttling that outlasts the SDK, and names the permission a denied call needs', async () => {
    orgs
      .on(ListRootsCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }))
      .resolves({ Roots: [{ Id: 'r-ab12', PolicyTypes: [] }] });
    orgs.on(ListDelegatedAdministratorsCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    const error = await readOrganization(reader()).catch((e) => e);
    expect(orgs.commandCalls(ListRootsCommand)).toHaveLength(2);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe('access denied listing delegated administrators: not authorized');
    expect(error.hint).toBe('the caller needs organizations:ListDelegatedAdministrators');
  });

  it('finds an OU by its path and an account by its email (what vend looks up), naming what is missing', async () => {
    expect(await findUnitByPath(reader(), 'Workloads/Prod')).toEqual({ rootId: 'r-ab12', unitId: 'ou-ab12-22222222' });
    expect(await findUnitByPath(reader(), 'Root')).toEqual({ rootId: 'r-ab12', unitId: 'r-ab12' });
    expect(await findUnitByPath(reader(), 'Workloads/Dev/Data')).toEqual({ rootId: 'r-ab12', missing: 'Workloads/Dev' });
    orgs.on(ListAccountsCommand).resolves({ Accounts: [{ Id: '222222222222', Name: 'prod', Email: 'P@Example.com', State: 'ACTIVE' }] });
    expect(await findAccountByEmail(reader(), 'p@example.com')).toEqual({ id: '222222222222', name: 'prod', state: 'ACTIVE' });
    expect(await findAccountByEmail(reader(), 'q@example.com')).toBeUndefined();
  });
});
