import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Compiled copies in dist/ must not run twice.
    include: ['test/**/*.test.ts', 'probes/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    // One throwaway PostgreSQL cluster for the whole run (skipped with a warning where PostgreSQL is missing).
    globalSetup: ['test/support/postgres-global-setup.ts'],
  },
});
