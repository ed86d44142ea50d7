/** guardrails:baseline:AccountBaseline — the baseline template as service-managed StackSets (one per Config recorder mode), auto-deployed to the spec's OUs in every allowed region. */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { baselineStackSetName, STACK_SET_NAME } from '../../src/model/names.ts';
import type { BaselineSpec } from '../../src/model/spec.ts';
import { RECORDER_PARAMETER, type RecorderMode } from '../../src/deployment/baseline-template.ts';
import { baselineOperationPreferences, type OperationPreferences } from '../../src/deployment/stackset-preferences.ts';

export interface AccountBaselineArgs {
  template: Record<string, unknown>;
  /** Deployment targets: each top-level OU (or the root), with how its accounts get Config's recorder. */
  targets: {
    /** The spec's path of the OU (or "Root"): what the instance's Pulumi name is made of, so it never changes with the OU's id. */
    unit: string;
    mode: RecorderMode;
    organizationalUnitId: pulumi.Input<string>;
    excludedAccountIds: (region: string) => string[];
    /** Member accounts the spec places under it. */
    accounts: number;
    /** The moves of accounts into it (Account resources, whose parentId change is MoveAccount): the instance is created after them. */
    accountMoves: pulumi.Resource[];
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
    // One StackSet per Config recorder mode the targets use, whose own parameter value is that mode: an account that
    // joins a target OU later (vended, moved) is deployed by automatic deployment with "the StackSet default values and
    // not the overridden values" (AWS CloudFormation User Guide, "Enable or disable automatic deployments for StackSets in
    // AWS Organizations", https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html).
    const modes = [...new Set(args.targets.map((t) => t.mode))].sort();
    const stackSets = new Map(
      modes.map((mode) => [
        mode,
        new aws.cloudformation.StackSet(
          mode === 'create' ? 'account-baseline' : 'account-baseline-existing-recorder',
          {
            name: baselineStackSetName(mode),
            description: `org-guardrails per-account baseline (Config recorder: ${mode})`,
            permissionModel: 'SERVICE_MANAGED',
            // Accounts that join a target OU (a vended one, say) get the baseline without anyone running anything, with this
            // StackSet's parameters; the same page: "Automatic deployments do not consider account level targeting filters",
            // so an account baseline.exclude keeps out gets the baseline when it joins (or moves back into) a target OU.
            autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
            parameters: { [RECORDER_PARAMETER]: mode },
            capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
            // Instances (one per OU and Region) are created concurrently: managed execution queues the conflicting operations
            // instead of refusing them with OperationInProgressException (CloudFormation API Reference, ManagedExecution:
            // https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ManagedExecution.html), and the provider
            // waits through QUEUED (terraform-provider-aws internal/service/cloudformation/wait.go, waitStackSetOperationSucceeded).
            managedExecution: { active: true },
            // The StackSet resource has no concurrencyMode (STRICT_FAILURE_TOLERANCE applies to its updates).
            operationPreferences: stackSetPreferences(operationPreferences(args.targets.filter((t) => t.mode === mode).reduce((n, t) => n + t.accounts, 0))),
            templateBody,
          },
          { parent: this, dependsOn: args.dependsOn, customTimeouts: STACK_SET_TIMEOUTS },
        ),
      ]),
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
      for (const t of args.targets) {
        const excludedAccountIds = t.excludedAccountIds(region);
        this.instances.push(
          new aws.cloudformation.StackSetInstance(
            baselineInstanceName(t.unit, region),
            {
              stackSetName: stackSets.get(t.mode)!.name,
              stackSetInstanceRegion: region,
              deploymentTargets: {
                organizationalUnitIds: [t.organizationalUnitId],
                // Excluded accounts: DIFFERENCE deploys to every account of the OU but these (CloudFormation API
                // Reference, DeploymentTargets.AccountFilterType: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html).
                ...(excludedAccountIds.length ? { accounts: excludedAccountIds, accountFilterType: 'DIFFERENCE' } : {}),
              },
              // The StackSet's own value, repeated: harmless, and an instance never depends on the StackSet's parameters being updated first.
              parameterOverrides: { [RECORDER_PARAMETER]: t.mode },
              operationPreferences: operationPreferences(t.accounts - excludedAccountIds.length),
            },
            {
              parent: this,
              // An account the spec moves into this OU (or under the root) is moved first: created before the move, the
              // instance's CreateStackInstances would skip the account while its old OU's stack still stands, and the move's
              // automatic deployment then deletes that stack (retainStacksOnAccountRemoval false) and leaves it without one.
              dependsOn: t.accountMoves,
              customTimeouts: STACK_SET_TIMEOUTS,
              // The provider sends a changed operationPreferences as UpdateStackInstances naming the OU id as an
              // account, which CloudFormation refuses (terraform-provider-aws #40675); the preferences only shape the
              // creation, and the counts move with every account added: keep the first ones.
              ignoreChanges: ['operationPreferences'],
              // One instance per OU and Region: a new top-level OU is a new instance, a removed one this instance's delete.
              // deploymentTargets and Region force a replacement (terraform-provider-aws stack_set_instance.go: ForceNew),
              // and the provider's delete is DeleteStackInstances for the state's targets in the Region
              // (resourceStackSetInstanceDelete), run after the new instance is created: a changed baseline.exclude would
              // remove the baseline from every account of the OU. Retained (Pulumi retainOnDelete: Delete is not called
              // "when deleting or replacing"), the old instance leaves the state with its stacks kept, and the replacement's
              // CreateStackInstances adds the accounts no longer excluded, skipping those that have an instance already.
              // That skip is an ASSUMPTION, not in the API reference (terraform-provider-aws stack_instances.go relies on it;
              // getmoto/moto#10171 models it). README (guardrails:baseline:AccountBaseline) says how to remove the stack of
              // an account excluded later; stacks/rehearsal/transition.ts proves no exclusion or OU change removes a stack.
              // aws.cloudformation.StackInstances would update targets in place, but its update deletes an account dropped
              // from a DIFFERENCE list with that filter: every other account's stack (stack_instances.go, resourceStackInstancesUpdate).
              retainOnDelete: true,
            },
          ),
        );
      }
    }
    this.registerOutputs({});
  }
}

/**
 * How long the provider waits for a StackSet operation. Operations queue behind each other (CloudFormation API Reference,
 * ManagedExecution: "If there are already running or queued operations, StackSets queues all incoming operations even if
 * they are non-conflicting"), and the first deployment queues one create per OU and Region: the provider's default of
 * 30 minutes per resource would time out while the operation is still QUEUED.
 */
export const STACK_SET_TIMEOUTS = { create: '4h', update: '4h', delete: '4h' };

/** The Pulumi name of a baseline StackSet instance: the spec's OU path (or "Root") and the Region, stable across OU ids and other OUs. */
export const baselineInstanceName = (unit: string, region: string) => `account-baseline:${unit}@${region}`;

const stackSetPreferences = ({ concurrencyMode: _, ...rest }: OperationPreferences) => rest;
