/**
 * guardrails:detection:Detection — from the audit account (delegated administrator): the
 * organization Config aggregator, organization Config rules (managed, and custom ones as
 * bundled TypeScript Lambdas) in every allowed region, and GuardDuty with auto-enable.
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { LAMBDA_HANDLER, LAMBDA_RUNTIME } from '../../config-rules/bundle.ts';
import { configRulesById } from '../../config-rules/rules/index.ts';
import { CONFIG_RULES_ACTIONS } from '../../src/deployment/baseline-template.ts';
import { CONFIG_SERVICE_PRINCIPAL, configInvokePermissions, configInvokeSid } from '../../src/deployment/lambda-policy.ts';
import {
  AGGREGATOR_NAME,
  CONFIG_AGGREGATOR_ROLE,
  CONFIG_RULES_LAMBDA_ROLE,
  CONFIG_RULES_MEMBER_ROLE,
  configRuleFunctionName,
  roleArn,
  type DeploymentNames,
} from '../../src/model/names.ts';
import type { ConfigRuleDeployment } from '../../src/deployment/config-rules.ts';
import type { AccountProviders } from './providers.ts';
import { serviceRole } from './service-role.ts';

/**
 * The custom rules' Lambda role in the audit account. Created before the baseline, whose member
 * role trusts it by ARN (IAM refuses a trust policy naming a principal that does not exist). It
 * may assume the member role only in accounts of this organization (aws:ResourceOrgID), so an
 * event from a foreign account cannot make it act anywhere.
 */
export function configRulesLambdaRole(args: { names: DeploymentNames; provider?: aws.Provider; parent: pulumi.Resource }): aws.iam.Role {
  const { names } = args;
  const o = { parent: args.parent, provider: args.provider };
  const role = serviceRole(
    'config-rules-lambda-role',
    {
      name: CONFIG_RULES_LAMBDA_ROLE,
      service: 'lambda.amazonaws.com',
      managedPolicies: ['service-role/AWSLambdaBasicExecutionRole'],
      partition: names.partition,
    },
    o,
  );
  new aws.iam.RolePolicy(
    'config-rules-lambda-policy',
    {
      role: role.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          // Member accounts are evaluated through the role the baseline StackSet puts in each of them.
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Resource: roleArn(names.partition, '*', CONFIG_RULES_MEMBER_ROLE),
            Condition: { StringEquals: { 'aws:ResourceOrgID': names.organizationId } },
          },
          { Effect: 'Allow', Action: CONFIG_RULES_ACTIONS, Resource: '*' },
        ],
      }),
    },
    o,
  );
  return role;
}

export interface DetectionArgs {
  names: DeploymentNames;
  regions: string[];
  rules: ConfigRuleDeployment[];
  /** Every account id in the spec, to exclude those a non-organization-wide rule does not target. */
  accountIds: Map<string, string>;
  providers: AccountProviders;
  bundle: (ruleId: string) => Promise<string>;
  lambdaRole: aws.iam.Role;
  /** Delegated administration and trusted access the audit account's organization-wide resources need. */
  delegations: pulumi.Resource[];
  /** The baseline's recorders: organization Config rules fail in accounts without one. */
  recorders: pulumi.Resource[];
  /** Account ids the baseline skips per region (baseline.exclude): organization Config rules exclude them there. */
  excludedByRegion: Map<string, string[]>;
  /** The audit account is already GuardDuty's delegated administrator: adopt it (import id: the account id). */
  guardDutyAdminExists: boolean;
}

