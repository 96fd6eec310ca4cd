import { defineConfig } from 'vitest/config';

// Unit and integration tests: plain Node, real services (SQLite, ONNX Runtime), no browser.
export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'main/**/*.test.ts', 'scripts/**/*.test.ts', 'test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
  },
});
