/**
 * Bundles one custom rule into its own Lambda zip: esbuild pulls in only the modules (and
 * so only the SDK clients) that rule imports. Output is deterministic (fixed zip timestamps),
 * so an unchanged rule never shows as a change in `pulumi up`.
 */
import { build } from 'esbuild';
import { zipSync } from 'fflate';
import { fileURLToPath } from 'node:url';

/** Lambda runtime the bundles target. */
export const LAMBDA_RUNTIME = 'nodejs22.x';
export const LAMBDA_HANDLER = 'index.handler';

const here = fileURLToPath(new URL('.', import.meta.url));

export interface RuleBundle {
  ruleId: string;
  code: string;
  zip: Uint8Array;
}

export async function bundleConfigRule(ruleId: string): Promise<RuleBundle> {
  if (!/^[a-z0-9-]+$/.test(ruleId)) throw new Error(`bad rule id ${ruleId}`);
  const result = await build({
    stdin: {
      // Importing the rule's own module (not the rule index) keeps other rules' SDK clients out.
      contents: `import * as rule from './rules/${ruleId}.ts';\nimport { createConfigRuleHandler } from './framework/handler.ts';\nexport const handler = createConfigRuleHandler(Object.values(rule)[0]);\n`,
      resolveDir: here,
      sourcefile: `${ruleId}-entry.ts`,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    treeShaking: true,
    mainFields: ['module', 'main'],
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  const zip = zipSync({ 'index.js': [new TextEncoder().encode(code), { mtime: new Date('1980-01-01T00:00:00Z'), level: 9 }] });
  return { ruleId, code, zip };
}
