/** EC2 declarative policies: documented JSON, validation, size quota, and the effective policy after inheritance. */
import { describe, expect, it } from 'vitest';
import { effectiveDeclarativePolicy, validateEc2Attributes, type DeclarativePlan } from '../../scp/declarative.ts';
import type { DeclarativeNode } from '../../guardrails/declarative.ts';
import { analysisProblems, analyze, baseSpec } from '../helpers.ts';

describe('EC2 declarative policies', () => {
  it("compile the catalog's attributes into the documented ec2_attributes JSON, one document per target", async () => {
    const a = await analyze(
      baseSpec({
        guardrails: [
          { use: 'ec2-instance-metadata-defaults', on: ['Root'] },
          { use: 'ec2-serial-console-access', on: ['Root'] },
          { use: 'ec2-allowed-images', on: ['Workloads'], with: { state: 'enabled', providers: ['amazon', '123456789012'] } },
          { use: 'ec2-vpc-block-public-access', on: ['prod'], with: { mode: 'block_bidirectional', exclusionsAllowed: false, lockChildren: false } },
        ],
      }),
    );
    expect([...a.declarative.targets.keys()]).toEqual(['Root', 'Workloads', 'prod']);
    expect(a.declarative.targets.get('Root')!.document).toEqual({
      ec2_attributes: {
        instance_metadata_defaults: {
          '@@operators_allowed_for_child_policies': ['@@none'],
          http_tokens: { '@@assign': 'required' },
          http_put_response_hop_limit: { '@@assign': '2' },
          http_endpoint: { '@@assign': 'no_preference' },
          instance_metadata_tags: { '@@assign': 'no_preference' },
        },
        serial_console_access: { '@@operators_allowed_for_child_policies': ['@@none'], status: { '@@assign': 'disabled' } },
      },
    });
    expect(a.declarative.targets.get('Workloads')!.document.ec2_attributes.allowed_images_settings).toEqual({
      '@@operators_allowed_for_child_policies': ['@@none'],
      state: { '@@assign': 'enabled' },
      image_criteria: { criteria_1: { allowed_image_providers: { '@@append': ['amazon', '123456789012'] } } },
    });
    expect(a.declarative.targets.get('prod')!.document.ec2_attributes.vpc_block_public_access).toEqual({
      internet_gateway_block: { mode: { '@@assign': 'block_bidirectional' }, exclusions_allowed: { '@@assign': 'disabled' } },
    });
    for (const p of a.declarative.targets.values()) expect(p.size).toBe(JSON.stringify(p.document).length);
  });

  it('validates attribute values against the documented ones', () => {
    expect(validateEc2Attributes({ serial_console_access: { status: { '@@assign': 'disabled' } } })).toEqual([]);
    expect(validateEc2Attributes({ serial_console_access: { status: { '@@assign': 'off' } } })).toEqual([
      'serial_console_access.status: expected one of enabled, disabled (got "off")',
    ]);
    expect(validateEc2Attributes({ instance_metadata_defaults: { http_put_response_hop_limit: { '@@assign': '65' } } })[0]).toMatch(
      /expected "-1" or "1" to "64"/,
    );
    expect(validateEc2Attributes({ instance_metadata_defaults: { http_put_response_hop_limit: { '@@assign': '-1' } } })).toEqual([]);
    expect(validateEc2Attributes({ snapshot_block_public_access: { mode: { '@@assign': 'x' } } })).toEqual([
      'snapshot_block_public_access.mode: not a documented ec2_attributes field',
    ]);
    expect(validateEc2Attributes({ ebs_encryption: {} })).toEqual(['ebs_encryption: not a documented ec2_attributes field']);
    expect(validateEc2Attributes({ image_block_public_access: { state: 'block_new_sharing' } } as DeclarativeNode)).toEqual([
      'image_block_public_access.state: set it with an operator, e.g. { "@@assign": ... }',
    ]);
    expect(validateEc2Attributes({ image_block_public_access: { '@@operators_allowed_for_child_policies': ['@@some'] } })[0]).toMatch(
      /expected a list of @@all/,
    );
  });

  it('parameters outside the documented values are refused at their line', async () => {
    const out = await analysisProblems(
      baseSpec({ guardrails: [{ use: 'ec2-snapshot-block-public-access', on: ['Root'], with: { state: 'block_everything' } }] }),
    );
    expect(out.join('\n')).toMatch(/spec\.yaml:\d+:\d+: guardrails\[0\]\.with\.state: "block_everything" is not one of the allowed values/);
    const hop = await analysisProblems(baseSpec({ guardrails: [{ use: 'ec2-instance-metadata-defaults', on: ['Root'], with: { hopLimit: 0 } }] }));
    expect(hop.join('\n')).toMatch(/with\.hopLimit/);
  });

  it('a document over the size quota (limits.declarativePolicySize, 10,000 characters by default) is an error', async () => {
    const spec = baseSpec({
      guardrails: [{ use: 'ec2-allowed-images', on: ['Root'], with: { providers: Array.from({ length: 200 }, (_, i) => String(100000000000 + i)) } }],
    });
    expect((await analysisProblems(spec)).join('\n')).not.toMatch(/declarative policy is/);
    spec.organization.limits = { declarativePolicySize: 2000 };
    expect((await analysisProblems(spec)).join('\n')).toMatch(/Root: its declarative policy is \d+ characters; AWS allows 2000/);
  });

  it('the same attribute on the Root and on an account is inheritance, not a conflict', async () => {
    const spec = baseSpec({
      guardrails: [
        { use: 'ec2-serial-console-access', on: ['Root'] },
        { use: 'ec2-serial-console-access', on: ['prod'] },
      ],
    });
    expect(await analysisProblems(spec)).toEqual([]);
  });
});

