const preset = require('../jest.preset.cjs');

/**
 * End-to-end tests: the built server as a real process, real HTTP, the real PostgreSQL or the
 * embedded database, and real Chromium. `nx run e2e:test` builds the api and web first.
 * @type {import('jest').Config}
 */
module.exports = {
  ...preset,
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
  testTimeout: 90_000,
  setupFilesAfterEnv: ['<rootDir>/support/ci-retry.ts'],
};
