/** Every catalog module: well-formed declaration, valid parameters, lint-clean statements, and its own cases through the simulator. */
import { beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../guardrails/catalog/index.ts';
import { AWS_FSBP, CIS_AWS_V5, type Guardrail } from '../../guardrails/guardrail.ts';
import { createSimulator } from '../../scp/simulate.ts';
import { loadIamReference, servicesNamedIn, type IamReference } from '../../src/iam/reference.ts';
import { lintStatement } from '../../src/iam/lint.ts';
import { compileRcps, compileScps } from '../../scp/compile.ts';
import { compileDeclarativePolicies, validateEc2Attributes } from '../../scp/declarative.ts';
import { parseSpec } from '../../src/spec/load.ts';
import { configRulesById } from '../../config-rules/rules/index.ts';
import { baseSpec, problems, yamlOf } from '../helpers.ts';

function loadWith(g: Guardrail, params?: Record<string, unknown>) {
  const spec = baseSpec({ guardrails: [{ use: g.id, on: ['Root'], ...(params ? { with: params } : {}) }] });
  spec.organization.breakGlass = ['arn:aws:iam::*:role/BreakGlass'];
  spec.organization.id = 'o-exampleorgid';
  const r = parseSpec('spec.yaml', yamlOf(spec));
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.loaded;
}

let iam: IamReference;
beforeAll(async () => {
  const ctx = {
    breakGlass: ['arn:aws:iam::*:role/BreakGlass'],
    automation: ['arn:aws:iam::*:role/stacksets-exec-*'],
    allowedRegions: ['us-east-1'],
  };
  const withOf = (g: Guardrail) => (loadWith(g).spec.guardrails[0] as unknown as { with: never }).with;
  iam = await loadIamReference(servicesNamedIn(catalog.flatMap((g) => [...(g.scp?.(withOf(g), ctx) ?? []), ...(g.rcp?.(withOf(g), ctx) ?? [])])));
});

describe('guardrail catalog', () => {
  it('ids are unique and kebab-case', () => {
    expect(new Set(catalog.map((g) => g.id)).size).toBe(catalog.length);
    for (const g of catalog) expect(g.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('covers every area of the seed brief', () => {
    expect(new Set(catalog.map((g) => g.area))).toEqual(
      new Set(['identity', 'least-privilege', 'logging', 'detection', 'network', 'encryption', 'organization']),
    );
  });

  it('every guardrail says how to remediate, and names benchmark controls in the benchmarks own numbering', () => {
    for (const g of catalog) {
      expect(g.remediation?.length ?? 0, g.id).toBeGreaterThan(40);
      for (const b of g.benchmarks ?? []) {
        if (b.framework === CIS_AWS_V5) expect(b.id, g.id).toMatch(/^\d+\.\d+(\.\d+)?$/);
        else expect([b.framework, b.id], g.id).toEqual([AWS_FSBP, expect.stringMatching(/^[A-Za-z0-9]+\.\d+$/)]);
      }
    }
    // The controls the benchmark coverage asks for, each named by a guardrail.
    const named = new Set(catalog.flatMap((g) => (g.benchmarks ?? []).map((b) => `${b.framework === CIS_AWS_V5 ? 'CIS' : 'FSBP'} ${b.id}`)));
    for (const control of [
      'CIS 3.3',
      'CIS 2.1.1',
      'CIS 5.5',
      'CIS 1.11',
      'CIS 1.12',
      'CIS 1.14',
      'CIS 1.5',
      'CIS 1.19',
      'CIS 4.16',
      'CIS 5.2',
      'CIS 2.2.1',
      'CIS 2.2.3',
      'CIS 2.3.1',
      'CIS 3.2',
      'CIS 3.5',
      'FSBP EC2.1',
      'FSBP S3.5',
      'FSBP IAM.22',
    ])
      expect(named.has(control), control).toBe(true);
  });

  for (const g of catalog) {
    describe(g.id, () => {
      it('declares a preventive or detective part, a title and a reason', () => {
        expect(g.scp || g.rcp || g.declarative || g.configRule).toBeTruthy();
        expect(g.title.length).toBeGreaterThan(10);
        expect(g.reason.length).toBeGreaterThan(10);
        if (g.configRule?.kind === 'managed') expect(g.configRule.identifier).toMatch(/^[A-Z0-9_]+$/);
        if (g.configRule?.kind === 'custom') expect(configRulesById.has(g.configRule.ruleId), g.configRule.ruleId).toBe(true);
        if (g.scp || g.rcp) expect(g.cases.length).toBeGreaterThan(1);
      });

      it('accepts its defaults and rejects unknown parameters', () => {
        expect(() => loadWith(g)).not.toThrow();
        const out = problems(baseSpec({ guardrails: [{ use: g.id, on: ['Root'], with: { notAParameter: 1 } }] }));
        expect(out.some((m) => m.includes('unknown property "notAParameter"'))).toBe(true);
      });

      it('rejects a wrongly typed value for each declared parameter', () => {
        for (const [name, schema] of Object.entries(g.parameters.properties)) {
          const wrong = (schema as { type?: string }).type === 'string' || (schema as { type?: string }).type === 'array' ? 42 : 'not-a-number';
          const out = problems(baseSpec({ guardrails: [{ use: g.id, on: ['Root'], with: { [name]: wrong } }] }));
          expect(
            out.some((m) => m.includes(`with.${name}`)),
            `${g.id}.${name}`,
          ).toBe(true);
        }
      });

      if (g.declarative) {
        it('produces documented ec2_attributes with its defaults, and names the SCP guardrail it replaces if any', () => {
          const { plan, diagnostics } = compileDeclarativePolicies(loadWith(g));
          expect(diagnostics).toEqual([]);
          const ec2 = plan.targets.get('Root')!.document.ec2_attributes;
          expect(Object.keys(ec2)).toHaveLength(1);
          expect(validateEc2Attributes(ec2)).toEqual([]);
          if (g.replaces) {
            const replaced = catalog.find((c) => c.id === g.replaces!.guardrail);
            const sids = replaced?.scp?.({ maxHopLimit: 2 }, { breakGlass: [], automation: [], allowedRegions: [] }).map((s) => s.Sid);
            for (const sid of g.replaces.statements) expect(sids).toContain(sid);
            expect(g.replaces.why.length).toBeGreaterThan(40);
          }
        });
      }

      if (g.rcp) {
        it('produces lint-clean RCP statements', () => {
          const { plan } = compileRcps(loadWith(g));
          const statements = plan.targets.get('Root')!.policies.flatMap((p) => (p.awsManaged ? [] : p.document.Statement));
          expect(statements.length).toBeGreaterThan(0);
          for (const s of statements) expect(lintStatement(s, iam, 'RCP')).toEqual([]);
        });
      }

      if (g.scp || g.rcp) {
        if (g.scp)
          it('produces lint-clean SCP statements', () => {
            const loaded = loadWith(g);
            const { plan } = compileScps(loaded);
            const statements = plan.targets.get('Root')!.policies.flatMap((p) => (p.awsManaged ? [] : p.document.Statement));
            expect(statements.length).toBeGreaterThan(0);
            for (const s of statements) expect(lintStatement(s, iam)).toEqual([]);
          });

        for (const c of g.cases) {
          it(`case: ${c.name}`, () => {
            const loaded = loadWith(g, c.with);
            const { plan } = compileScps(loaded);
            const { plan: rcps } = compileRcps(loaded);
            const sim = createSimulator(plan, loaded.index, loaded.spec.organization.id, { rcps, managementAccountId: '111111111111' });
            const d = sim.simulate({
              account: 'prod',
              principal: c.principal ?? 'role/Developer',
              action: c.action,
              resource: c.resource,
              region: c.region ?? 'us-east-1',
              context: c.context,
              // The cases' resources belong to the member account they run in, unless a case says otherwise.
              resourceAccount: c.resourceAccount ?? 'prod',
            });
            expect(d.decision === 'allowed' ? 'allow' : 'deny', d.reason).toBe(c.expect);
            if (c.expect === 'deny') expect(d.decidedBy?.sources).toContain(g.id);
          });
        }
      }
    });
  }
});
