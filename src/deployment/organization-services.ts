/** What the Pulumi program sets on the organization, for the program itself and for `drift`, which checks it is still so. */

/** Services the organization trusts: trail, Config, GuardDuty, and StackSets for the baseline. */
export const TRUSTED_SERVICES = [
  'cloudtrail.amazonaws.com',
  'config.amazonaws.com',
  'config-multiaccountsetup.amazonaws.com',
  'guardduty.amazonaws.com',
  'member.org.stacksets.cloudformation.amazonaws.com',
];
/** Delegated to the audit account (GuardDuty's is set by aws.guardduty.OrganizationAdminAccount). */
export const DELEGATED_SERVICES = ['config.amazonaws.com', 'config-multiaccountsetup.amazonaws.com'];
