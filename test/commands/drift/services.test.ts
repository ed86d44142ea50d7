import { CloudFormationClient, ListStackInstancesCommand, type StackInstanceSummary } from '@aws-sdk/client-cloudformation';
import { ConfigServiceClient, DescribeOrganizationConfigRulesCommand, GetOrganizationConfigRuleDetailedStatusCommand } from '@aws-sdk/client-config-service';
import { GuardDutyClient, ListDetectorsCommand, ListMembersCommand } from '@aws-sdk/client-guardduty';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { detectDrift, type LiveState } from '../../../src/commands/drift/drift.ts';
import { readServices, type ServiceClients } from '../../../src/commands/drift/services.ts';
import { baselineStackSetName, STACK_SET_NAME as BASELINE_STACKSET_NAME } from '../../../src/model/names.ts';
import { configRuleDeployments } from '../../../src/deployment/config-rules.ts';
import { previewDeployment } from '../../../stacks/preview.ts';
import { analyze, exampleText } from '../../helpers.ts';
import { deployedOrganization } from '../../aws/deployed-organization.ts';

const config = mockClient(ConfigServiceClient);
const guardDuty = mockClient(GuardDutyClient);
const cloudFormation = mockClient(CloudFormationClient);

const assumed: string[] = [];
const clients: ServiceClients = {
  credentialsFor: async (account, role) => {
    assumed.push(`${account}/${role}`);
    return { accessKeyId: 'AKID', secretAccessKey: 'secret' };
  },
  config: (region) => new ConfigServiceClient({ region }),
  guardDuty: (region) => new GuardDutyClient({ region }),
  cloudFormation: (region) => new CloudFormationClient({ region }),
};

async function exampleDrift(text = exampleText()) {
  const analysis = await analyze(text);
  const org = deployedOrganization(analysis);
  const rules = configRuleDeployments(analysis.loaded).map((r) => r.name);
  const services = await readServices(clients, {
    auditAccountId: '333333333333',
    accessRole: 'OrganizationAccountAccessRole',
    homeRegion: 'us-east-1',
    regions: analysis.loaded.spec.organization.allowedRegions,
    configRules: rules,
  });
  const live: LiveState = {
    structure: {
      id: org.id,
      managementAccountId: org.managementAccountId,
      root: { id: org.rootId, policyTypes: [{ type: 'SERVICE_CONTROL_POLICY', status: 'ENABLED' }] },
      units: [],
      accounts: org.accounts.map((a) => ({ ...a, parentId: a.parentId })),
    },
    tagsRead: true,
    policies: { ok: true, value: [] },
    trustedServices: { ok: true, value: [] },
    delegatedAdministrators: { ok: true, value: [] },
    ...services,
  };
  // Only the services' findings matter here: build the organization part from the deployed stand-in.
  const { drift, unchecked } = detectDrift(analysis, live);
  return { rules, services, drift: drift.filter((d) => /^(config|baseline|guardduty)/.test(d.kind)), unchecked };
}

/** ListStackInstances as CloudFormation answers it: only the instances of the Region asked for; the existing-recorder StackSet was never created. */
function stackInstances(summaries: StackInstanceSummary[]) {
  cloudFormation.on(ListStackInstancesCommand).callsFake((input: { StackSetName: string; StackInstanceRegion?: string }) => {
    if (input.StackSetName !== BASELINE_STACKSET_NAME)
      throw Object.assign(new Error(`StackSet ${input.StackSetName} not found`), { name: 'StackSetNotFoundException' });
    return { Summaries: summaries.filter((s) => !input.StackInstanceRegion || s.Region === input.StackInstanceRegion) };
  });
}