export class DetectionComponent extends pulumi.ComponentResource {
  constructor(name: string, args: DetectionArgs, opts?: pulumi.ComponentResourceOptions) {
    super('guardrails:detection:Detection', name, {}, opts);
    const { names } = args;
    const audit = (region: string) => ({ parent: this, provider: args.providers.forAccount(names.auditAccountId, region), dependsOn: args.delegations });
    const home = audit(names.homeRegion);

    const aggregatorRole = serviceRole(
      'aggregator-role',
      {
        name: CONFIG_AGGREGATOR_ROLE,
        service: 'config.amazonaws.com',
        managedPolicies: ['service-role/AWSConfigRoleForOrganizations'],
        partition: names.partition,
      },
      home,
    );
    new aws.cfg.ConfigurationAggregator(
      'aggregator',
      { name: AGGREGATOR_NAME, organizationAggregationSource: { allRegions: true, roleArn: aggregatorRole.arn } },
      home,
    );
    const lambdaRole = args.lambdaRole;

    for (const region of args.regions) {
      const inRegion = audit(region);
      for (const rule of args.rules) {
        if (rule.declaration.scope === 'global' && region !== names.homeRegion) continue;
        const notTargeted = rule.organizationWide ? [] : [...args.accountIds.entries()].filter(([n]) => !rule.accounts.includes(n)).map(([, id]) => id);
        const excluded = [...new Set([...notTargeted, ...(args.excludedByRegion.get(region) ?? [])])];
        const excludedAccounts = excluded.length ? excluded : undefined;
        const inputParameters = Object.keys(rule.inputParameters).length ? JSON.stringify(rule.inputParameters) : undefined;
        const id = `${rule.name}@${region}`;
        if (rule.declaration.kind === 'managed') {
          new aws.cfg.OrganizationManagedRule(
            id,
            {
              name: rule.name,
              ruleIdentifier: rule.declaration.identifier,
              description: rule.guardrail.title,
              inputParameters,
              excludedAccounts,
              maximumExecutionFrequency: rule.declaration.maximumExecutionFrequency,
            },
            { ...inRegion, dependsOn: [...args.delegations, ...args.recorders] },
          );
          continue;
        }
        const ruleModule = configRulesById.get(rule.declaration.ruleId)!;
        const fn = new aws.lambda.Function(
          `${id}-function`,
          {
            name: configRuleFunctionName(rule.name),
            description: rule.guardrail.title,
            runtime: LAMBDA_RUNTIME,
            handler: LAMBDA_HANDLER,
            role: lambdaRole.arn,
            timeout: ruleModule.trigger === 'periodic' ? 300 : 60,
            memorySize: 256,
            code: pulumi.output(args.bundle(ruleModule.id)).apply((code) => new pulumi.asset.AssetArchive({ 'index.js': new pulumi.asset.StringAsset(code) })),
            environment: { variables: { GUARDRAILS_MEMBER_ROLE: CONFIG_RULES_MEMBER_ROLE, GUARDRAILS_ORGANIZATION_ID: names.organizationId } },
          },
          inRegion,
        );
        // AWS Config invokes the function as a service principal from each account the rule reaches: one permission
        // per account with its sourceAccount, or, past Lambda's policy quota, one for the service (lambda-policy.ts).
        const functionArn = `arn:${names.partition}:lambda:${region}:${names.auditAccountId}:function:${configRuleFunctionName(rule.name)}`;
        const reached = [...args.accountIds.entries()].filter(([n]) => rule.organizationWide || rule.accounts.includes(n)).map(([, a]) => a);
        const invoke = configInvokePermissions(functionArn, reached);
        const permissions = (invoke.scoped ? invoke.sourceAccounts : [undefined]).map(
          (sourceAccount) =>
            new aws.lambda.Permission(
              `${id}-invoke${sourceAccount ? `@${sourceAccount}` : ''}`,
              {
                statementId: configInvokeSid(sourceAccount),
                action: 'lambda:InvokeFunction',
                function: fn.name,
                principal: CONFIG_SERVICE_PRINCIPAL,
                sourceAccount,
              },
              inRegion,
            ),
        );
        new aws.cfg.OrganizationCustomRule(
          id,
          {
            name: rule.name,
            description: rule.guardrail.title,
            lambdaFunctionArn: fn.arn,
            inputParameters,
            excludedAccounts,
            ...(ruleModule.trigger === 'periodic'
              ? { triggerTypes: ['ScheduledNotification'], maximumExecutionFrequency: 'TwentyFour_Hours' }
              : {
                  triggerTypes: ['ConfigurationItemChangeNotification', 'OversizedConfigurationItemChangeNotification'],
                  resourceTypesScopes: ruleModule.resourceTypes,
                }),
          },
          { ...inRegion, dependsOn: [...args.delegations, ...args.recorders, ...permissions] },
        );
      }

      // GuardDuty: the audit account administers it for the organization and enables it in every account, new ones included.
      // Designating the administrator enables a detector there (GuardDuty User Guide, "Designating a delegated
      // GuardDuty administrator account"), and an existing one stays: the detector is read, never created.
      const managementInRegion = { parent: this, provider: args.providers.forAccount(names.managementAccountId, region), dependsOn: args.delegations };
      const admin = new aws.guardduty.OrganizationAdminAccount(
        `guardduty-admin@${region}`,
        { adminAccountId: names.auditAccountId },
        args.guardDutyAdminExists ? { ...managementInRegion, import: names.auditAccountId, retainOnDelete: true } : managementInRegion,
      );
      const detector = aws.guardduty.getDetectorOutput({}, { parent: this, provider: inRegion.provider, dependsOn: [admin] });
      new aws.guardduty.OrganizationConfiguration(
        `guardduty-organization@${region}`,
        { detectorId: detector.id, autoEnableOrganizationMembers: 'ALL' },
        { ...inRegion, dependsOn: [admin] },
      );
    }
    this.registerOutputs({});
  }
}
