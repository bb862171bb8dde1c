const preset = require('../../jest.preset.cjs');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  displayName: 'sfu',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // Each integration file starts real mediasoup worker processes; running the files one after
  // another keeps a 2-core machine from starving the workers (timing is not asserted, but
  // a starved worker makes failures confusing).
  maxWorkers: 1,
  // Only to catch a hang: a stuck worker or a socket that never receives.
  testTimeout: 30000,
};
