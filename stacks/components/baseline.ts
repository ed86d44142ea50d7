/** guardrails:baseline:AccountBaseline — the baseline template as a service-managed StackSet, auto-deployed to the spec's OUs in every allowed region. */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { BaselineSpec } from '../../src/model/spec.ts';

export interface AccountBaselineArgs {
  template: Record<string, unknown>;
  organizationalUnitIds: pulumi.Input<string>[];
  regions: string[];
  settings: BaselineSpec;
  /** Provider of the management account in a region: StackSets never deploy there, so it gets the template as a plain stack. */
  managementProvider: (region: string) => aws.Provider | undefined;
}

export class AccountBaselineComponent extends pulumi.ComponentResource {
  constructor(name: string, args: AccountBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
    super('guardrails:baseline:AccountBaseline', name, {}, opts);
    const operationPreferences = {
      maxConcurrentPercentage: args.settings.maxConcurrentPercentage,
      failureTolerancePercentage: args.settings.failureTolerancePercentage,
      regionConcurrencyType: args.settings.regionConcurrency,
    };
    const templateBody = JSON.stringify(args.template);
    const stackSet = new aws.cloudformation.StackSet(
      'account-baseline',
      {
        name: 'guardrails-account-baseline',
        description: 'org-guardrails per-account baseline',
        permissionModel: 'SERVICE_MANAGED',
        // Accounts that join a target OU (a vended one, say) get the baseline without anyone running anything.
        autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
        capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
        managedExecution: { active: true },
        operationPreferences,
        templateBody,
      },
      { parent: this },
    );
    for (const region of args.regions) {
      new aws.cloudformation.Stack(
        `management-baseline@${region}`,
        { name: 'guardrails-account-baseline', templateBody, capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'] },
        { parent: this, provider: args.managementProvider(region) },
      );
      new aws.cloudformation.StackSetInstance(
        `account-baseline@${region}`,
        { stackSetName: stackSet.name, region, deploymentTargets: { organizationalUnitIds: args.organizationalUnitIds }, operationPreferences },
        { parent: this },
      );
    }
    this.registerOutputs({});
  }
}
