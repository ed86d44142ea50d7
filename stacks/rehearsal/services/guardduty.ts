/** Amazon GuardDuty: the delegated administrator, detectors (one per account and region), organization auto-enable. */
import type { Handler } from '../world.ts';
import { at } from '../world.ts';

const DOC = {
  detector: 'https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateDetector.html (one detector per account and Region)',
  organization:
    'https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateOrganizationConfiguration.html (only the delegated administrator may call it)',
};

export const guardduty: Record<string, Handler> = {
  // Designating the delegated administrator enables GuardDuty, with a detector, in that account
  // (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html).
  'aws:guardduty/organizationAdminAccount:OrganizationAdminAccount': (c, { world }) => {
    world.put(`guardduty-admin/${c.place.region}`, String(c.inputs.adminAccountId));
    world.put(`detector/${c.inputs.adminAccountId}/${c.place.region}`);
  },
  'aws:guardduty/detector:Detector': (c, { world }) => {
    world.require(!world.exists(`detector/${at(c.place)}`), {
      resource: c.name,
      rule: 'guardduty:one-detector',
      message: `a detector already exists in ${at(c.place)}`,
      doc: DOC.detector,
    });
    world.put(`detector/${at(c.place)}`);
  },
  'aws:guardduty/organizationConfiguration:OrganizationConfiguration': (c, { world }) => {
    world.require(world.get(`guardduty-admin/${c.place.region}`) === c.place.accountId, {
      resource: c.name,
      rule: 'guardduty:delegated-administrator',
      message: `configures the organization before ${c.place.accountId} is GuardDuty's delegated administrator in ${c.place.region}`,
      doc: DOC.organization,
    });
  },
};
