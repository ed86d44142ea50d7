/**
 * Detaches AWS's FullAWSAccess SCP from an allow-list target. Pulumi has no resource for
 * "this attachment must not exist", so this small dynamic resource does it with the
 * Organizations API: detach on create, re-attach on delete (so removing the allow-list
 * never leaves a target without any Allow).
 */
import * as pulumi from '@pulumi/pulumi';

const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: { targetId: string }) {
    // Runs inside Pulumi's dynamic provider host (CommonJS), where require is available; import() would not serialize.
    const { OrganizationsClient, DetachPolicyCommand } = require('@aws-sdk/client-organizations');
    try {
      await new OrganizationsClient({ region: 'us-east-1' }).send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: inputs.targetId }));
    } catch (e) {
      if ((e as { name?: string }).name !== 'PolicyNotAttachedException') throw e;
    }
    return { id: `${inputs.targetId}/p-FullAWSAccess`, outs: inputs };
  },
  async delete(_id: string, props: { targetId: string }) {
    const { OrganizationsClient, AttachPolicyCommand } = require('@aws-sdk/client-organizations');
    try {
      await new OrganizationsClient({ region: 'us-east-1' }).send(new AttachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: props.targetId }));
    } catch (e) {
      if ((e as { name?: string }).name !== 'DuplicatePolicyAttachmentException') throw e;
    }
  },
};

export class FullAwsAccessDetachment extends pulumi.dynamic.Resource {
  constructor(name: string, args: { targetId: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { ...args }, opts, 'guardrails', 'FullAwsAccessDetachment');
  }
}
