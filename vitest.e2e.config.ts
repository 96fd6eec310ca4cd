import { defineConfig } from 'vitest/config';

// End-to-end: the built renderer in Debian's Chromium (playwright-core) against a real host process.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
    // The page loads lists and saved values after it renders: every read waits for its value (polling
    // returns at once when it is already there) for up to 15 s on a loaded CI machine.
    expect: { poll: { timeout: 15_000 } },
  },
});
