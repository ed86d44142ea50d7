/**
 * The per-account baseline, as one CloudFormation template that a service-managed StackSet
 * deploys to every account of the spec's OUs in every allowed region (and to accounts that
 * join those OUs later, by auto-deployment). Generated from the spec; tested as data.
 */
import { catalogById } from '../../guardrails/catalog/index.ts';
import type { AccountBaselineSettings } from '../../guardrails/guardrail.ts';
import type { GuardrailSpec } from '../model/spec.ts';
import { ROOT, type OrganizationIndex } from '../model/organization.ts';
import { isCatalogUse } from '../model/spec.ts';
import { BASELINE_ROLE_PREFIX, CONFIG_RECORDER_NAME, CONFIG_RULES_LAMBDA_ROLE, CONFIG_RULES_MEMBER_ROLE, partitionOf, roleArn } from '../model/names.ts';
import { ACCOUNT_SETTINGS_FUNCTION } from './account-settings-function.ts';

/**
 * What a rule function does as its own role in the audit account, where it runs: the handler assumes the member role
 * (config-rules/framework/handler.ts), and Lambda writes the function's logs with the role's permissions, which
 * AWSLambdaBasicExecutionRole grants (AWS Managed Policy Reference: logs:CreateLogGroup, CreateLogStream, PutLogEvents).
 */
