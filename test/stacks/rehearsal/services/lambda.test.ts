/** The rehearsal's Lambda model: who may invoke the custom rules' functions, within Lambda's policy quota. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../../../src/deployment/analyze.ts';
import { previewDeployment, type PlanResource } from '../../../../stacks/preview.ts';
import { rehearse } from '../../../../stacks/rehearsal/rehearse.ts';
import { syntheticSpec } from '../../../fixtures/synthetic-spec.ts';
import { analyze, exampleText } from '../../../helpers.ts';

let analysis: Analysis;
let resources: PlanResource[];
const RULE = 'guardrails-security-group-admin-ports@eu-west-1';

beforeAll(async () => {
  analysis = await analyze(exampleText(), 'example.yaml');
  resources = await previewDeployment(analysis, { bundle: async (id) => id });
}, 60_000);

const permissionsOf = (rule: string, rs = resources) => rs.filter((r) => r.type === 'aws:lambda/permission:Permission' && r.name.startsWith(`${rule}-invoke`));
const rulesOf = (problems: { rule: string }[]) => problems.map((p) => p.rule);

describe('custom rule functions in the rehearsal', () => {
  it('AWS Config may invoke each function from every account the rule reaches, each permission naming its source account', () => {
    const accountIds = [...analysis.loaded.index.accounts.values()].map((a) => a.id).filter((id) => id !== undefined);
    const permissions = permissionsOf(RULE);
    expect(permissions.map((p) => p.inputs.sourceAccount).sort()).toEqual([...accountIds].sort());
    expect(permissions.every((p) => p.inputs.principal === 'config.amazonaws.com' && p.inputs.statementId === `config-${p.inputs.sourceAccount}`)).toBe(true);
    const rule = resources.find((r) => r.name === RULE)!;
    expect(rule.dependsOn).toEqual(expect.arrayContaining(permissions.map((p) => p.name)));
  });

  it('a permission without a source account, where per-account ones fit, is a problem: Config in any AWS account could invoke it', () => {
    const mutated = resources.map((r) => (permissionsOf(RULE).includes(r) ? { ...r, inputs: { ...r.inputs, sourceAccount: undefined } } : r));
    expect(rulesOf(rehearse(analysis, mutated, [0]).problems)).toContain('config:function-scoped-to-organization');
  });

  it('an account the rule reaches without a permission, or a rule not waiting for its permissions, fails', () => {
    const dropped = permissionsOf(RULE)[0].name;
    const without = resources.filter((r) => r.name !== dropped).map((r) => ({ ...r, dependsOn: r.dependsOn.filter((d) => d !== dropped) }));
    expect(rulesOf(rehearse(analysis, without, [0]).problems)).toContain('config:function-admits-config');
    const unordered = resources.map((r) => (r.name === RULE ? { ...r, dependsOn: r.dependsOn.filter((d) => !d.startsWith(`${RULE}-invoke`)) } : r));
    expect(rulesOf(rehearse(analysis, unordered, [0]).problems)).toContain('config:function-admits-config');
  });

  it("a function policy over Lambda's 20 KB quota, or a statement id used twice, fails", () => {
    const template = permissionsOf(RULE)[0];
    const many = Array.from({ length: 80 }, (_, i) => ({
      ...template,
      name: `${template.name}#${i}`,
      inputs: { ...template.inputs, statementId: `config-extra-${i}`, sourceAccount: String(200000000000 + i) },
    }));
    const problems = rehearse(analysis, [...resources, ...many], [0]).problems;
    expect(problems.find((p) => p.rule === 'lambda:policy-quota')?.message).toMatch(/would be \d+ bytes \(\d+ statements\), over the 20480-byte quota/);
    const twice = { ...template, name: `${template.name}#again` };
    expect(rulesOf(rehearse(analysis, [...resources, twice], [0]).problems)).toContain('lambda:statement-id-unique');
  });

  it('a large organization gets one permission per function, and the plan says why instead of failing', async () => {
    const { text } = syntheticSpec(80, 8);
    const large = await analyze(text, 'large.yaml');
    const rs = await previewDeployment(large, { bundle: async (id) => id });
    const rule = rs.find((r) => r.type === 'aws:cfg/organizationCustomRule:OrganizationCustomRule')!;
    expect(permissionsOf(rule.name, rs).map((p) => p.inputs.sourceAccount)).toEqual([undefined]);
    const { problems, notes } = rehearse(large, rs, [0]);
    expect(problems).toEqual([]);
    expect(notes.map((n) => n.message)).toContain(
      `${rule.inputs.name}: one invoke permission per account for 83 accounts would not fit Lambda's 20 KB function policy quota: AWS Config in any account may invoke the function, which refuses events from accounts outside the organization`,
    );
  }, 120_000);
});
