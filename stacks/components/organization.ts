/**
 * guardrails:organization:Organization — the organization (adopted, core stack only), trusted
 * access and policy types (enabled additively), its OUs (created or adopted), accounts
 * (adopted), SCPs, RCPs and EC2 declarative policies with their attachments, delegated administrators.
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Analysis } from '../../src/deployment/analyze.ts';
import { ROOT } from '../../src/model/organization.ts';
import { FullAwsAccessDetachment, OrganizationSetting } from './organization-settings.ts';
import type { DeployingIdentity } from './providers.ts';
import { DELEGATED_SERVICES, TRUSTED_SERVICES } from '../../src/deployment/organization-services.ts';
import { DECLARATIVE_POLICY_TYPE } from '../../scp/declarative.ts';
import { customDescriptions, policyDescription } from '../../scp/description.ts';
import { auditAlreadyDelegated } from '../../src/deployment/adoption.ts';

export { TRUSTED_SERVICES } from '../../src/deployment/organization-services.ts';

/** Organization policy types the spec's policies need, each enabled on the root before any policy of it is attached. */
export function policyTypesOf({ rcps, declarative }: Analysis): string[] {
  const needsRcps = [...rcps.targets.values()].some((t) => t.policies.some((p) => !p.awsManaged));
  return ['SERVICE_CONTROL_POLICY', ...(needsRcps ? ['RESOURCE_CONTROL_POLICY'] : []), ...(declarative.targets.size ? [DECLARATIVE_POLICY_TYPE] : [])];
}

export interface OrganizationArgs {
  analysis: Analysis;
  /** Whether a target belongs to this stack (all of them unless the program is split). */
  manages: (target: string) => boolean;
  core: boolean;
  identity: DeployingIdentity;
}

export class OrganizationComponent extends pulumi.ComponentResource {
  readonly rootId: pulumi.Output<string>;
  readonly unitIds = new Map<string, pulumi.Output<string>>();
  /** The member accounts this stack places (by spec name): what moves an account when the spec changes its parent. */
  readonly accounts = new Map<string, aws.organizations.Account>();
  readonly delegations: pulumi.Resource[] = [];
  /** Enabled trusted access by service principal, and StackSets' own activation (core stack only). */
  readonly trustedAccess = new Map<string, pulumi.Resource>();
  readonly policyTypes = new Map<string, pulumi.Resource>();