export const CONFIG_RULES_FUNCTION_ACTIONS = ['sts:AssumeRole', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'];

/** What the custom rules read and report, in the account they evaluate. */
export const CONFIG_RULES_ACTIONS = [
  'config:PutEvaluations',
  'config:GetResourceConfigHistory',
  'iam:GenerateCredentialReport',
  'iam:GetCredentialReport',
  'kms:ListKeys',
  'kms:DescribeKey',
  'kms:GetKeyRotationStatus',
  'kms:GetKeyPolicy',
  'kms:ListResourceTags',
  'iam:ListUserTags',
  // Config's resource id of an IAM user is its user id, which the credential report lacks.
  'iam:ListUsers',
  // Periodic rules mark resources they judged before and no longer find NOT_APPLICABLE.
  'config:GetComplianceDetailsByConfigRule',
  'config:DescribeConfigurationRecorderStatus',
];

/**
 * The baseline StackSet's deployment targets: each top-level OU that holds member accounts (a target
 * OU covers its children, and StackSets auto-deployment reaches accounts that join them later), or
 * the root itself when a member account sits directly under it (a root target covers every account).
 */
export function baselineTargetUnits(index: OrganizationIndex): string[] {
  const members = [...index.accounts.values()].filter((a) => !a.isManagement);
  if (members.some((a) => a.parent === ROOT)) return [ROOT];
  return [...index.root.units].filter((u) => members.some((a) => a.parent === u || a.parent.startsWith(`${u}/`)));
}

/** Stack parameter saying whether the baseline creates Config's recorder or uses the one present (Control Tower's, say). */
export const RECORDER_PARAMETER = 'ConfigRecorder';
export type RecorderMode = 'create' | 'existing';

export interface BaselineInput {
  spec: GuardrailSpec;
  configBucketName: string;
  auditAccountId?: string;
}

/** What the spec's guardrails ask the baseline to set in every account: each guardrail module says its part. */
export function baselineSettings(spec: GuardrailSpec): AccountBaselineSettings {
  const settings: AccountBaselineSettings = {};
  for (const use of spec.guardrails) {
    if (!isCatalogUse(use)) continue;
    Object.assign(settings, catalogById.get(use.use)?.baseline?.(use.with ?? {}));
  }
  return settings;
}

/** Account-wide settings apply once, in the home region; EBS default encryption is per region. */
const REGIONAL_SETTINGS: (keyof AccountBaselineSettings)[] = ['ebsEncryptionByDefault'];

export function baselineTemplate({ spec, configBucketName, auditAccountId }: BaselineInput): Record<string, any> {
  const home = spec.organization.homeRegion;
  const settings = baselineSettings(spec);
  const regional = Object.fromEntries(Object.entries(settings).filter(([k]) => REGIONAL_SETTINGS.includes(k as keyof AccountBaselineSettings)));
  const template: Record<string, any> = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'org-guardrails account baseline (managed by a service-managed StackSet; do not edit by hand)',
    Parameters: {
      [RECORDER_PARAMETER]: {
        Type: 'String',
        AllowedValues: ['create', 'existing'],
        Default: 'create',
        Description: "create: the baseline records with its own recorder; existing: an account's recorder (Control Tower's) is used as it is",
      },
    },
    Conditions: {
      IsHomeRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, home] },
      CreatesRecorder: { 'Fn::Equals': [{ Ref: RECORDER_PARAMETER }, 'create'] },
    },
    Resources: {
      // Config's service-linked role: delivery then goes through the config.amazonaws.com service principal,
      // which the central bucket admits by aws:SourceOrgID (a custom role would have to be named in that policy).
      ConfigurationRecorder: {
        Type: 'AWS::Config::ConfigurationRecorder',
        Condition: 'CreatesRecorder',
        DependsOn: 'AccountSettings',
        Properties: {
          Name: CONFIG_RECORDER_NAME,
          RoleARN: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig' },
          // Global resources (IAM) are recorded once, in the home region.
          RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: { 'Fn::If': ['IsHomeRegion', true, false] } },
        },
      },
      // PutDeliveryChannel fails with NoAvailableConfigurationRecorderException before a recorder exists.
      DeliveryChannel: {
        Type: 'AWS::Config::DeliveryChannel',
        Condition: 'CreatesRecorder',
        DependsOn: 'ConfigurationRecorder',
        Properties: {
          Name: CONFIG_RECORDER_NAME,
          S3BucketName: configBucketName,
          ConfigSnapshotDeliveryProperties: { DeliveryFrequency: 'TwentyFour_Hours' },
        },
      },
      // Named so the guardrails' exemption for the baseline's roles covers what it sets; one per region (IAM names are account-wide).
      AccountSettingsRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: { 'Fn::Sub': `${BASELINE_ROLE_PREFIX}settings-\${AWS::Region}` },
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          },
          ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }],
          Policies: [
            {
              PolicyName: 'account-settings',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Action: ['iam:UpdateAccountPasswordPolicy', 's3:PutAccountPublicAccessBlock', 'ec2:EnableEbsEncryptionByDefault'],
                    Resource: '*',
                  },
                  {
                    Effect: 'Allow',
                    Action: 'iam:CreateServiceLinkedRole',
                    Resource: '*',
                    Condition: { StringEquals: { 'iam:AWSServiceName': 'config.amazonaws.com' } },
                  },
                ],
              },
            },
          ],
        },
      },
      AccountSettingsFunction: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Runtime: 'nodejs22.x',
          Handler: 'index.handler',
          Timeout: 60,
          Role: { 'Fn::GetAtt': ['AccountSettingsRole', 'Arn'] },
          Code: { ZipFile: ACCOUNT_SETTINGS_FUNCTION.trim() },
        },
      },
      AccountSettings: {
        Type: 'Custom::GuardrailsAccountSettings',
        Properties: {
          ServiceToken: { 'Fn::GetAtt': ['AccountSettingsFunction', 'Arn'] },
          ConfigServiceLinkedRole: 'true',
          // Custom resource properties reach the function as strings: the settings travel as one JSON document.
          Settings: { 'Fn::If': ['IsHomeRegion', JSON.stringify(settings), JSON.stringify(regional)] },
        },
      },
    },
  };
  if (auditAccountId) {
    template.Resources.ConfigRulesMemberRole = {
      Type: 'AWS::IAM::Role',
      Condition: 'IsHomeRegion',
      Properties: {
        RoleName: CONFIG_RULES_MEMBER_ROLE,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: roleArn(partitionOf(home), auditAccountId, CONFIG_RULES_LAMBDA_ROLE) }, Action: 'sts:AssumeRole' }],
        },
        Policies: [
          { PolicyName: 'evaluate', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: CONFIG_RULES_ACTIONS, Resource: '*' }] } },
        ],
      },
    };
  }
  return template;
}
