/** stacks/index.ts, the program `pulumi up` runs: reads its spec from stack config and fails with validate's positioned errors. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { exampleText } from '../helpers.ts';

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
});
