/**
 * The API calls (IAM actions) that creating each resource type makes, as data. CloudFormation
 * types: the `handlers.create.permissions` of each type's resource provider schema (CloudFormation
 * User Guide, "Resource type schemas"). Pulumi types: the calls the AWS provider's create and
 * first read make (terraform-provider-aws, resource CRUD functions). The lockout proof asks the
 * SCP simulator about each; a type missing here is an error, so no call goes unchecked.
 */
export const CREATE_ACTIONS: Record<string, string[]> = {
  // Baseline template (run by the StackSet execution role in every member account).
  'AWS::IAM::Role': ['iam:CreateRole', 'iam:GetRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy'],
  'AWS::Lambda::Function': ['lambda:CreateFunction', 'lambda:GetFunction', 'iam:PassRole'],
  'Custom::GuardrailsAccountSettings': ['lambda:InvokeFunction'],
  'AWS::Config::ConfigurationRecorder': ['config:PutConfigurationRecorder', 'config:DescribeConfigurationRecorders', 'iam:PassRole'],
  'AWS::Config::DeliveryChannel': ['config:PutDeliveryChannel', 'config:DescribeDeliveryChannels', 'config:StartConfigurationRecorder'],
  // Pulumi resources in member accounts (run by organization.accessRole).
  'aws:kms/key:Key': ['kms:CreateKey', 'kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:EnableKeyRotation', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'],
  'aws:kms/alias:Alias': ['kms:CreateAlias', 'kms:ListAliases'],
  'aws:s3/bucket:Bucket': ['s3:CreateBucket', 's3:ListBucket', 's3:GetBucketObjectLockConfiguration'],
  'aws:s3/bucketVersioning:BucketVersioning': ['s3:PutBucketVersioning', 's3:GetBucketVersioning'],
  'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration': ['s3:PutEncryptionConfiguration', 's3:GetEncryptionConfiguration'],
  'aws:s3/bucketOwnershipControls:BucketOwnershipControls': ['s3:PutBucketOwnershipControls', 's3:GetBucketOwnershipControls'],
  'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock': ['s3:PutBucketPublicAccessBlock', 's3:GetBucketPublicAccessBlock'],
  'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration': ['s3:PutLifecycleConfiguration', 's3:GetLifecycleConfiguration'],
  'aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration': ['s3:PutBucketObjectLockConfiguration', 's3:GetBucketObjectLockConfiguration'],
  'aws:s3/bucketPolicy:BucketPolicy': ['s3:PutBucketPolicy', 's3:GetBucketPolicy'],
  'aws:iam/role:Role': ['iam:CreateRole', 'iam:GetRole', 'iam:AttachRolePolicy', 'iam:ListAttachedRolePolicies'],
  'aws:iam/rolePolicy:RolePolicy': ['iam:PutRolePolicy', 'iam:GetRolePolicy'],
  'aws:cfg/configurationAggregator:ConfigurationAggregator': ['config:PutConfigurationAggregator', 'config:DescribeConfigurationAggregators', 'iam:PassRole'],
  'aws:cfg/organizationManagedRule:OrganizationManagedRule': ['config:PutOrganizationConfigRule', 'config:DescribeOrganizationConfigRules'],
  'aws:cfg/organizationCustomRule:OrganizationCustomRule': ['config:PutOrganizationConfigRule', 'config:DescribeOrganizationConfigRules'],
  'aws:lambda/function:Function': ['lambda:CreateFunction', 'lambda:GetFunction', 'iam:PassRole'],
  'aws:lambda/permission:Permission': ['lambda:AddPermission', 'lambda:GetPolicy'],
  'aws:guardduty/organizationConfiguration:OrganizationConfiguration': [
    'guardduty:UpdateOrganizationConfiguration',
    'guardduty:DescribeOrganizationConfiguration',
  ],
  'aws:guardduty/detector:Detector': ['guardduty:CreateDetector', 'guardduty:GetDetector', 'guardduty:UpdateDetector'],
  // The provider reads the detector the delegated administrator got (getDetector).
  'guardduty:getDetector': ['guardduty:ListDetectors', 'guardduty:GetDetector'],
};
