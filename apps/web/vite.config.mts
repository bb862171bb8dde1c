import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { precompress } from './build/precompress.mjs';

const appRoot = fileURLToPath(new URL('.', import.meta.url));
const fromWorkspace = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

// The API listens on 127.0.0.1:3000 by default; HEARTH_API_URL points the dev proxy elsewhere.
function apiTarget(): string {
  const value = process.env['HEARTH_API_URL'] ?? 'http://127.0.0.1:3000';
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw new Error(`HEARTH_API_URL must be an http(s) URL such as http://127.0.0.1:3000`);
  }
  return value;
}

// What `@hearth/contracts/first-calls` brings: zod and the modules that file imports. A contract
// module added to it must be listed here too, or it would travel with every other route (the
// first-page e2e test checks that the first page does not load the 'contracts' chunk).
const firstCallsModules = [
  'first-calls.ts',
  'http/api-client.ts',
  'http/errors.ts',
  'http/route.ts',
  'health/health.contract.ts',
  'identity/identity.contract.ts',
  'identity/second-factor.contract.ts',
  'primitives/index.ts',
  'primitives/text.ts',
  'primitives/time.ts',
].map((path) => `/libs/contracts/src/${path}`);

function isFirstCallsModule(id: string): boolean {
  return id.includes('/node_modules/zod/') || firstCallsModules.some((path) => id.endsWith(path));
}

export default defineConfig(({ command, mode }) => {
  // Only the dev server proxies, so a bad HEARTH_API_URL must not break a build or a test run.
  const target = command === 'serve' && mode !== 'test' ? apiTarget() : '';
  return {
    // Nx runs every command from the workspace root; the app's files live here.
    root: appRoot,
    // Keep Vite's and Vitest's caches with the workspace's other tool caches, not in the app folder.
    cacheDir: fromWorkspace('node_modules/.vite/web'),
    plugins: [react(), precompress()],
    resolve: {
      // Exact names: '@hearth/domain/vocabulary' is a module of its own.
      alias: [
        { find: /^@hearth\/contracts$/, replacement: fromWorkspace('libs/contracts/src/index.ts') },
        // The frame format alone, for the encryption worker (the whole contract brings zod).
        {
          find: /^@hearth\/contracts\/e2ee-frame$/,
          replacement: fromWorkspace('libs/contracts/src/live/e2ee-frame.ts'),
        },
        {
          find: /^@hearth\/contracts\/first-calls$/,
          replacement: fromWorkspace('libs/contracts/src/first-calls.ts'),
        },
        { find: /^@hearth\/domain$/, replacement: fromWorkspace('libs/domain/src/index.ts') },
        {
          find: /^@hearth\/domain\/vocabulary$/,
          replacement: fromWorkspace('libs/domain/src/vocabulary.ts'),
        },
      ],
    },
    build: {
      outDir: fromWorkspace('dist/apps/web'),
      emptyOutDir: true,
      // The API serves /assets as immutable, so only content-hashed files may live there.
      assetsDir: 'assets',
      rolldownOptions: {
        output: {
          codeSplitting: {
            // Otherwise the group below would also take ApiError, which the first page needs.
            includeDependenciesRecursively: false,
            groups: [
              // zod and the few routes of the first API calls (the session refresh, readiness,
              // sign-in): loaded with the first call, without every other route's schemas.
              { name: 'first-calls', test: (id: string) => isFirstCallsModule(id) },
              // Every other route and schema, loaded by the pages that call them.
              {
                name: 'contracts',
                test: (id: string) =>
                  id.includes('/libs/contracts/src/') && !id.endsWith('/http/api-error.ts'),
              },
            ],
          },
        },
        treeshake: {
          // Contract modules only declare routes and schemas: a page that takes one export
          // (ApiError, a type guard) must not bring every schema along.
          moduleSideEffects: (id: string) => !id.includes('/libs/contracts/src/'),
        },
      },
    },
    server: {
      port: 4200,
      strictPort: true,
      proxy: {
        // The live-session socket (LIVE_SOCKET_PATH in the contracts; a spec keeps the two equal)
        // upgrades to a WebSocket. It comes before /api/, which would match it first.
        '/api/live/socket.io': { target, changeOrigin: true, ws: true },
        '/api/': { target, changeOrigin: true },
        '/health/': { target, changeOrigin: true },
      },
    },
    test: {
      environment: 'jsdom',
      include: ['src/**/*.spec.{ts,tsx}'],
      setupFiles: ['src/test-setup.ts'],
      restoreMocks: true,
    },
  };
});
