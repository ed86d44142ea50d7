import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/spec/load.ts';
import { baseSpec, exampleText, problems, yamlOf } from '../helpers.ts';

describe('spec loader', () => {
  it('accepts the bundled example', () => {
    const r = parseSpec('example.yaml', exampleText());
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('applies documented defaults', () => {
    const r = parseSpec('s.yaml', yamlOf(baseSpec({ guardrails: [{ use: 'access-key-rotation', on: ['Root'] }] })));
    if (!r.ok) throw new Error('expected ok');
    const { organization, guardrails } = r.loaded.spec;
    expect(organization.accessRole).toBe('OrganizationAccountAccessRole');
    // AWS's quotas since 2026-05-15 for SCPs; RCPs unchanged.
    expect(organization.limits).toEqual({ scpSize: 10240, scpsPerTarget: 10, rcpSize: 5120, rcpsPerTarget: 5, declarativePolicySize: 10000, ouDepth: 5 });
    expect(organization.reservedScpSlots).toBe(0);
    expect(guardrails[0]).toMatchObject({ with: { maxAgeDays: 90 } });
  });

  it('points YAML syntax errors at their line and column', () => {
    const out = problems('version: 1\norganization:\n  units: [a, b\n', 'broken.yaml');
    expect(out[0]).toMatch(/^broken\.yaml:\d+:\d+: /);
    expect(out.length).toBeGreaterThan(0);
  });

  it('says plainly when a file is empty or holds several documents', () => {
    expect(problems('', 'empty.yaml')).toEqual(['empty.yaml:1:1: the spec is empty (a spec starts with `version: 1`; see guardrails/example.yaml)']);
    expect(problems('version: 1\n---\nversion: 1\n')[0]).toMatch(/^spec\.yaml:2:1: a spec is one YAML document/);
  });

  it('reports duplicate mapping keys', () => {
    expect(problems('version: 1\nversion: 1\n').join('\n')).toMatch(/spec\.yaml:2:1: .*[Uu]nique/);
  });

  it('points an unknown property at its key, with a suggestion', () => {
    const text = yamlOf(baseSpec()).replace('homeRegion:', 'homeRegoin:');
    const line = text.split('\n').findIndex((l) => l.includes('homeRegoin')) + 1;
    const out = problems(text);
    expect(out).toContain(`spec.yaml:${line}:3: organization: unknown property "homeRegoin" (did you mean "homeRegion"?)`);
    expect(out.some((m) => m.includes('missing required property "homeRegion"'))).toBe(true);
  });

  it('explains an unquoted account id', () => {
    const text = yamlOf(baseSpec()).replace(/id: ["']555555555555["']/, 'id: 555555555555');
    expect(problems(text).join('\n')).toMatch(/accounts\[0\]\.id: must be string \(a 12-digit AWS account id; quote it in YAML\)/);
  });

  it('reports every problem at once, schema and semantic together, sorted by position', () => {
    const spec = baseSpec({
      guardrails: [
        { use: 'deny-root-usr', on: ['Root'] },
        { use: 'deny-leave-organization', on: ['Workloads/Prd'] },
      ],
    });
    spec.organization.auditAccount = 'audti';
    const out = problems(spec);
    expect(out.some((m) => m.includes('unknown guardrail "deny-root-usr" (did you mean "deny-root-user"?)'))).toBe(true);
    expect(out.some((m) => m.includes('unknown target "Workloads/Prd" (did you mean "Workloads/Prod"?)'))).toBe(true);
    const lines = out.map((m) => Number(m.split(':')[1]));
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it("validates with: against the guardrail's own parameter schema", () => {
    const out = problems(baseSpec({ guardrails: [{ use: 'access-key-rotation', on: ['Root'], with: { maxAgeDays: 0, maxAge: 3 } }] }));
    expect(out.some((m) => /guardrails\[0\]\.with\.maxAgeDays: must be >= 1/.test(m))).toBe(true);
    expect(out.some((m) => /unknown property "maxAge" \(did you mean "maxAgeDays"\?\)/.test(m))).toBe(true);
  });

  it('validates custom SCP statements against the statement schema', () => {
    const out = problems(baseSpec({ guardrails: [{ scp: 'x', on: ['Root'], statements: [{ Effect: 'Block', Action: 's3:*', Resouce: '*' }] }] }));
    expect(out.some((m) => m.includes('statements[0].Effect: "Block" is not one of the allowed values'))).toBe(true);
    expect(out.some((m) => m.includes('unknown property "Resouce" (did you mean "Resource"?)'))).toBe(true);
  });
});
