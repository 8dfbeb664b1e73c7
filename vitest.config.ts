import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start the whole local runtime; CDK tests bundle functions with esbuild.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Handlers log JSON lines for CloudWatch; in tests they would bury the results. A test that
    // needs them sets its own level.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
