// One lint configuration for the whole workspace. The module-boundary rule is what keeps the
// architecture visible: pure rules in domain, wire shapes in contracts, mediasoup in sfu, and only
// the apps put them together (see ARCHITECTURE.md, "Which project may import which").
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Pure rules and wire contracts must not reach for frameworks or runtime services.
const pureLibraryImports = [
  {
    group: ['@nestjs/*', 'typeorm', 'pg', 'react', 'react-dom', 'mediasoup', 'socket.io', 'node:*'],
    message: 'libs/domain and libs/contracts stay free of frameworks and I/O.',
  },
  {
    group: ['**/apps/**', '**/libs/sfu/**'],
    message: 'Libraries never import application code.',
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      '.nx/**',
      '.hearth/**',
      'tools/mediasoup-worker/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Source files of the projects; build and test configuration may reach shared presets.
    files: ['apps/*/src/**/*.{ts,tsx}', 'libs/*/src/**/*.ts', 'test/**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          // The web's first page loads its few routes lazily (apps/web/src/api/contracts-later.ts)
          // while later pages import the contracts statically; the bundler shares the chunks.
          checkDynamicDependenciesExceptions: [
            '@hearth/contracts',
            '@hearth/contracts/first-calls',
          ],
          depConstraints: [
            { sourceTag: 'scope:domain', onlyDependOnLibsWithTags: [] },
            // Only the domain's value lists (one vocabulary); the no-restricted-imports rule
            // below keeps contracts to '@hearth/domain/vocabulary'.
            { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: ['scope:domain'] },
            { sourceTag: 'scope:sfu', onlyDependOnLibsWithTags: ['scope:contracts'] },
            {
              sourceTag: 'scope:api',
              onlyDependOnLibsWithTags: [
                'scope:domain',
                'scope:contracts',
                'scope:sfu',
                'scope:testing',
              ],
            },
            // Shared test fixtures (fresh databases on the real server, the API as a person
            // through the contract client); imported only by tests.
            { sourceTag: 'scope:testing', onlyDependOnLibsWithTags: ['scope:contracts'] },
            {
              sourceTag: 'scope:web',
              onlyDependOnLibsWithTags: ['scope:domain', 'scope:contracts'],
            },
            {
              sourceTag: 'scope:e2e',
              onlyDependOnLibsWithTags: [
                'scope:domain',
                'scope:contracts',
                'scope:sfu',
                'scope:testing',
              ],
            },
          ],
        },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  {
    // Nest resolves constructor parameters from emitted type metadata, so an injected class must
    // stay a value import even when it is only used as a type.
    files: ['apps/api/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: pureLibraryImports }] },
  },
  {
    // The vocabulary is what contracts may read of the domain: values only, importing nothing.
    files: ['libs/domain/src/vocabulary.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['*'], message: 'The vocabulary holds values only.' }] },
      ],
    },
  },
  {
    files: ['libs/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@hearth/domain',
              message:
                "Contracts read only the domain's value lists: import from '@hearth/domain/vocabulary'.",
            },
          ],
          patterns: [
            ...pureLibraryImports,
            {
              group: ['**/libs/domain/**'],
              message: "Contracts read only the domain's value lists: '@hearth/domain/vocabulary'.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/sfu/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@nestjs/*'], message: 'libs/sfu is mediasoup without Nest.' }] },
      ],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Scripts and tools run on Node and talk to the terminal on purpose.
    files: [
      'tools/**/*.{mjs,cjs,js,ts}',
      'docker/**/*.{mjs,cjs,js}',
      'bench/**/*.mjs',
      'test/**/*.{ts,mjs}',
      '**/*.cjs',
      '**/*.config.*',
    ],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-console': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
