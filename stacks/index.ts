/**
 * Entry point of `pulumi up`: reads the stack's spec (stack setting `org-guardrails:spec`),
 * validates it exactly as `guardrails validate` does (a preview fails with the same
 * FILE:LINE:COL errors) and declares the deployment.
 */
import { readFile } from 'node:fs/promises';
import * as pulumi from '@pulumi/pulumi';
import { bundleConfigRule } from '../config-rules/bundle.ts';
import { analyzeSpec } from '../src/deployment/analyze.ts';
import { formatDiagnostic } from '../src/core/diagnostics.ts';
import { defineGuardrails, deploymentProblems } from './program.ts';

const config = new pulumi.Config('org-guardrails');
const file = config.require('spec');
const result = await analyzeSpec(file, await readFile(file, 'utf8'));
if (!result.ok) throw new pulumi.RunError(`${file} has errors:\n${result.diagnostics.map(formatDiagnostic).join('\n')}`);
const problems = deploymentProblems(result.analysis);
if (problems.length && config.getBoolean('core') !== false) throw new pulumi.RunError(problems.join('\n'));

defineGuardrails(result.analysis, {
  bundle: async (ruleId) => (await bundleConfigRule(ruleId)).code,
  units: config.getObject<string[]>('units'),
  core: config.getBoolean('core'),
});
