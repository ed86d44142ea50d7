/** AWS CloudFormation: service-managed StackSets, their instances, plain stacks, and the baseline's custom resource. */
import { effectiveOperationCounts, type OperationPreferences } from '../../../src/deployment/stackset-preferences.ts';
import type { Handler } from '../world.ts';
import { at } from '../world.ts';

const DOC = {
  activate:
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-activate-trusted-access.html (service-managed StackSets need ActivateOrganizationsAccess)',
  instances: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackInstances.html (the StackSet must exist)',
  // DeploymentTargets.AccountFilterType DIFFERENCE: every account of the OUs but the listed ones
  // (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html).
  custom: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-custom-resources.html (ServiceToken must name an existing function)',
  preferences:
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperationPreferences.html (FailureTolerancePercentage: the number of accounts per Region is rounded down)',
  region: '@pulumi/aws cloudformation/stackSetInstance.d.ts: "region is deprecated. Use stackSetInstanceRegion instead."',
};

const templateOf = (body: unknown) => (typeof body === 'string' ? JSON.parse(body) : (body as Record<string, any>));

export const cloudformation: Record<string, Handler> = {
  'aws:cloudformation/stackSet:StackSet': (c, { world }) => {
    if (c.inputs.permissionModel === 'SERVICE_MANAGED')
      world.require(world.has('stacksets-access'), {
        resource: c.name,
        rule: 'cloudformation:organizations-access',
        message: 'creates a service-managed StackSet before trusted access is activated through CloudFormation (ActivateOrganizationsAccess)',
        doc: DOC.activate,
      });
    world.put(`stack-set/${c.inputs.name}`, templateOf(c.inputs.templateBody));
  },
  'aws:cloudformation/stackSetInstance:StackSetInstance': (c, ctx) => {
    const stackSet = ctx.world.get<Record<string, any>>(`stack-set/${c.inputs.stackSetName}`);
    ctx.world.require(stackSet !== undefined, {
      resource: c.name,
      rule: 'cloudformation:stack-set-exists',
      message: 'instances before their StackSet',
      doc: DOC.instances,
    });
    ctx.world.require(c.inputs.region === undefined, {
      resource: c.name,
      rule: 'cloudformation:deprecated-region',
      message: 'names its Region with the deprecated region input',
      doc: DOC.region,
    });
    if (!stackSet) return;
    const region = String(c.inputs.stackSetInstanceRegion ?? c.inputs.region ?? c.place.region);
    // StackSets never deploy to the management account, even when it sits in a target OU; DIFFERENCE leaves out the listed accounts.
    const targets = (c.inputs.deploymentTargets ?? {}) as { accounts?: string[]; accountFilterType?: string };
    const left = new Set(targets.accountFilterType === 'DIFFERENCE' ? (targets.accounts ?? []) : []);
    const accounts = ctx.accountsUnder(c.dependsOn).filter((a) => a !== ctx.managementAccountId && !left.has(a));
    const preferences = (c.inputs.operationPreferences ?? {}) as OperationPreferences;
    const { failureTolerance } = effectiveOperationCounts(preferences, accounts.length);
    ctx.world.require(!(preferences.failureTolerancePercentage! > 0 && failureTolerance === 0), {
      resource: c.name,
      rule: 'cloudformation:failure-tolerance-rounds-to-zero',
      message: `${preferences.failureTolerancePercentage} % of ${accounts.length} target accounts rounds down to no tolerated failure: one failed account stops the operation in the Region`,
      doc: DOC.preferences,
    });
    for (const accountId of accounts) ctx.deployTemplate(stackSet, { accountId, region }, c.name, c.inputs.parameterOverrides ?? {});
  },
  'aws:cloudformation/stack:Stack': (c, ctx) => {
    ctx.deployTemplate(templateOf(c.inputs.templateBody), c.place, c.name, c.inputs.parameters ?? {});
  },
  'Custom::GuardrailsAccountSettings': (c, { world }) => {
    const fn = /^<(\w+)\.Arn>$/.exec(String(c.inputs.ServiceToken))?.[1];
    world.require(fn !== undefined && world.has(`function/${at(c.place)}/${fn}`), {
      resource: c.name,
      rule: 'cloudformation:custom-resource-function',
      message: 'the custom resource runs before its function exists',
      doc: DOC.custom,
    });
    // The function creates Config's service-linked role (and applies the account settings, proven by the lockout proof).
    if (c.inputs.ConfigServiceLinkedRole === 'true') world.put(`service-linked-role/${c.place.accountId}/config.amazonaws.com`);
  },
};
