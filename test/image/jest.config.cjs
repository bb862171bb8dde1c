const preset = require('../../jest.preset.cjs');

/**
 * The container image, built and run (`npm run test:image`): needs a Docker daemon (BuildKit) and
 * the host's PostgreSQL and Redis. Not part of `npm test`: a cold build takes minutes.
 * @type {import('jest').Config}
 */
module.exports = {
  ...preset,
  displayName: 'image',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.image-spec.ts'],
  testTimeout: 60_000,
};
