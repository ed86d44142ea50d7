/** Amazon GuardDuty: the delegated administrator, detectors (one per account and region), organization auto-enable. */
import { DELEGATED_ADMINISTRATOR_LIMITS } from '../../../src/model/delegated-administrators.ts';
import type { Handler } from '../world.ts';
import { at } from '../world.ts';

const DOC = {
  detector: 'https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateDetector.html (one detector per account and Region)',
  admin: DELEGATED_ADMINISTRATOR_LIMITS['guardduty.amazonaws.com'].doc,
  import: 'https://www.pulumi.com/registry/packages/aws/api-docs/guardduty/organizationadminaccount/ (imported by the administrator account id)',
  organization:
    'https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateOrganizationConfiguration.html (only the delegated administrator may call it)',
};

export const guardduty: Record<string, Handler> = {
  // Designating the delegated administrator enables GuardDuty, with a detector, in that account
  // (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html).
  'aws:guardduty/organizationAdminAccount:OrganizationAdminAccount': (c, ctx) => {
    const { world } = ctx;
    const admin = String(c.inputs.adminAccountId);
    const key = `guardduty-admin/${c.place.region}`;
    const existing = world.exists(key) ? world.get<string>(key) : undefined;
    if (c.importId !== undefined) {
      world.require(existing === admin, {
        resource: c.name,
        rule: 'pulumi:import-exists',
        message: `adopts ${admin} as GuardDuty's delegated administrator in ${c.place.region}, which it is not: the import fails`,
        doc: DOC.import,
      });
      return;
    }
    if (existing !== undefined) {
      const name = ctx.accountName(existing);
      world.problems.push(
        existing === admin
          ? {
              resource: c.name,
              rule: 'guardduty:adopt-administrator',
              message: `${name} is already GuardDuty's delegated administrator in ${c.place.region}: adopt it, do not designate it again`,
              doc: DOC.admin,
            }
          : {
              resource: c.name,
              rule: 'guardduty:one-administrator',
              message:
                `GuardDuty's delegated administrator in ${c.place.region} is ${name} (${existing}) and an organization has one: ` +
                `remove it first (aws guardduty disable-organization-admin-account --admin-account-id ${existing}, in every Region) ` +
                `or make ${name} organization.auditAccount`,
              doc: DOC.admin,
              at: ctx.specAt(['organization', 'delegatedAdministrators', 'guardduty.amazonaws.com']),
            },
      );
      return;
    }
    world.put(key, admin);
    world.put(`detector/${admin}/${c.place.region}`);
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
