/** guardrails:organization:Organization — the organization, its OUs (created or adopted), accounts (adopted), SCPs, RCPs and EC2 declarative policies with their attachments, delegated administrators. */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Analysis } from '../../src/deployment/analyze.ts';
import { ROOT } from '../../src/model/organization.ts';
import { FullAwsAccessDetachment } from './full-aws-access-detachment.ts';
import { DELEGATED_SERVICES, TRUSTED_SERVICES } from '../../src/deployment/organization-services.ts';
import { PolicyTypeEnablement } from './policy-type.ts';
import { DECLARATIVE_POLICY_TYPE } from '../../scp/declarative.ts';

export interface OrganizationArgs {
  analysis: Analysis;
  /** Whether a target belongs to this stack (all of them unless the program is split). */
  manages: (target: string) => boolean;
  core: boolean;
}

export class OrganizationComponent extends pulumi.ComponentResource {
  readonly organizationId: pulumi.Output<string>;
  readonly rootId: pulumi.Output<string>;
  readonly unitIds = new Map<string, pulumi.Output<string>>();
  readonly delegations: pulumi.Resource[] = [];

  constructor(name: string, args: OrganizationArgs, opts?: pulumi.ComponentResourceOptions) {
    super('guardrails:organization:Organization', name, {}, opts);
    const { spec, index } = args.analysis.loaded;
    const org = spec.organization;
    const { rcps, declarative } = args.analysis;
    const needsRcps = [...rcps.targets.values()].some((t) => t.policies.some((p) => !p.awsManaged));
    const policyTypes = [
      'SERVICE_CONTROL_POLICY',
      ...(needsRcps ? ['RESOURCE_CONTROL_POLICY'] : []),
      ...(declarative.targets.size ? [DECLARATIVE_POLICY_TYPE] : []),
    ];
    const organization = new aws.organizations.Organization(
      'organization',
      { featureSet: 'ALL', awsServiceAccessPrincipals: TRUSTED_SERVICES, enabledPolicyTypes: policyTypes },
      // Policy types are enabled additively below; the list here only seeds a new organization.
      { parent: this, import: org.id, protect: true, ignoreChanges: ['enabledPolicyTypes'] },
    );
    this.organizationId = organization.id;
    this.rootId = organization.roots.apply((roots) => roots[0].id);

    // Parents before children: index.units is in spec order, which nests parents first.
    for (const unit of index.units.values()) {
      if (!args.manages(unit.path)) continue;
      const parentId = unit.parent === ROOT ? this.rootId : this.unitIds.get(unit.parent)!;
      const ou = new aws.organizations.OrganizationalUnit(`ou:${unit.path}`, { name: unit.name, parentId }, { parent: this, import: unit.id });
      this.unitIds.set(unit.path, ou.id);
    }

    const accountIds = new Map<string, string>();
    for (const account of index.accounts.values()) {
      // Accounts are vended (`guardrails vend`), never created here; the management account is not moved.
      if (!account.id || account.isManagement || !args.manages(account.name)) continue;
      accountIds.set(account.name, account.id);
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
      );
    }

    const targetId = (target: string): pulumi.Input<string> | undefined =>
      target === ROOT ? this.rootId : (this.unitIds.get(target) ?? index.accounts.get(target)?.id);

    const enabled = new Map(
      policyTypes.map((type) => [
        type,
        args.core
          ? [new PolicyTypeEnablement(`policy-type:${type}`, { rootId: this.rootId, policyType: type }, { parent: this, dependsOn: [organization] })]
          : [],
      ]),
    );
    const managed = (target: string) => (target === ROOT ? args.core : args.manages(target));
    /** One Organizations policy of any type, attached to its target once its type is enabled. */
    const place = (prefix: string, type: string, name: string, target: string, targetIdOf: pulumi.Input<string>, content: unknown) => {
      const policy = new aws.organizations.Policy(
        `${prefix}:${name}`,
        { name, type, description: `org-guardrails: ${target}`, content: JSON.stringify(content) },
        { parent: this, dependsOn: enabled.get(type) },
      );
      return new aws.organizations.PolicyAttachment(`${prefix}:${name}@${target}`, { policyId: policy.id, targetId: targetIdOf }, { parent: this });
    };

    for (const t of args.analysis.scps.targets.values()) {
      if (!managed(t.target)) continue;
      const id = targetId(t.target);
      if (id === undefined) continue; // an account still to be vended
      const attachments = t.policies.filter((p) => !p.awsManaged).map((p) => place('scp', 'SERVICE_CONTROL_POLICY', p.name, t.target, id, p.document));
      // An allow-list target keeps FullAWSAccess until its own Allow statements are attached.
      if (!t.fullAwsAccess) new FullAwsAccessDetachment(`full-aws-access-detached@${t.target}`, { targetId: id }, { parent: this, dependsOn: attachments });
    }
    // RCPs (RCPFullAWSAccess stays attached everywhere: AWS does not let it be detached) and EC2 declarative policies.
    for (const t of rcps.targets.values()) {
      const id = managed(t.target) ? targetId(t.target) : undefined;
      if (id !== undefined) for (const p of t.policies) if (!p.awsManaged) place('rcp', 'RESOURCE_CONTROL_POLICY', p.name, t.target, id, p.document);
    }
    for (const p of declarative.targets.values()) {
      const id = managed(p.target) ? targetId(p.target) : undefined;
      if (id !== undefined) place('declarative', DECLARATIVE_POLICY_TYPE, p.name, p.target, id, p.document);
    }

    const audit = org.auditAccount ? index.accounts.get(org.auditAccount)?.id : undefined;
    if (args.core && audit) {
      for (const service of DELEGATED_SERVICES) {
        this.delegations.push(
          new aws.organizations.DelegatedAdministrator(
            `delegated:${service}`,
            { accountId: audit, servicePrincipal: service },
            { parent: this, dependsOn: [organization] },
          ),
        );
      }
    }
    this.registerOutputs({ organizationId: this.organizationId, rootId: this.rootId });
  }
}
