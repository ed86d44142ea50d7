/**
 * Organization settings Pulumi has no resource for, as small dynamic resources. The dynamic
 * provider runs outside the AWS provider, so it gets the deploying identity (profile, role
 * chain) as inputs and refuses any account but the management account.
 *
 * - FullAwsAccessDetachment: "this attachment must not exist" — detach on create, re-attach on
 *   delete (removing the allow-list never leaves a target without any Allow). A new target (an
 *   OU replaced) replaces the resource, so the new OU is detached too. Read reports the live
 *   attachment (ListPoliciesForTarget), so a FullAWSAccess re-attached out of band shows on
 *   `pulumi refresh` and the next `pulumi up` detaches it again.
 * - OrganizationSetting: enables one trusted service, one policy type, or StackSets' own
 *   organizations access — additively and idempotently, and never disabled on delete: other
 *   tools (Control Tower, IAM Identity Center) rely on them, and AWS detaches every policy of a
 *   type when that type is disabled.
 */
import * as pulumi from '@pulumi/pulumi';
import { FULL_AWS_ACCESS } from '../../src/iam/policy.ts';
import type { DeployingIdentity } from './providers.ts';

interface Connection {
  managementAccountId: string;
  identity: DeployingIdentity;
}
interface DetachmentInputs extends Connection {
  targetId: string;
}
/** What the detachment records: its inputs and whether FullAWSAccess was attached when last read (refresh). */
interface DetachmentState extends DetachmentInputs {
  fullAwsAccessAttached?: boolean;
}

/** SDK client settings acting as the deploying identity, checked to be the management account. */
async function managementAccountConfig(inputs: Connection, region: string) {
  const { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
  const base = { region, ...(inputs.identity.profile ? { profile: inputs.identity.profile } : {}) };
  let credentials: unknown;
  for (const role of inputs.identity.assumeRoles ?? []) {
    const { Credentials: c } = await new STSClient({ ...base, ...(credentials ? { credentials } : {}) }).send(
      new AssumeRoleCommand({ RoleArn: role.roleArn, RoleSessionName: role.sessionName ?? 'org-guardrails', ExternalId: role.externalId }),
    );
    credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  }
  const config = { ...base, ...(credentials ? { credentials } : {}) };
  const { Account } = await new STSClient(config).send(new GetCallerIdentityCommand({}));
  if (Account !== inputs.managementAccountId)
    throw new Error(`refusing to change the organization from account ${Account}: the spec's management account is ${inputs.managementAccountId}`);
  return config;
}

/** Organizations' endpoint is global (us-east-1 in the aws partition). */
async function organizations(inputs: Connection) {
  const { OrganizationsClient } = require('@aws-sdk/client-organizations');
  return new OrganizationsClient(await managementAccountConfig(inputs, 'us-east-1'));
}

/** Whether FullAWSAccess is attached to the target now; undefined when the target is gone. */
async function fullAwsAccessAttached(inputs: DetachmentInputs): Promise<boolean | undefined> {
  const { ListPoliciesForTargetCommand } = require('@aws-sdk/client-organizations');
  const client = await organizations(inputs);
  let NextToken: string | undefined;
  try {
    do {
      const page = await client.send(new ListPoliciesForTargetCommand({ TargetId: inputs.targetId, Filter: 'SERVICE_CONTROL_POLICY', NextToken }));
      if (page.Policies?.some((p: { Id?: string }) => p.Id === FULL_AWS_ACCESS.id)) return true;
      NextToken = page.NextToken;
    } while (NextToken);
  } catch (e) {
    if ((e as { name?: string }).name === 'TargetNotFoundException') return undefined;
    throw e;
  }
  return false;
}

async function detachFullAwsAccess(inputs: DetachmentInputs): Promise<DetachmentState> {
  // Runs inside Pulumi's dynamic provider host (CommonJS), where require is available; import() would not serialize.
  const { DetachPolicyCommand } = require('@aws-sdk/client-organizations');
  try {
    await (await organizations(inputs)).send(new DetachPolicyCommand({ PolicyId: FULL_AWS_ACCESS.id, TargetId: inputs.targetId }));
  } catch (e) {
    if ((e as { name?: string }).name !== 'PolicyNotAttachedException') throw e;
  }
  return { ...inputs, fullAwsAccessAttached: false };
}

export const detachmentProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: DetachmentInputs) {
    return { id: `${inputs.targetId}/${FULL_AWS_ACCESS.id}`, outs: await detachFullAwsAccess(inputs) };
  },
  /** The live state, so `pulumi refresh` shows FullAWSAccess attached again out of band (and `pulumi up` detaches it again). */
  async read(id: string, props: DetachmentState) {
    const attached = await fullAwsAccessAttached(props);
    // The target itself is gone (an OU deleted): so is the detachment.
    if (attached === undefined) return {};
    return { id, props: { ...props, fullAwsAccessAttached: attached } };
  },
  async diff(_id: string, olds: DetachmentState, news: DetachmentInputs) {
    const replaces = olds.targetId !== news.targetId ? ['targetId'] : [];
    const changes =
      replaces.length > 0 ||
      olds.fullAwsAccessAttached === true ||
      JSON.stringify(olds.identity) !== JSON.stringify(news.identity) ||
      olds.managementAccountId !== news.managementAccountId;
    return { changes, replaces, deleteBeforeReplace: false };
  },
  async update(_id: string, _olds: DetachmentState, news: DetachmentInputs) {
    return { outs: await detachFullAwsAccess(news) };
  },
  async delete(_id: string, props: DetachmentInputs) {
    const { AttachPolicyCommand } = require('@aws-sdk/client-organizations');
    try {
      await (await organizations(props)).send(new AttachPolicyCommand({ PolicyId: FULL_AWS_ACCESS.id, TargetId: props.targetId }));
    } catch (e) {
      // Already attached, or the OU itself is gone (replaced): nothing left to restore.
      if (!['DuplicatePolicyAttachmentException', 'TargetNotFoundException'].includes(String((e as { name?: string }).name))) throw e;
    }
  },
};

