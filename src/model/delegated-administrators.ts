/**
 * How many delegated administrators AWS allows per service, where the service documents a number:
 * the spec's `organization.delegatedAdministrators` is checked against it, and the rehearsal refuses
 * a registration beyond it.
 */
export const DELEGATED_ADMINISTRATOR_LIMITS: Record<string, { max: number; doc: string }> = {
  'config-multiaccountsetup.amazonaws.com': {
    max: 3,
    doc: 'https://docs.aws.amazon.com/config/latest/APIReference/API_PutOrganizationConfigRule.html ("An organization can have up to 3 delegated administrators")',
  },
  // Designated through GuardDuty itself (EnableOrganizationAdminAccount), the same account in every Region.
  'guardduty.amazonaws.com': {
    max: 1,
    doc: 'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html (considerations: one delegated GuardDuty administrator per organization, the same in every Region)',
  },
};
