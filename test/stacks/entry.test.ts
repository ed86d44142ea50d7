/** stacks/index.ts, the program `pulumi up` runs: reads its spec from stack config and fails with validate's positioned errors. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import { exampleText } from '../helpers.ts';
import { createRequire } from 'node:module';

const { waitForRPCs } = createRequire(import.meta.url)('@pulumi/pulumi/runtime/settings.js') as { waitForRPCs: () => Promise<void> };

describe('Pulumi entry point', () => {
  it('Pulumi.yaml runs stacks/index.ts with stack settings in stacks/, and the example stack names a valid spec', () => {
    const project = parse(readFileSync(new URL('../../Pulumi.yaml', import.meta.url), 'utf8'));
    expect(project).toMatchObject({ name: 'org-guardrails', runtime: { name: 'nodejs' }, main: 'stacks/index.ts', stackConfigDir: 'stacks' });
    const stack = parse(readFileSync(new URL('../../stacks/Pulumi.example.yaml', import.meta.url), 'utf8'));
    expect(stack.config['org-guardrails:spec']).toBe('guardrails/example.yaml');
  });

  it('a broken spec fails the program with FILE:LINE:COL errors', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'stack-')), 'broken.yaml');
    writeFileSync(file, exampleText().replace('use: kms-keys', 'use: kms-key'));
    process.env.PULUMI_CONFIG = JSON.stringify({ 'org-guardrails:spec': file });
    await pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs }, 'org-guardrails', 'test', false);
    const failure = await import('../../stacks/index.ts').catch((e: Error) => e);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(new RegExp(`${file}:\\d+:\\d+: unknown guardrail "kms-key" \\(did you mean "kms-keys"\\?\\)`));
  });

  it('finds a relative spec path from the project root, though the engine runs the program in stacks/ (the directory of main)', async () => {
    const stacks = dirname(new URL('../../stacks/index.ts', import.meta.url).pathname);
    const previous = process.cwd();
    const registered: string[] = [];
    await pulumi.runtime.setMocks(
      { newResource: (a) => (registered.push(a.type), { id: `${a.name}-id`, state: { ...a.inputs, roots: [{ id: 'r-mock' }] } }), call: (a) => a.inputs },
      'org-guardrails',
      'test',
      false,
    );
    pulumi.runtime.setConfig('org-guardrails:spec', 'guardrails/example.yaml');
    process.chdir(stacks);
    try {
      vi.resetModules();
      await import('../../stacks/index.ts');
      await waitForRPCs();
    } finally {
      process.chdir(previous);
    }
    expect(registered).toContain('aws:cloudtrail/trail:Trail');
  }, 180_000);
});