export interface FullAwsAccessDetachmentArgs extends Connection {
  targetId: pulumi.Input<string>;
}

export class FullAwsAccessDetachment extends pulumi.dynamic.Resource {
  constructor(name: string, args: FullAwsAccessDetachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(detachmentProvider, name, { ...args }, opts, 'guardrails', 'FullAwsAccessDetachment');
  }
}

/** What an OrganizationSetting turns on, with the API that does it (all idempotent). */
export type Setting =
  /** Organizations EnableAWSServiceAccess. */
  | { kind: 'trusted-service'; servicePrincipal: string }
  /** Organizations EnablePolicyType on the root. */
  | { kind: 'policy-type'; policyType: string }
  /**
   * CloudFormation ActivateOrganizationsAccess: service-managed StackSets need trusted access
   * activated through CloudFormation itself ("Activate trusted access for stack sets with AWS
   * Organizations"); enabling the service principal in Organizations alone does not do it.
   */
  | { kind: 'stacksets-organizations-access'; region: string };

interface SettingInputs extends Connection {
  setting: Setting;
  rootId: string;
}

const settingProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: SettingInputs) {
    const s = inputs.setting;
    if (s.kind === 'stacksets-organizations-access') {
      const { CloudFormationClient, ActivateOrganizationsAccessCommand } = require('@aws-sdk/client-cloudformation');
      await new CloudFormationClient(await managementAccountConfig(inputs, s.region)).send(new ActivateOrganizationsAccessCommand({}));
      return { id: 'stacksets-organizations-access', outs: inputs };
    }
    const { EnableAWSServiceAccessCommand, EnablePolicyTypeCommand } = require('@aws-sdk/client-organizations');
    const client = await organizations(inputs);
    if (s.kind === 'trusted-service') {
      await client.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: s.servicePrincipal }));
      return { id: s.servicePrincipal, outs: inputs };
    }
    try {
      await client.send(new EnablePolicyTypeCommand({ RootId: inputs.rootId, PolicyType: s.policyType }));
    } catch (e) {
      if ((e as { name?: string }).name !== 'PolicyTypeAlreadyEnabledException') throw e;
    }
    return { id: `${inputs.rootId}/${s.policyType}`, outs: inputs };
  },
  async diff(_id: string, olds: SettingInputs, news: SettingInputs) {
    const replaces = JSON.stringify(olds.setting) !== JSON.stringify(news.setting) || olds.rootId !== news.rootId ? ['setting'] : [];
    return { changes: replaces.length > 0 || JSON.stringify(olds.identity) !== JSON.stringify(news.identity), replaces, deleteBeforeReplace: false };
  },
  async update(_id: string, _olds: SettingInputs, news: SettingInputs) {
    return { outs: news };
  },
  // Deliberately nothing on delete: see the module comment.
  async delete() {},
};

export interface OrganizationSettingArgs extends Connection {
  setting: Setting;
  rootId: pulumi.Input<string>;
}

export class OrganizationSetting extends pulumi.dynamic.Resource {
  constructor(name: string, args: OrganizationSettingArgs, opts?: pulumi.CustomResourceOptions) {
    super(settingProvider, name, { ...args }, opts, 'guardrails', 'OrganizationSetting');
  }
}
