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
    expect(problems('version: 1\nversion: 1\n').join('\n')).toMatch(/spec\.yaml:2:1: duplicate key "version" in this mapping \(YAML keys must be unique/);
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

  describe('hostile input: bounded, and a positioned user error', () => {
    const nestedOus = (depth: number) => {
      let text = 'version: 1\norganization:\n  managementAccountId: "111111111111"\n  homeRegion: us-east-1\n  allowedRegions: [us-east-1]\n  units:\n';
      let indent = '    ';
      for (let i = 0; i < depth; i++) {
        text += `${indent}- name: ou${i}\n${indent}  units:\n`;
        indent += '    ';
      }
      return `${text}${indent}- name: leaf\nguardrails: []\n`;
    };

    it('1,000 nested OUs', () => {
      // Where the parser's own stack runs out depends on the machine: either way, one positioned error.
      const out = problems(nestedOus(1000));
      expect(out.filter((m) => /^spec\.yaml:\d+:\d+: the document nests (too deeply to read|more than 64 levels deep here)/.test(m))).toHaveLength(1);
      for (const m of out) expect(m).toMatch(/^spec\.yaml:\d+:\d+: /);
      expect(out.join('\n')).not.toMatch(/Maximum call stack|internal/);
    });

    it('40 nested OUs (within the parser, beyond any real spec)', () => {
      const out = problems(nestedOus(40));
      expect(out[0]).toMatch(/^spec\.yaml:\d+:\d+: the document nests more than 64 levels deep here/);
    });

    it('an alias bomb', () => {
      let bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
      for (let i = 0; i < 8; i++)
        bomb += `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(',')}]\n`;
      expect(problems(`${bomb}${exampleText()}`)).toEqual([expect.stringMatching(/^spec\.yaml:2:8: aliases are used too often/)]);
    });

    it('an alias bomb through large anchors stays within the expansion budget', () => {
      const big = `x-big: &big [${Array(2000).fill('v').join(',')}]\nx-uses: [${Array(600).fill('*big').join(',')}]\n`;
      expect(problems(`${big}${exampleText()}`)).toEqual([
        expect.stringMatching(/^spec\.yaml:2:10: aliases expand the document to more than 1,000,000 values/),
      ]);
    });

    it('an alias to an unknown anchor', () => {
      expect(problems(exampleText().replace('version: 1', 'version: *one'))).toEqual([
        expect.stringMatching(/^spec\.yaml:\d+:10: alias \*one refers to no anchor defined before it/),
      ]);
    });

    it('more than 100 alias uses, as a real spec has them, are fine', () => {
      const spec = baseSpec();
      const accounts = Array.from({ length: 150 }, (_, i) => ({ name: `acct-${i}`, email: `a${i}@example.com`, tags: { owner: 'team' } }));
      spec.organization.units[1].units[0].accounts.push(...accounts);
      const text = yamlOf(spec)
        .replace(/tags:\n\s+owner: team/, 'tags: &tags { owner: team }')
        .replace(/tags:\n\s+owner: team/g, 'tags: *tags');
      expect(text.match(/\*tags/g)?.length).toBe(149);
      expect(parseSpec('s.yaml', text).ok).toBe(true);
    });

    it('40,000 keys in one mapping: duplicates found in one pass, each positioned', () => {
      const keys = Array.from({ length: 40_000 }, (_, i) => `  k${i % 39_999}: 1`).join('\n');
      const out = problems(`${exampleText()}\nextra:\n${keys}\n`);
      expect(out.filter((m) => m.includes('duplicate key "k0"'))).toHaveLength(1);
    });

    it('refuses a spec larger than the cap with a clear error', () => {
      expect(problems(`# ${'x'.repeat(8 * 1024 * 1024)}\n`)).toEqual([
        expect.stringMatching(/^spec\.yaml:1:1: the spec is \d+ characters; at most 8388608 are accepted/),
      ]);
    });
  });
});
