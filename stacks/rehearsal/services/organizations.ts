/** AWS Organizations: adoption, trusted access, policy types, policies and attachments, delegated administrators. */
import { DELEGATED_ADMINISTRATOR_LIMITS } from '../../../src/model/delegated-administrators.ts';
import { POLICY_NAME_MAX } from '../../../src/model/names.ts';
import { adopted, type Handler, type World } from '../world.ts';

const DOC = {
  import: 'https://www.pulumi.com/docs/iac/guides/migration/import/ (since 3.174 an import that differs from the program is imported, then updated)',
  attach: 'https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html (PolicyTypeNotEnabledException)',
  detach: 'https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html (a target must keep at least one SCP)',
  createPolicy: 'https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html (Name: 1-128 characters; DuplicatePolicyException)',
  delegate: 'https://docs.aws.amazon.com/organizations/latest/APIReference/API_RegisterDelegatedAdministrator.html (the service needs trusted access first)',
  registered:
    'https://docs.aws.amazon.com/organizations/latest/APIReference/API_RegisterDelegatedAdministrator.html (AccountAlreadyRegisteredException: the account is already a delegated administrator for this service)',
};

/** Accounts registered as delegated administrator of a service, before or by the deployment. */
export const delegatedAdministrators = (world: World, service: string): string[] =>
  world.keys(`delegated/${service}/`).map((k) => k.slice(`delegated/${service}/`.length));

export const organizations: Record<string, Handler> = {
  'aws:organizations/organization:Organization': (c, { world }) => {
    // Listing trusted services or policy types on an adopted organization makes the program authoritative over them.
    for (const list of ['awsServiceAccessPrincipals', 'enabledPolicyTypes'])
      world.require(c.inputs[list] === undefined, {
        resource: c.name,
        rule: 'organizations:adoption-additive',
        message: `the adopted organization lists ${list}: the first update would disable every one the program does not list (and detach all policies of a disabled type)`,
        doc: DOC.import,
      });
  },
  'pulumi-nodejs:dynamic/guardrails:OrganizationSetting': (c, { world }) => {
    const s = c.inputs.setting as { kind: string; servicePrincipal?: string; policyType?: string };
    if (s.kind === 'trusted-service') world.put(`trusted/${s.servicePrincipal}`);
    if (s.kind === 'policy-type') world.put(`policy-type/${s.policyType}`);
    if (s.kind === 'stacksets-organizations-access') world.put('stacksets-access');
  },
  'aws:organizations/policy:Policy': (c, { world }) => {
    const name = String(c.inputs.name);
    world.require(name.length <= POLICY_NAME_MAX && !world.exists(`policy-name/${name}`), {
      resource: c.name,
      rule: 'organizations:policy-name',
      message: `policy name "${name}" is ${name.length > POLICY_NAME_MAX ? `${name.length} characters (at most ${POLICY_NAME_MAX})` : 'already taken'}`,
      doc: DOC.createPolicy,
    });
    world.put(`policy-name/${name}`);
    // The mocks give a policy its name as id, which is what an attachment's policyId then reads.
    world.put(`policy-type-of/${name}`, String(c.inputs.type));
  },
  'aws:organizations/policyAttachment:PolicyAttachment': (c, { world }) => {
    const type = world.get<string>(`policy-type-of/${c.inputs.policyId}`) ?? 'SERVICE_CONTROL_POLICY';
    world.require(world.has(`policy-type/${type}`), {
      resource: c.name,
      rule: 'organizations:policy-type-enabled',
      message: `attaches a policy without waiting for the ${type} type to be enabled on the root`,
      doc: DOC.attach,
    });
    world.put(`attached/${c.inputs.targetId}/${c.name}`);
  },
  'pulumi-nodejs:dynamic/guardrails:FullAwsAccessDetachment': (c, { world }) => {
    world.require(world.hasAny(`attached/${c.inputs.targetId}/`), {
      resource: c.name,
      rule: 'organizations:keep-one-scp',
      message: 'detaches FullAWSAccess without waiting for the allow-list SCP to be attached: the last SCP cannot be detached',
      doc: DOC.detach,
    });
  },
  'aws:organizations/delegatedAdministrator:DelegatedAdministrator': (c, ctx) => {
    const { world } = ctx;
    const service = String(c.inputs.servicePrincipal);
    const account = String(c.inputs.accountId);
    const key = `delegated/${service}/${account}`;
    if (adopted(c, world, key)) return;
    world.require(world.has(`trusted/${service}`), {
      resource: c.name,
      rule: 'organizations:trusted-access-before-delegation',
      message: `registers a delegated administrator for ${service} without waiting for its trusted access`,
      doc: DOC.delegate,
    });
    world.require(!world.exists(key), {
      resource: c.name,
      rule: 'organizations:already-registered',
      message: `${ctx.accountName(account)} is already a delegated administrator for ${service} (AccountAlreadyRegisteredException): adopt the registration`,
      doc: DOC.registered,
    });
    const others = delegatedAdministrators(world, service).filter((a) => a !== account);
    const limit = DELEGATED_ADMINISTRATOR_LIMITS[service];
    const at = ctx.specAt(['organization', 'delegatedAdministrators', service]);
    const names = others.map((a) => `${ctx.accountName(a)} (${a})`).join(', ');
    if (limit !== undefined && others.length >= limit.max)
      world.problems.push({
        resource: c.name,
        rule: 'organizations:delegated-administrator-limit',
        message:
          `${service} already has ${names} as delegated administrator and allows ${limit.max}: deregister ` +
          `(aws organizations deregister-delegated-administrator --service-principal ${service} --account-id ${others[0]}) first, ` +
          `or make ${ctx.accountName(others[0])} organization.auditAccount`,
        doc: limit.doc,
        at,
      });
    else if (others.length)
      world.notes.push({
        resource: c.name,
        rule: 'organizations:delegated-administrator-beside',
        message: `${ctx.accountName(account)} is registered for ${service} beside the existing ${names}`,
        doc: limit?.doc ?? DOC.delegate,
        at,
      });
    world.put(key, account);
  },
};
