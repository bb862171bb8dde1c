import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type Express } from 'express';
import { servePrecompressed } from './precompressed';

// Paths the API owns; everything else that asks for HTML is a page of the single-page app.
const apiPrefixes = ['/api/', '/health/'];

/**
 * Serves the built web app, so one URL serves everything. Returns false when there is no build
 * (in development Vite serves the web app and proxies the API).
 */
export function mountWebApp(app: Express, distDir: string): boolean {
  const root = resolve(distDir);
  const index = join(root, 'index.html');
  if (!existsSync(index)) return false;
  // Hashed assets never change under the same name; index.html must always be fresh.
  const assets = join(root, 'assets');
  app.use('/assets', servePrecompressed(assets, { maxAge: '1y', immutable: true }));
  app.use(
    '/assets',
    express.static(assets, {
      immutable: true,
      maxAge: '1y',
      index: false,
      fallthrough: false,
    }),
  );
  // index.html names the hashed files of one build: asked for by name it is no more cacheable
  // than as a page, or a browser could keep asking for files a newer build no longer has.
  app.get('/index.html', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index, { cacheControl: false });
  });
  app.use(servePrecompressed(root, { maxAge: '1h', immutable: false }));
  app.use(express.static(root, { index: false, maxAge: '1h' }));
  app.use((req, res, next) => {
    const isPage =
      (req.method === 'GET' || req.method === 'HEAD') &&
      !apiPrefixes.some(
        (prefix) => req.path.startsWith(prefix) || req.path === prefix.slice(0, -1),
      ) &&
      req.accepts(['html', 'json']) === 'html';
    if (!isPage) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
