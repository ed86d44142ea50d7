/**
 * Enables one Organizations policy type on the root, additively. The Organization resource lists policy
 * types authoritatively (an update would DISABLE every type it does not list, and AWS detaches all
 * policies of a disabled type), so types the program needs are enabled here, one by one: EnablePolicyType
 * on create (already enabled is fine), and nothing on delete: a type this program stops using may carry
 * policies other tools attached.
 */
import * as pulumi from '@pulumi/pulumi';

const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: { rootId: string; policyType: string }) {
    // Runs inside Pulumi's dynamic provider host (CommonJS), where require is available; import() would not serialize.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { OrganizationsClient, EnablePolicyTypeCommand } = require('@aws-sdk/client-organizations');
    try {
      await new OrganizationsClient({ region: 'us-east-1' }).send(new EnablePolicyTypeCommand({ RootId: inputs.rootId, PolicyType: inputs.policyType }));
    } catch (e) {
      if ((e as { name?: string }).name !== 'PolicyTypeAlreadyEnabledException') throw e;
    }
    return { id: `${inputs.rootId}/${inputs.policyType}`, outs: inputs };
  },
};

export class PolicyTypeEnablement extends pulumi.dynamic.Resource {
  constructor(name: string, args: { rootId: pulumi.Input<string>; policyType: string }, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { ...args }, opts, 'guardrails', 'PolicyTypeEnablement');
  }
}
