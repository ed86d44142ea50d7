/** plan: the RCP and declarative artifacts beside the SCPs, from the example spec. */
import { describe, expect, it } from 'vitest';
import { planSpec } from '../../../src/commands/plan/plan.ts';
import { analyze, exampleText } from '../../helpers.ts';

describe('plan artifacts', () => {
  it('writes every RCP as sent, each declarative policy, and each account effective declarative policy', async () => {
    const analysis = await analyze(exampleText(), 'example.yaml');
    const result = planSpec(analysis, []);
    const file = (path: string) => result.artifacts.find((a) => a.path === path)?.content;
    const workloads = analysis.rcps.targets.get('Workloads')!.policies.find((p) => !p.awsManaged)!;
    expect(file(`rcp/Workloads/${workloads.name}.json`)).toBe(JSON.stringify(workloads.document));
    expect(result.rcps.map((t) => t.target)).toEqual(['Root', 'Workloads']);
    expect(result.rcps[1].policies.map((p) => [p.name, p.awsManaged])).toEqual([
      ['RCPFullAWSAccess', true],
      [workloads.name, false],
    ]);
    expect(JSON.parse(file('declarative/Root/guardrails-ec2-Root-1.json')!).ec2_attributes.instance_metadata_defaults.http_tokens).toEqual({
      '@@assign': 'required',
    });
    const prodApp = JSON.parse(file('declarative/effective/prod-app.json')!);
    expect(prodApp.ec2_attributes.snapshot_block_public_access).toEqual({ state: { '@@assign': 'block_all_sharing' } });
    // Root's @@operators_allowed_for_child_policies shapes inheritance; the effective policy shows values only.
    expect(JSON.stringify(prodApp)).not.toContain('@@operators_allowed_for_child_policies');
    const audit = JSON.parse(file('declarative/effective/audit.json')!);
    expect(audit.ec2_attributes.snapshot_block_public_access).toBeUndefined();
    expect(result.declarative.find((e) => e.account === 'prod-app')!.settings).toContainEqual({
      path: 'snapshot_block_public_access.state',
      value: 'block_all_sharing',
      setBy: 'Workloads',
    });
  });
});
