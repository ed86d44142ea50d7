/**
 * Entry point of `pulumi up`: reads the stack's spec (stack setting `org-guardrails:spec`),
 * validates it exactly as `guardrails validate` does (a preview fails with the same
 * FILE:LINE:COL errors) and declares the deployment.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pulumi from '@pulumi/pulumi';
import { bundleConfigRule } from '../config-rules/bundle.ts';
import { analyzeSpec } from '../src/deployment/analyze.ts';
import { formatDiagnostic } from '../src/core/diagnostics.ts';
import { defineGuardrails, deploymentProblems } from './program.ts';
import type { DeployingIdentity } from './components/providers.ts';

/**
 * The engine runs the program with the directory of `main` (stacks/) as working directory, so a
 * relative spec path is resolved against the project root: the engine's root directory, or else
 * the directory above this entry (where Pulumi.yaml is).
 */
export function projectRoot(): string {
  const root = pulumi.runtime.getRootDirectory();
  return isAbsolute(root) ? root : fileURLToPath(new URL('..', import.meta.url));
}

const config = new pulumi.Config('org-guardrails');
const file = resolve(projectRoot(), config.require('spec'));
const result = await analyzeSpec(file, await readFile(file, 'utf8'));
if (!result.ok) throw new pulumi.RunError(`${file} has errors:\n${result.diagnostics.map(formatDiagnostic).join('\n')}`);
// Explicit providers and the dynamic resources act as the identity the stack's own `aws:` settings name.
const aws = new pulumi.Config('aws');
const problems = deploymentProblems(result.analysis, aws.get('region'));
if (problems.length && config.getBoolean('core') !== false) throw new pulumi.RunError(problems.join('\n'));

const identity: DeployingIdentity = { profile: aws.get('profile'), assumeRoles: aws.getObject<DeployingIdentity['assumeRoles']>('assumeRoles') };

defineGuardrails(result.analysis, {
  bundle: async (ruleId) => (await bundleConfigRule(ruleId)).code,
  units: config.getObject<string[]>('units'),
  core: config.getBoolean('core'),
  identity,
});