describe('drift beyond Organizations', () => {
  beforeEach(() => {
    config.reset();
    guardDuty.reset();
    cloudFormation.reset();
    assumed.length = 0;
  });

  it('finds organization Config rules missing or failing in accounts, outdated or failed baseline instances, and GuardDuty members not enabled', async () => {
    const analysis = await analyze(exampleText());
    const rules = configRuleDeployments(analysis.loaded).map((r) => r.name);
    config
      .on(DescribeOrganizationConfigRulesCommand)
      .resolves({ OrganizationConfigRules: rules.slice(1).map((name) => ({ OrganizationConfigRuleName: name, OrganizationConfigRuleArn: `arn:${name}` })) });
    config.on(GetOrganizationConfigRuleDetailedStatusCommand).resolves({ OrganizationConfigRuleDetailedStatus: [] });
    config.on(GetOrganizationConfigRuleDetailedStatusCommand, { OrganizationConfigRuleName: rules[1] }).resolves({
      OrganizationConfigRuleDetailedStatus: [
        { ConfigRuleName: 'r', AccountId: '555555555555', MemberAccountRuleStatus: 'CREATE_FAILED', ErrorCode: 'NoAvailableConfigurationRecorder' },
        { ConfigRuleName: 'r', AccountId: '666666666666', MemberAccountRuleStatus: 'CREATE_SUCCESSFUL' },
      ],
    });
    stackInstances([
      {
        StackSetId: BASELINE_STACKSET_NAME,
        Account: '555555555555',
        Region: 'us-east-1',
        Status: 'CURRENT',
        StackInstanceStatus: { DetailedStatus: 'SUCCEEDED' },
      },
      {
        StackSetId: BASELINE_STACKSET_NAME,
        Account: '666666666666',
        Region: 'us-east-1',
        Status: 'OUTDATED',
        StackInstanceStatus: { DetailedStatus: 'CANCELLED' },
      },
      {
        StackSetId: BASELINE_STACKSET_NAME,
        Account: '777777777777',
        Region: 'eu-west-1',
        Status: 'INOPERABLE',
        StackInstanceStatus: { DetailedStatus: 'FAILED' },
        StatusReason: 'Role missing',
      },
    ]);
    guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: ['d-1'] });
    guardDuty.on(ListMembersCommand).resolves({
      Members: [{ AccountId: '555555555555', RelationshipStatus: 'Enabled', Email: 'x@example.com', MasterId: '333333333333', UpdatedAt: 'now' }],
    });

    const { drift } = await exampleDrift();
    expect(assumed).toEqual(['333333333333/OrganizationAccountAccessRole']);
    const kinds = drift.map((d) => `${d.kind} ${d.target}`);
    expect(kinds).toContain(`config-rule-missing ${rules[0]}@us-east-1`);
    expect(drift.find((d) => d.kind === 'config-rule-failing' && d.target === `${rules[1]}@us-east-1`)).toMatchObject({ actual: 'failed in prod-app' });
    expect(kinds).toContain('baseline-outdated dev-app@us-east-1');
    // The audit account administers GuardDuty; every other account must be an enabled member, in every region.
    expect(kinds).not.toContain('guardduty-member-not-enabled prod-app@us-east-1');
    expect(kinds).not.toContain('guardduty-member-not-enabled audit@us-east-1');
    expect(drift.find((d) => d.target === 'dev-app@eu-west-1' && d.kind === 'guardduty-member-not-enabled')).toMatchObject({ actual: 'not a member' });
    expect(drift.find((d) => d.kind === 'baseline-failed')).toMatchObject({ target: 'sandbox-alice@eu-west-1', actual: 'INOPERABLE/FAILED: Role missing' });
    // Each mode's StackSet, every Region in one listing (an instance in a Region no longer allowed is drift too).
    expect(cloudFormation.commandCalls(ListStackInstancesCommand).map((c) => c.args[0].input)).toEqual(
      (['create', 'existing'] as const).map((mode) => ({ StackSetName: baselineStackSetName(mode), CallAs: 'SELF', MaxResults: 100 })),
    );
  });

  it('keeps checking the rest when one service denies, and says why', async () => {
    config
      .on(DescribeOrganizationConfigRulesCommand)
      .rejects(Object.assign(new Error('User is not authorized to perform config:DescribeOrganizationConfigRules'), { name: 'AccessDeniedException' }));
    cloudFormation
      .on(ListStackInstancesCommand)
      .rejects(Object.assign(new Error('StackSet guardrails-account-baseline not found'), { name: 'StackSetNotFoundException' }));
    guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    const { drift, unchecked } = await exampleDrift();
    expect(unchecked).toContainEqual({
      what: 'organization Config rules',
      why: expect.stringMatching(
        /^access denied reading organization Config rules: .* \(the caller needs config:DescribeOrganizationConfigRules, config:GetOrganizationConfigRuleDetailedStatus\)$/,
      ),
    });
    expect(drift.map((d) => d.kind)).toContain('baseline-missing');
  });

  it('reads the StackSets the Pulumi program creates', async () => {
    const analysis = await analyze(exampleText());
    const resources = await previewDeployment(analysis, { bundle: async (id) => `/* ${id} */` });
    const stackSets = resources.filter((r) => r.type === 'aws:cloudformation/stackSet:StackSet');
    expect(stackSets.map((r) => r.inputs.name)).toContain(BASELINE_STACKSET_NAME);
    for (const r of stackSets) expect([baselineStackSetName('create'), baselineStackSetName('existing')]).toContain(r.inputs.name);
  });
});