describe('effective declarative policy (AWS Organizations: inheritance operators)', () => {
  const index = async () => (await analyze(baseSpec())).loaded.index;
  const plan = (docs: Record<string, DeclarativeNode>): DeclarativePlan => ({
    sizeLimit: 10000,
    targets: new Map(Object.entries(docs).map(([target, ec2]) => [target, { name: target, target, document: { ec2_attributes: ec2 }, size: 0, sources: [] }])),
  });

  it('a child @@assign overrides the inherited value unless a parent locked it with @@none', async () => {
    const idx = await index();
    const open = plan({
      Root: { serial_console_access: { status: { '@@assign': 'disabled' } } },
      'Workloads/Prod': { serial_console_access: { status: { '@@assign': 'enabled' } } },
    });
    expect(effectiveDeclarativePolicy(open, idx, 'prod').settings).toEqual([
      { path: 'serial_console_access.status', value: 'enabled', setBy: 'Workloads/Prod' },
    ]);
    expect(effectiveDeclarativePolicy(open, idx, 'audit').settings).toEqual([{ path: 'serial_console_access.status', value: 'disabled', setBy: 'Root' }]);
    const locked = plan({
      Root: { serial_console_access: { '@@operators_allowed_for_child_policies': ['@@none'], status: { '@@assign': 'disabled' } } },
      'Workloads/Prod': { serial_console_access: { status: { '@@assign': 'enabled' } } },
    });
    const e = effectiveDeclarativePolicy(locked, idx, 'prod');
    expect(e.document).toEqual({ ec2_attributes: { serial_console_access: { status: { '@@assign': 'disabled' } } } });
    expect(e.ignored).toEqual([{ path: 'serial_console_access.status', operator: '@@assign', target: 'Workloads/Prod' }]);
  });

  it('@@append adds and @@remove takes out list values; an OU that allows only @@append cannot reassign, nor can its children widen that', async () => {
    const idx = await index();
    const providers = (node: DeclarativeNode) => ({ allowed_images_settings: { image_criteria: { criteria_1: { allowed_image_providers: node } } } });
    const p = plan({
      Root: {
        allowed_images_settings: {
          '@@operators_allowed_for_child_policies': ['@@append', '@@remove'],
          image_criteria: { criteria_1: { allowed_image_providers: { '@@assign': ['amazon', 'aws_marketplace'] } } },
        },
      },
      Workloads: providers({ '@@append': ['123456789012'], '@@operators_allowed_for_child_policies': ['@@all'] }),
      'Workloads/Prod': providers({ '@@remove': ['aws_marketplace'] }),
      prod: providers({ '@@assign': ['none-of-the-above'] }),
    });
    const e = effectiveDeclarativePolicy(p, idx, 'prod');
    expect(e.settings).toEqual([
      { path: 'allowed_images_settings.image_criteria.criteria_1.allowed_image_providers', value: ['amazon', '123456789012'], setBy: 'Workloads/Prod' },
    ]);
    expect(e.ignored).toEqual([{ path: 'allowed_images_settings.image_criteria.criteria_1.allowed_image_providers', operator: '@@assign', target: 'prod' }]);
  });

  it("the example's effective policy: Root's IMDS defaults everywhere, Workloads' snapshot block on its accounts only", async () => {
    const a = await analyze(
      baseSpec({
        guardrails: [
          { use: 'ec2-instance-metadata-defaults', on: ['Root'] },
          { use: 'ec2-snapshot-block-public-access', on: ['Workloads'] },
        ],
      }),
    );
    const prod = effectiveDeclarativePolicy(a.declarative, a.loaded.index, 'prod');
    expect(prod.settings.map((s) => [s.path, s.value, s.setBy])).toContainEqual(['snapshot_block_public_access.state', 'block_all_sharing', 'Workloads']);
    expect(prod.settings.map((s) => s.path)).toContain('instance_metadata_defaults.http_tokens');
    const audit = effectiveDeclarativePolicy(a.declarative, a.loaded.index, 'audit');
    expect(audit.settings.map((s) => s.path)).not.toContain('snapshot_block_public_access.state');
  });
});
