import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Generous: a loaded 2-core machine runs the Pulumi preview several times slower; no test asserts timing.
    testTimeout: 120_000,
  },
});
