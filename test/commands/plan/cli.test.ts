import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planSpec } from '../../../src/commands/plan/plan.ts';
import { deploymentDocuments } from '../../../src/deployment/documents.ts';
import { writeOutputFolder } from '../../../src/io/output-folder.ts';
import { main } from '../../../src/main.ts';
import { analyze, exampleText, exampleWithProdDataEuOnly } from '../../helpers.ts';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)).map((p) => `${e.name}/${p}`) : [e.name]));

describe('guardrails plan --out', () => {
  it('OUs named ".." (AWS allows it) write nothing outside the folder', async () => {
    const dots = [
      '    - name: ".."',
      '      units:',
      '        - name: ".."',
      '          accounts:',
      '            - { name: dotted, email: aws-dotted@example.com, id: "999999999999" }',
      '',
    ].join('\n');
    const guardrail = [
      '  - scp: deny-dots',
      '    on: ["../.."]',
      '    statements:',
      '      - { Effect: Deny, Action: "s3:DeleteBucket", Resource: "*" }',
      '',
    ].join('\n');
    const analysis = await analyze(exampleText().replace('  units:\n', `  units:\n${dots}`).replace('guardrails:\n', `guardrails:\n${guardrail}`));
    const { artifacts } = planSpec(analysis, [], deploymentDocuments(analysis));
    expect(artifacts.map((a) => a.path)).toContain('scp/../../guardrails-.._..-1.json');
    const root = mkdtempSync(join(tmpdir(), 'plan-'));
    mkdirSync(join(root, 'deep'));
    const out = join(root, 'deep', 'out');
    await writeOutputFolder(out, artifacts, 'plan.json');
    expect(readdirSync(root)).toEqual(['deep']);
    expect(readdirSync(join(root, 'deep'))).toEqual(['out']);
    expect(walk(out)).toContain('scp/%2E%2E/%2E%2E/guardrails-.._..-1.json');
  });

  it('replaces an earlier plan whole', async () => {
    const analysis = await analyze(exampleText());
    const { artifacts } = planSpec(analysis, [], deploymentDocuments(analysis));
    const out = join(mkdtempSync(join(tmpdir(), 'plan-')), 'out');
    await writeOutputFolder(out, artifacts, 'plan.json');
    writeFileSync(join(out, 'stale.json'), '{}');
    await writeOutputFolder(out, artifacts, 'plan.json');
    expect(existsSync(join(out, 'stale.json'))).toBe(false);
    expect(existsSync(join(out, 'plan.json'))).toBe(true);
  });

  it('refuses, before any work, a folder that is not an earlier plan', async () => {
    const mine = mkdtempSync(join(tmpdir(), 'plan-'));
    writeFileSync(join(mine, 'notes.txt'), 'keep me');
    const spec = join(mine, 'spec.yaml');
    writeFileSync(spec, exampleText());
    const refused = await run('plan', spec, '--out', mine);
    expect(refused).toMatchObject({ code: 1, err: expect.stringMatching(/^error: .* exists and is not an earlier output \(no plan\.json in it\)/) });
    expect(readFileSync(join(mine, 'notes.txt'), 'utf8')).toBe('keep me');
  });
});

describe('guardrails plan, where the spec keeps the baseline out', () => {
  it('says which account and region it skips and why, in the text and in plan.json, and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-'));
    const file = join(dir, 'excluded.yaml');
    const exclude = '  failureTolerancePercentage: 10\n  exclude:\n    - { account: prod-data, regions: [us-east-1, us-west-2], reason: data stays in the EU }';
    writeFileSync(file, exampleWithProdDataEuOnly().replace('  failureTolerancePercentage: 10', exclude));
    const r = await run('plan', file, '--out', join(dir, 'plan'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Rehearsal against AWS's documented rules \(creation orders of seeds 0, 1, 2, 3\): clean$/m);
    expect(r.out).toMatch(
      new RegExp(
        `^  note: ${file}:\\d+:\\d+: prod-data \\(us-east-1\\) is skipped: baseline\\.exclude \\(data stays in the EU\\); there role/\\S+ could not call `,
        'm',
      ),
    );
    const plan = JSON.parse(readFileSync(join(dir, 'plan/plan.json'), 'utf8'));
    expect(plan.rehearsal.problems).toEqual([]);
    expect(plan.rehearsal.notes.map((n: { rule: string; message: string }) => `${n.rule}: ${n.message.split(/[;:]/)[0]}`).sort()).toEqual([
      'cloudformation:auto-deployment-ignores-account-filter: prod-data (us-east-1) is kept out of the baseline at creation only',
      'cloudformation:auto-deployment-ignores-account-filter: prod-data (us-west-2) is kept out of the baseline at creation only',
      'scp:self-lockout-excluded: prod-data (us-east-1) is skipped',
      'scp:self-lockout-excluded: prod-data (us-west-2) is skipped',
    ]);
  }, 120_000);
});
