/** guardrails:baseline:AccountBaseline — the baseline template as a service-managed StackSet, auto-deployed to the spec's OUs in every allowed region. */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { STACK_SET_NAME } from '../../src/model/names.ts';
import type { BaselineSpec } from '../../src/model/spec.ts';
import { RECORDER_PARAMETER, type RecorderMode } from '../../src/deployment/baseline-template.ts';
import { baselineOperationPreferences, type OperationPreferences } from '../../src/deployment/stackset-preferences.ts';

export interface AccountBaselineArgs {
  template: Record<string, unknown>;
  /** Deployment targets (OU or root ids) by how they get Config's recorder. */
  targets: {
    mode: RecorderMode;
    organizationalUnitIds: pulumi.Input<string>[];
    excludedAccountIds: (region: string) => string[];
    /** Member accounts the spec places under them. */
    accounts: number;
  }[];
  /** Whether the spec excludes the management account from the baseline in a region (baseline.exclude). */
  managementExcluded: (region: string) => boolean;
  /** The management account's own mode (the spec's global setting). */
  managementMode: RecorderMode;
  regions: string[];
  settings: BaselineSpec;
  /** Provider of the management account in a region: StackSets never deploy there, so it gets the template as a plain stack. */
  managementProvider: (region: string) => aws.Provider | undefined;
  /** What the StackSet needs first: StackSets' trusted access, the Config bucket policy, roles the template names. */
  dependsOn: pulumi.Resource[];
}

export class AccountBaselineComponent extends pulumi.ComponentResource {
  /** Every deployment of the template (StackSet instances, management account stacks): what has a recorder once done. */
  readonly instances: pulumi.Resource[] = [];

  constructor(name: string, args: AccountBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
    super('guardrails:baseline:AccountBaseline', name, {}, opts);
    // Counts, not percentages: CloudFormation rounds a percentage down, to no tolerated failure in a small OU.
    const operationPreferences = (accounts: number) => baselineOperationPreferences(args.settings, accounts);
    const templateBody = JSON.stringify(args.template);
    const stackSet = new aws.cloudformation.StackSet(
      'account-baseline',
      {
        name: STACK_SET_NAME,
        description: 'org-guardrails per-account baseline',
        permissionModel: 'SERVICE_MANAGED',
        // Accounts that join a target OU (a vended one, say) get the baseline without anyone running anything.
        autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
        capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
        managedExecution: { active: true },
        // The StackSet resource has no concurrencyMode (STRICT_FAILURE_TOLERANCE applies to its updates).
        operationPreferences: stackSetPreferences(operationPreferences(args.targets.reduce((n, t) => n + t.accounts, 0))),
        templateBody,
      },
      { parent: this, dependsOn: args.dependsOn },
    );
    for (const region of args.regions) {
      if (!args.managementExcluded(region))
        this.instances.push(
          new aws.cloudformation.Stack(
            `management-baseline@${region}`,
            {
              name: STACK_SET_NAME,
              templateBody,
              capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
              parameters: { [RECORDER_PARAMETER]: args.managementMode },
            },
            { parent: this, provider: args.managementProvider(region), dependsOn: args.dependsOn },
          ),
        );
      this.instances.push(
        ...args.targets
          .filter((t) => t.organizationalUnitIds.length)
          .map(
            (t) =>
              new aws.cloudformation.StackSetInstance(
                `account-baseline${t.mode === 'create' ? '' : '-existing-recorder'}@${region}`,
                {
                  stackSetName: stackSet.name,
                  stackSetInstanceRegion: region,
                  deploymentTargets: {
                    organizationalUnitIds: t.organizationalUnitIds,
                    // Excluded accounts: DIFFERENCE deploys to every account of the OUs but these (CloudFormation API
                    // Reference, DeploymentTargets.AccountFilterType: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html).
                    ...(t.excludedAccountIds(region).length ? { accounts: t.excludedAccountIds(region), accountFilterType: 'DIFFERENCE' } : {}),
                  },
                  parameterOverrides: { [RECORDER_PARAMETER]: t.mode },
                  operationPreferences: operationPreferences(t.accounts - t.excludedAccountIds(region).length),
                },
                {
                  parent: this,
                  // The provider sends a changed operationPreferences as UpdateStackInstances naming the OU id as an
                  // account, which CloudFormation refuses (terraform-provider-aws #40675); the preferences only shape the
                  // creation, and the counts move with every account added: keep the first ones.
                  ignoreChanges: ['operationPreferences'],
                  // deploymentTargets forces a replacement, whose delete (DeleteStackInstances for the same OUs and Region)
                  // would remove the baseline from every account there, the new instance's included (CloudFormation API
                  // Reference, DeploymentTargets: "For create and delete operations, specify OrganizationalUnitIds").
                  // Protected, such a change fails instead; README "Changing baseline.exclude" says what to do.
                  protect: true,
                },
              ),
          ),
      );
    }
    this.registerOutputs({});
  }
}

const stackSetPreferences = ({ concurrencyMode: _, ...rest }: OperationPreferences) => rest;
