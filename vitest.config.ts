import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'sandbox/**/*.test.ts', 'test/**/*.test.ts'],
    env: { TZ: 'UTC' },
    restoreMocks: true,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Fails any test that writes a token or signing secret to the output (test/hardening/secret-guard.test.ts).
    setupFiles: ['test/support/secret-guard.ts'],
  },
});
