/** AWS CloudFormation: service-managed StackSets, their instances, plain stacks, and the baseline's custom resource. */
import { effectiveOperationCounts, type OperationPreferences } from '../../../src/deployment/stackset-preferences.ts';
import type { Handler } from '../world.ts';
import { at } from '../world.ts';

const DOC = {
  activate:
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-activate-trusted-access.html (service-managed StackSets need ActivateOrganizationsAccess)',
  instances: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackInstances.html (the StackSet must exist)',
  targets:
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html ("When performing create operations, if you specify both OrganizationalUnitIds and Accounts, you must also specify the AccountFilterType"; "UNION is not supported for CreateStackInstances operations")',
  custom: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-custom-resources.html (ServiceToken must name an existing function)',
  preferences:
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperationPreferences.html (FailureTolerancePercentage: the number of accounts per Region is rounded down)',
  autoDeployment:
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html ("Accounts added to the target OUs ... will use the StackSet default values and not the overridden values"; "Automatic deployments do not consider account level targeting filters")',
  region: '@pulumi/aws cloudformation/stackSetInstance.d.ts: "region is deprecated. Use stackSetInstanceRegion instead."',
};

export interface DeploymentTargets {
  organizationalUnitIds?: string[];
  accounts?: string[];
  accountFilterType?: string;
}

/**
 * The accounts a create or delete operation with these DeploymentTargets acts on, given the accounts of its OUs
 * (CloudFormation API Reference, DeploymentTargets.AccountFilterType,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html): INTERSECTION, only
 * the listed accounts that belong to the OUs; DIFFERENCE, every account of the OUs but the listed ones; UNION, the
 * OUs plus the listed accounts; NONE (or none given), every account of the OUs. StackSets never deploy to the
 * management account, "even if the organization management account is in your organization or in an OU". The
 * provider sends a StackSetInstance's delete with the same DeploymentTargets as its create
 * (terraform-provider-aws stack_set_instance.go, resourceStackSetInstanceDelete), so this is also what its delete removes.
 */
export function targetedAccounts(targets: DeploymentTargets, accountsOfUnits: string[], managementAccountId: string): string[] {
  const listed = new Set(targets.accounts ?? []);
  const selected =
    targets.accountFilterType === 'INTERSECTION'
      ? accountsOfUnits.filter((a) => listed.has(a))
      : targets.accountFilterType === 'DIFFERENCE'
        ? accountsOfUnits.filter((a) => !listed.has(a))
        : targets.accountFilterType === 'UNION'
          ? [...new Set([...accountsOfUnits, ...listed])]
          : accountsOfUnits;
  return selected.filter((a) => a !== managementAccountId);
}

const templateOf = (body: unknown) => (typeof body === 'string' ? JSON.parse(body) : (body as Record<string, any>));

/** A StackSet as the rehearsal keeps it: its template, its own parameter values, whether it deploys automatically. */
interface StackSetModel {
  template: Record<string, any>;
  parameters: Record<string, string>;
  autoDeployment: boolean;
}

/**
 * The parameters automatic deployment gives an account that joins a target OU: the StackSet's own values, else the
 * template's defaults — never an instance's overrides (AWS CloudFormation User Guide, "Enable or disable automatic
 * deployments for StackSets in AWS Organizations").
 */
export function autoDeployedParameters(stackSet: StackSetModel): Record<string, string> {
  const defaults = Object.entries((stackSet.template.Parameters ?? {}) as Record<string, { Default?: unknown }>).filter(([, p]) => p.Default !== undefined);
  return { ...Object.fromEntries(defaults.map(([k, p]) => [k, String(p.Default)])), ...stackSet.parameters };
}

export const cloudformation: Record<string, Handler> = {
  'aws:cloudformation/stackSet:StackSet': (c, { world }) => {
    if (c.inputs.permissionModel === 'SERVICE_MANAGED')
      world.require(world.has('stacksets-access'), {
        resource: c.name,
        rule: 'cloudformation:organizations-access',
        message: 'creates a service-managed StackSet before trusted access is activated through CloudFormation (ActivateOrganizationsAccess)',
        doc: DOC.activate,
      });
    world.put(`stack-set/${c.inputs.name}`, {
      template: templateOf(c.inputs.templateBody),
      parameters: (c.inputs.parameters ?? {}) as Record<string, string>,
      autoDeployment: (c.inputs.autoDeployment as { enabled?: boolean } | undefined)?.enabled === true,
    } satisfies StackSetModel);
  },
  'aws:cloudformation/stackSetInstance:StackSetInstance': (c, ctx) => {
    const stackSet = ctx.world.get<StackSetModel>(`stack-set/${c.inputs.stackSetName}`);
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
    const targets = (c.inputs.deploymentTargets ?? {}) as DeploymentTargets;
    const filter = targets.accountFilterType ?? 'NONE';
    ctx.world.require(!(targets.accounts?.length && targets.organizationalUnitIds?.length && (filter === 'NONE' || filter === 'UNION')), {
      resource: c.name,
      rule: 'cloudformation:create-account-filter',
      message: `creates instances for OUs and accounts with AccountFilterType ${filter}: CreateStackInstances needs INTERSECTION or DIFFERENCE`,
      doc: DOC.targets,
    });
    const accounts = targetedAccounts(targets, ctx.accountsUnder(c.dependsOn), ctx.managementAccountId);
    const preferences = (c.inputs.operationPreferences ?? {}) as OperationPreferences;
    const { failureTolerance } = effectiveOperationCounts(preferences, accounts.length);
    ctx.world.require(!(preferences.failureTolerancePercentage! > 0 && failureTolerance === 0), {
      resource: c.name,
      rule: 'cloudformation:failure-tolerance-rounds-to-zero',
      message: `${preferences.failureTolerancePercentage} % of ${accounts.length} target accounts rounds down to no tolerated failure: one failed account stops the operation in the Region`,
      doc: DOC.preferences,
    });
    const overrides = (c.inputs.parameterOverrides ?? {}) as Record<string, string>;
    if (stackSet.autoDeployment) {
      const joining = autoDeployedParameters(stackSet);
      const differing = Object.entries(overrides).filter(([k, v]) => joining[k] !== v);
      ctx.world.require(differing.length === 0, {
        resource: c.name,
        rule: 'cloudformation:auto-deployment-uses-stackset-values',
        message: `overrides ${differing.map(([k, v]) => `${k}=${v}`).join(', ')}, but an account that joins its targets later is deployed automatically with the StackSet's ${differing.map(([k]) => `${k}=${joining[k]}`).join(', ')}`,
        doc: DOC.autoDeployment,
      });
      if (filter === 'DIFFERENCE' && targets.accounts?.length)
        ctx.world.notes.push({
          resource: c.name,
          rule: 'cloudformation:auto-deployment-ignores-account-filter',
          message: `${targets.accounts.map(ctx.accountName).join(', ')} (${region}) is kept out of the baseline at creation only: automatic deployment ignores account filters, so moved out of its OU and back (or into another target OU) it gets the baseline there`,
          doc: DOC.autoDeployment,
          at: ctx.specAt(['baseline', 'exclude']),
        });
    }
    for (const accountId of accounts) ctx.deployTemplate(stackSet.template, { accountId, region }, c.name, { ...stackSet.parameters, ...overrides });
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
