const preset = require('../../jest.preset.cjs');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  displayName: 'api',
  rootDir: __dirname,
  // Unit specs (*.spec.ts) and integration specs against the real PostgreSQL (*.int-spec.ts).
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int-spec.ts'],
  testTimeout: 30_000,
  // The E2EE test drives real Chromium: on CI a failure is retried once and reported (see there).
  setupFilesAfterEnv: ['<rootDir>/../../test/support/ci-retry.ts'],
};