  constructor(name: string, args: OrganizationArgs, opts?: pulumi.ComponentResourceOptions) {
    super('guardrails:organization:Organization', name, {}, opts);
    const { spec, index } = args.analysis.loaded;
    const org = spec.organization;
    const { rcps, declarative } = args.analysis;
    const connection = { managementAccountId: org.managementAccountId, identity: args.identity };

    if (args.core) {
      // Adopted, never authoritative over the lists other tools manage too: an import that differed would be
      // imported and then updated (Pulumi >= 3.174), disabling every trusted service and policy type it did not list.
      const organization = new aws.organizations.Organization(
        'organization',
        { featureSet: 'ALL' },
        { parent: this, import: org.id, protect: true, ignoreChanges: ['awsServiceAccessPrincipals', 'enabledPolicyTypes'] },
      );
      this.rootId = organization.roots.apply((roots) => roots[0].id);
      const after = { parent: this, dependsOn: [organization] };
      for (const service of TRUSTED_SERVICES) {
        this.trustedAccess.set(
          service,
          new OrganizationSetting(
            `trusted-access:${service}`,
            { ...connection, rootId: this.rootId, setting: { kind: 'trusted-service', servicePrincipal: service } },
            after,
          ),
        );
      }
      this.trustedAccess.set(
        'cloudformation:ActivateOrganizationsAccess',
        new OrganizationSetting(
          'trusted-access:stacksets',
          { ...connection, rootId: this.rootId, setting: { kind: 'stacksets-organizations-access', region: org.homeRegion } },
          { parent: this, dependsOn: [this.trustedAccess.get('member.org.stacksets.cloudformation.amazonaws.com')!] },
        ),
      );
      for (const type of policyTypesOf(args.analysis)) {
        this.policyTypes.set(
          type,
          new OrganizationSetting(`policy-type:${type}`, { ...connection, rootId: this.rootId, setting: { kind: 'policy-type', policyType: type } }, after),
        );
      }
    } else {
      // Split stacks read the organization; only the core stack manages it.
      this.rootId = aws.organizations.getOrganizationOutput({}, { parent: this }).roots.apply((roots) => roots[0].id);
    }

    // Parents before children: index.units is in spec order, which nests parents first.
    for (const unit of index.units.values()) {
      const parentId = unit.parent === ROOT ? this.rootId : this.unitIds.get(unit.parent)!;
      if (!args.manages(unit.path)) {
        // Another stack manages it: read its id (the baseline and child OUs name it).
        this.unitIds.set(unit.path, aws.organizations.getOrganizationalUnitOutput({ parentId, name: unit.name }, { parent: this }).id);
        continue;
      }
      const ou = new aws.organizations.OrganizationalUnit(`ou:${unit.path}`, { name: unit.name, parentId }, { parent: this, import: unit.id });
      this.unitIds.set(unit.path, ou.id);
    }

    for (const account of index.accounts.values()) {
      // Accounts are vended (`guardrails vend`), never created here; the management account is not moved.
      if (!account.id || account.isManagement || !args.manages(account.name)) continue;
      this.accounts.set(
        account.name,
        new aws.organizations.Account(
          `account:${account.name}`,
          {
            name: account.name,
            email: account.email,
            parentId: account.parent === ROOT ? this.rootId : this.unitIds.get(account.parent)!,
            roleName: org.accessRole,
            closeOnDeletion: false,
            tags: account.tags,
          },
          // Adopted, protected: a spec edit must never close an account. roleName and billing access cannot be read back.
          { parent: this, import: account.id, protect: true, ignoreChanges: ['roleName', 'iamUserAccessToBilling'] },
        ),
      );
    }

    const targetId = (target: string): pulumi.Input<string> | undefined =>
      target === ROOT ? this.rootId : (this.unitIds.get(target) ?? index.accounts.get(target)?.id);

    const managed = (target: string) => (target === ROOT ? args.core : args.manages(target));
    const descriptions = customDescriptions(args.analysis.loaded.spec.guardrails);
    /** One Organizations policy of any type, attached to its target once its type is enabled (AttachPolicy fails with PolicyTypeNotEnabledException until then). */
    const place = (prefix: string, type: string, name: string, target: string, targetIdOf: pulumi.Input<string>, content: unknown, description: string) => {
      const policy = new aws.organizations.Policy(`${prefix}:${name}`, { name, type, description, content: JSON.stringify(content) }, { parent: this });
      const enabled = [this.policyTypes.get(type)].filter((r) => r !== undefined);
      return new aws.organizations.PolicyAttachment(
        `${prefix}:${name}@${target}`,
        { policyId: policy.id, targetId: targetIdOf },
        { parent: this, dependsOn: enabled },
      );
    };

    for (const t of args.analysis.scps.targets.values()) {
      if (!managed(t.target)) continue;
      const id = targetId(t.target);
      if (id === undefined) continue; // an account still to be vended
      const attachments = t.policies
        .filter((p) => !p.awsManaged)
        .map((p) => place('scp', 'SERVICE_CONTROL_POLICY', p.name, t.target, id, p.document, policyDescription(t.target, p.origins, descriptions)));
      // An allow-list target keeps FullAWSAccess until its own Allow statements are attached.
      if (!t.fullAwsAccess)
        new FullAwsAccessDetachment(`full-aws-access-detached@${t.target}`, { ...connection, targetId: id }, { parent: this, dependsOn: attachments });
    }
    // RCPs (RCPFullAWSAccess stays attached everywhere: AWS does not let it be detached) and EC2 declarative policies.
    for (const t of rcps.targets.values()) {
      const id = managed(t.target) ? targetId(t.target) : undefined;
      if (id !== undefined)
        for (const p of t.policies)
          if (!p.awsManaged) place('rcp', 'RESOURCE_CONTROL_POLICY', p.name, t.target, id, p.document, policyDescription(t.target, p.origins, descriptions));
    }
    for (const p of declarative.targets.values()) {
      const id = managed(p.target) ? targetId(p.target) : undefined;
      if (id !== undefined) place('declarative', DECLARATIVE_POLICY_TYPE, p.name, p.target, id, p.document, policyDescription(p.target));
    }

    const audit = org.auditAccount ? index.accounts.get(org.auditAccount)?.id : undefined;
    if (args.core && audit) {
      for (const service of DELEGATED_SERVICES) {
        // RegisterDelegatedAdministrator needs the service's trusted access first. A registration that exists is adopted
        // (AccountAlreadyRegisteredException otherwise; import id "<account>/<service principal>") and kept on destroy.
        const adopt = auditAlreadyDelegated(spec, index, service);
        this.delegations.push(
          new aws.organizations.DelegatedAdministrator(
            `delegated:${service}`,
            { accountId: audit, servicePrincipal: service },
            { parent: this, dependsOn: [this.trustedAccess.get(service)!], ...(adopt ? { import: `${audit}/${service}`, retainOnDelete: true } : {}) },
          ),
        );
      }
    }
    this.registerOutputs({ rootId: this.rootId });
  }
}
