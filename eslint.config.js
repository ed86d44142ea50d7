// Lint beyond formatting: the TypeScript-aware recommended rules, with `any` allowed where
// AWS's untyped JSON (configuration items, CloudTrail records, policy documents) is read.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'plan/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['bin/**/*.mjs'], languageOptions: { globals: { process: 'readonly' } } },
  // The dynamic provider's closure runs in Pulumi's CommonJS host, where only require works.
  { files: ['stacks/components/organization-settings.ts'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
