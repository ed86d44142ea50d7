/** guardrails:encryption:CustomerManagedKeys — the spec's `keys:`, rotated, with least-privilege key policies. */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { specKeyPolicy } from '../../src/deployment/key-policy.ts';
import type { KeySpec } from '../../src/model/spec.ts';
import type { AccountProviders } from './providers.ts';

export interface CustomerManagedKeysArgs {
  keys: (KeySpec & { accountId: string; region: string })[];
  organizationId?: string;
  providers: AccountProviders;
}

export class CustomerManagedKeysComponent extends pulumi.ComponentResource {
  constructor(name: string, args: CustomerManagedKeysArgs, opts?: pulumi.ComponentResourceOptions) {
    super('guardrails:encryption:CustomerManagedKeys', name, {}, opts);
    for (const k of args.keys) {
      const o = { parent: this, provider: args.providers.forAccount(k.accountId, k.region) };
      const policy = specKeyPolicy(k, { accountId: k.accountId, region: k.region, organizationId: args.organizationId });
      const key = new aws.kms.Key(
        `key:${k.alias}`,
        {
          description: k.description ?? `org-guardrails key ${k.alias}`,
          enableKeyRotation: true,
          deletionWindowInDays: k.deletionWindowDays,
          policy: JSON.stringify(policy),
        },
        { ...o, protect: true },
      );
      new aws.kms.Alias(`key:${k.alias}-alias`, { name: `alias/${k.alias}`, targetKeyId: key.keyId }, o);
    }
    this.registerOutputs({});
  }
}
