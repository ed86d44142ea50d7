/**
 * The per-account baseline, as one CloudFormation template that a service-managed StackSet
 * deploys to every account of the spec's OUs in every allowed region (and to accounts that
 * join those OUs later, by auto-deployment). Generated from the spec; tested as data.
 */
import type { GuardrailSpec } from '../model/spec.ts';
import { isCustomScp } from '../model/spec.ts';
import { ACCOUNT_SETTINGS_FUNCTION } from './account-settings-function.ts';

/** Role each member account gives the custom Config rule Lambdas (in the audit account) to read what they evaluate. */
export const CONFIG_RULES_MEMBER_ROLE = 'guardrails-config-rules';
export const CONFIG_RULES_LAMBDA_ROLE = 'guardrails-config-rules-lambda';
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

export interface BaselineInput {
  spec: GuardrailSpec;
  configBucketName: string;
  auditAccountId?: string;
}

const withOf = (spec: GuardrailSpec, id: string) => {
  const use = spec.guardrails.find((g) => !isCustomScp(g) && g.use === id);
  return use && !isCustomScp(use) ? (use.with ?? {}) : undefined;
};

export function baselineTemplate({ spec, configBucketName, auditAccountId }: BaselineInput): Record<string, any> {
  const home = spec.organization.homeRegion;
  const password = withOf(spec, 'iam-password-policy') as Record<string, number | boolean> | undefined;
  const template: Record<string, any> = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'org-guardrails account baseline (managed by a service-managed StackSet; do not edit by hand)',
    Conditions: { IsHomeRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, home] } },
    Resources: {
      // Config's service-linked role: delivery then goes through the config.amazonaws.com service principal,
      // which the central bucket admits by aws:SourceOrgID (a custom role would have to be named in that policy).
      ConfigurationRecorder: {
        Type: 'AWS::Config::ConfigurationRecorder',
        DependsOn: 'AccountSettings',
        Properties: {
          Name: 'guardrails',
          RoleARN: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig' },
          // Global resources (IAM) are recorded once, in the home region.
          RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: { 'Fn::If': ['IsHomeRegion', true, false] } },
        },
      },
      DeliveryChannel: {
        Type: 'AWS::Config::DeliveryChannel',
        Properties: { Name: 'guardrails', S3BucketName: configBucketName, ConfigSnapshotDeliveryProperties: { DeliveryFrequency: 'TwentyFour_Hours' } },
      },
      AccountSettingsRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
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
          ...(password
            ? {
                PasswordPolicy: {
                  'Fn::If': [
                    'IsHomeRegion',
                    {
                      MinimumPasswordLength: String(password.minimumLength),
                      RequireSymbols: String(password.requireSymbols),
                      RequireNumbers: String(password.requireNumbers),
                      RequireUppercaseCharacters: String(password.requireUppercase),
                      RequireLowercaseCharacters: String(password.requireLowercase),
                      MaxPasswordAge: String(password.maxAgeDays),
                      PasswordReusePrevention: String(password.reusePrevention),
                    },
                    { Ref: 'AWS::NoValue' },
                  ],
                },
              }
            : {}),
          ...(withOf(spec, 's3-account-public-access-block') ? { BlockPublicAccess: { 'Fn::If': ['IsHomeRegion', 'true', 'false'] } } : {}),
          ...(withOf(spec, 'ebs-encryption') ? { EbsEncryptionByDefault: 'true' } : {}),
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
          Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${auditAccountId}:role/${CONFIG_RULES_LAMBDA_ROLE}` }, Action: 'sts:AssumeRole' }],
        },
        Policies: [
          {
            PolicyName: 'evaluate',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: CONFIG_RULES_ACTIONS,
                  Resource: '*',
                },
              ],
            },
          },
        ],
      },
    };
  }
  return template;
}
