/** guardrails:organization:Organization — the organization, its OUs (created or adopted), accounts (adopted), SCPs and attachments, delegated administrators. */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Analysis } from '../../src/deployment/analyze.ts';
import { ROOT } from '../../src/model/organization.ts';
import { FullAwsAccessDetachment } from './full-aws-access-detachment.ts';
import { DELEGATED_SERVICES, TRUSTED_SERVICES } from '../../src/deployment/organization-services.ts';

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
    const organization = new aws.organizations.Organization(
      'organization',
      { featureSet: 'ALL', awsServiceAccessPrincipals: TRUSTED_SERVICES, enabledPolicyTypes: ['SERVICE_CONTROL_POLICY'] },
      { parent: this, import: org.id, protect: true },
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

    for (const t of args.analysis.scps.targets.values()) {
      if (!(t.target === ROOT ? args.core : args.manages(t.target))) continue;
      const id = targetId(t.target);
      if (id === undefined) continue; // an account still to be vended
      const attachments: pulumi.Resource[] = [];
      for (const p of t.policies) {
        if (p.awsManaged) continue;
        const policy = new aws.organizations.Policy(
          `scp:${p.name}`,
          { name: p.name, type: 'SERVICE_CONTROL_POLICY', description: `org-guardrails: ${t.target}`, content: JSON.stringify(p.document) },
          { parent: this },
        );
        attachments.push(new aws.organizations.PolicyAttachment(`scp:${p.name}@${t.target}`, { policyId: policy.id, targetId: id }, { parent: this }));
      }
      // An allow-list target keeps FullAWSAccess until its own Allow statements are attached.
      if (!t.fullAwsAccess) new FullAwsAccessDetachment(`full-aws-access-detached@${t.target}`, { targetId: id }, { parent: this, dependsOn: attachments });
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
