// Shared Jest settings: SWC compiles TypeScript (with decorator metadata for Nest) to CommonJS,
// and Node 24 loads the ESM-only Nest 12 packages through require(esm). Jest only offers
// require(esm) under --experimental-vm-modules, which every test target passes.
const path = require('node:path');

const root = __dirname;

// Jest loads the ESM-only Nest packages through require(esm) only on Node >= 24.9; on an older
// Node every Nest test fails with a confusing "Must use import" error, so say what is wrong.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 24 || (major === 24 && minor < 9)) {
  throw new Error(
    `Tests need the project's Node 24 (this is ${process.version}); run them with npm test, which puts node_modules/.bin first on PATH.`,
  );
}

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        swcrc: false,
        jsc: {
          parser: { syntax: 'typescript', decorators: true, tsx: true },
          transform: {
            legacyDecorator: true,
            decoratorMetadata: true,
            react: { runtime: 'automatic' },
          },
          target: 'es2023',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleNameMapper: {
    '^@hearth/contracts$': path.join(root, 'libs/contracts/src/index.ts'),
    '^@hearth/contracts/e2ee-frame$': path.join(root, 'libs/contracts/src/live/e2ee-frame.ts'),
    '^@hearth/contracts/first-calls$': path.join(root, 'libs/contracts/src/first-calls.ts'),
    '^@hearth/domain$': path.join(root, 'libs/domain/src/index.ts'),
    '^@hearth/domain/vocabulary$': path.join(root, 'libs/domain/src/vocabulary.ts'),
    '^@hearth/sfu$': path.join(root, 'libs/sfu/src/index.ts'),
    '^@hearth/testing$': path.join(root, 'libs/testing/src/index.ts'),
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'cjs', 'json'],
  clearMocks: true,
};
