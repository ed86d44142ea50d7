/**
 * guardrails:detection:Detection — from the audit account (delegated administrator): the
 * organization Config aggregator, organization Config rules (managed, and custom ones as
 * bundled TypeScript Lambdas) in every allowed region, and GuardDuty with auto-enable.
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { LAMBDA_HANDLER, LAMBDA_RUNTIME } from '../../config-rules/bundle.ts';
import { configRulesById } from '../../config-rules/rules/index.ts';
import { CONFIG_RULES_ACTIONS, CONFIG_RULES_LAMBDA_ROLE, CONFIG_RULES_MEMBER_ROLE } from '../../src/deployment/baseline-template.ts';
import type { ConfigRuleDeployment } from '../../src/deployment/config-rules.ts';
import type { AccountProviders } from './providers.ts';

export interface DetectionArgs {
  auditAccountId: string;
  managementAccountId: string;
  homeRegion: string;
  regions: string[];
  rules: ConfigRuleDeployment[];
  /** Every account id in the spec, to exclude those a non-organization-wide rule does not target. */
  accountIds: Map<string, string>;
  providers: AccountProviders;
  bundle: (ruleId: string) => Promise<string>;
  dependsOn: pulumi.Resource[];
}

export const AGGREGATOR_NAME = 'guardrails-organization';

export class DetectionComponent extends pulumi.ComponentResource {
  constructor(name: string, args: DetectionArgs, opts?: pulumi.ComponentResourceOptions) {
    super('guardrails:detection:Detection', name, {}, opts);
    const audit = (region: string) => ({ parent: this, provider: args.providers.forAccount(args.auditAccountId, region), dependsOn: args.dependsOn });
    const home = audit(args.homeRegion);

    const aggregatorRole = new aws.iam.Role(
      'aggregator-role',
      {
        assumeRolePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
        managedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations'],
      },
      home,
    );
    new aws.cfg.ConfigurationAggregator(
      'aggregator',
      { name: AGGREGATOR_NAME, organizationAggregationSource: { allRegions: true, roleArn: aggregatorRole.arn } },
      home,
    );

    const lambdaRole = new aws.iam.Role(
      'config-rules-lambda-role',
      {
        name: CONFIG_RULES_LAMBDA_ROLE,
        assumeRolePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
        managedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      },
      home,
    );
    new aws.iam.RolePolicy(
      'config-rules-lambda-policy',
      {
        role: lambdaRole.id,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            // Member accounts are evaluated through the role the baseline StackSet puts in each of them.
            { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::*:role/${CONFIG_RULES_MEMBER_ROLE}` },
            { Effect: 'Allow', Action: CONFIG_RULES_ACTIONS, Resource: '*' },
          ],
        }),
      },
      home,
    );

    for (const region of args.regions) {
      const inRegion = audit(region);
      for (const rule of args.rules) {
        if (rule.declaration.scope === 'global' && region !== args.homeRegion) continue;
        const excludedAccounts = rule.organizationWide
          ? undefined
          : [...args.accountIds.entries()].filter(([n]) => !rule.accounts.includes(n)).map(([, id]) => id);
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
            inRegion,
          );
          continue;
        }
        const ruleModule = configRulesById.get(rule.declaration.ruleId)!;
        const fn = new aws.lambda.Function(
          `${id}-function`,
          {
            name: `${rule.name}`.slice(0, 64),
            description: rule.guardrail.title,
            runtime: LAMBDA_RUNTIME,
            handler: LAMBDA_HANDLER,
            role: lambdaRole.arn,
            timeout: ruleModule.trigger === 'periodic' ? 300 : 60,
            memorySize: 256,
            code: pulumi.output(args.bundle(ruleModule.id)).apply((code) => new pulumi.asset.AssetArchive({ 'index.js': new pulumi.asset.StringAsset(code) })),
            environment: { variables: { GUARDRAILS_MEMBER_ROLE: CONFIG_RULES_MEMBER_ROLE } },
          },
          inRegion,
        );
        // AWS Config invokes the function from every member account as a service principal: a PrincipalOrgID
        // condition would never match its call. The function acts only through the member role, which exists
        // only in this organization's accounts.
        const permission = new aws.lambda.Permission(
          `${id}-invoke`,
          { action: 'lambda:InvokeFunction', function: fn.name, principal: 'config.amazonaws.com' },
          inRegion,
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
          { ...inRegion, dependsOn: [...args.dependsOn, permission] },
        );
      }

      // GuardDuty: the audit account administers it for the organization and enables it in every account, new ones included.
      const managementInRegion = { parent: this, provider: args.providers.forAccount(args.managementAccountId, region), dependsOn: args.dependsOn };
      const admin = new aws.guardduty.OrganizationAdminAccount(`guardduty-admin@${region}`, { adminAccountId: args.auditAccountId }, managementInRegion);
      const detector = new aws.guardduty.Detector(`guardduty-detector@${region}`, { enable: true, findingPublishingFrequency: 'FIFTEEN_MINUTES' }, inRegion);
      new aws.guardduty.OrganizationConfiguration(
        `guardduty-organization@${region}`,
        { detectorId: detector.id, autoEnableOrganizationMembers: 'ALL' },
        { ...inRegion, dependsOn: [admin] },
      );
    }
    this.registerOutputs({});
  }
}
