import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { RequestHandler } from 'express';

/** The encodings the web build writes beside its files, best first. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/**
 * Serves the `.br`/`.gz` copies the web build wrote beside its files to browsers that accept
 * them, so the first page costs a phone a third of its bytes and the server compresses nothing
 * per request. The map of URL paths is made once at start-up from the build folder (it does not
 * change while Hearth runs), which also means no request path ever reaches the file system.
 */
export function servePrecompressed(root: string, options: { maxAge: string; immutable: boolean }) {
  const variants = new Map<string, Map<string, string>>();
  if (existsSync(root)) {
    for (const file of filesUnder(root)) {
      const encoding = ENCODINGS.find((e) => file.endsWith(e.suffix));
      if (!encoding) continue;
      const original = file.slice(0, -encoding.suffix.length);
      if (!existsSync(original)) continue;
      const urlPath = `/${relative(root, original).split(sep).join('/')}`;
      const byEncoding = variants.get(urlPath) ?? new Map<string, string>();
      byEncoding.set(encoding.name, file);
      variants.set(urlPath, byEncoding);
    }
  }
  const handler: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const available = variants.get(req.path);
    if (!available) return next();
    // Caches must keep one copy per encoding, whichever this answer is.
    res.vary('Accept-Encoding');
    // Our order, not the browser's: Chromium lists gzip before br with equal weight.
    const encoding = ENCODINGS.find(
      ({ name }) => available.has(name) && req.acceptsEncodings(name) === name,
    );
    const file = encoding && available.get(encoding.name);
    if (!encoding || !file) return next();
    res.setHeader('Content-Encoding', encoding.name);
    // The type of the original file, not of its compressed copy.
    res.type(req.path.slice(req.path.lastIndexOf('.')));
    res.sendFile(file, { maxAge: options.maxAge, immutable: options.immutable, dotfiles: 'deny' });
  };
  return handler;
}
