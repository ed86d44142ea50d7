/**
 * Detaches AWS's FullAWSAccess SCP from an allow-list target. Pulumi has no resource for
 * "this attachment must not exist", so this small dynamic resource does it with the
 * Organizations API: detach on create, re-attach on delete (so removing the allow-list
 * never leaves a target without any Allow).
 */
import * as pulumi from '@pulumi/pulumi';

const FULL_AWS_ACCESS_ID = 'p-FullAWSAccess';

const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: { targetId: string }) {
    const { OrganizationsClient, DetachPolicyCommand } = await import('@aws-sdk/client-organizations');
    try {
      await new OrganizationsClient({ region: 'us-east-1' }).send(new DetachPolicyCommand({ PolicyId: FULL_AWS_ACCESS_ID, TargetId: inputs.targetId }));
    } catch (e) {
      if ((e as { name?: string }).name !== 'PolicyNotAttachedException') throw e;
    }
    return { id: `${inputs.targetId}/${FULL_AWS_ACCESS_ID}`, outs: inputs };
  },
  async delete(_id: string, props: { targetId: string }) {
    const { OrganizationsClient, AttachPolicyCommand } = await import('@aws-sdk/client-organizations');
    try {
      await new OrganizationsClient({ region: 'us-east-1' }).send(new AttachPolicyCommand({ PolicyId: FULL_AWS_ACCESS_ID, TargetId: props.targetId }));
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
