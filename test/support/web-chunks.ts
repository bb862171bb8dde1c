import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** One JavaScript file of the web build and what it costs a browser. */
export interface WebChunk {
  readonly file: string;
  readonly raw: number;
  readonly gzip: number;
  readonly brotli: number;
}

/** The files a browser fetches before a page can show, with their totals. */
export interface PageCost {
  readonly chunks: readonly WebChunk[];
  readonly raw: number;
  readonly gzip: number;
  readonly brotli: number;
}

// A static import in a built chunk: `import{a as b}from"./x.js"`, `import"./x.js"` or
// `export{a}from"./x.js"`. Vite may put a `const __vite__mapDeps=…` line first, so they are
// looked for in the whole chunk;
// `import("./x.js")` is a lazy chunk, fetched only when its page is opened, and does not match.
const staticImport =
  /(?:^|[;}\n])\s*(?:import|export)\s*(?:[{*\w$][^"'();]*?from\s*)?["']\.\/([^"']+\.js)["']/g;

/** The chunks a chunk imports statically (file names inside `assets/`). */
export function staticImports(code: string): string[] {
  return [...code.matchAll(staticImport)].map((m) => m[1]!);
}

/** The chunks a chunk may load later with `import()`. */
export function lazyImports(code: string): string[] {
  // The bundler may quote the name with backticks.
  return [...code.matchAll(/\bimport\(\s*[`"']\.\/([^`"']+\.js)[`"']\s*\)/g)].map((m) => m[1]!);
}

/** The entry script index.html starts, as a file name inside `assets/`. */
export function entryChunk(dist: string): string {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entry = /<script type="module"[^>]*\ssrc="\/assets\/([^"]+\.js)"/.exec(html)?.[1];
  if (!entry) throw new Error(`${dist}/index.html starts no module script from /assets`);
  return entry;
}

function measure(dist: string, file: string): WebChunk {
  const code = readFileSync(join(dist, 'assets', file));
  return {
    file,
    raw: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
    }).length,
  };
}

/**
 * Everything a browser must fetch to run `starts` (chunk file names): those chunks and, followed
 * transitively, every chunk they import statically. Lazy chunks are left out.
 */
export function pageCost(dist: string, starts: readonly string[]): PageCost {
  const seen = new Set<string>();
  const queue = [...starts];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    const path = join(dist, 'assets', file);
    if (!existsSync(path)) throw new Error(`The web build has no assets/${file}`);
    seen.add(file);
    queue.push(...staticImports(readFileSync(path, 'utf8')));
  }
  const chunks = [...seen].map((file) => measure(dist, file));
  const sum = (key: 'raw' | 'gzip' | 'brotli') => chunks.reduce((n, c) => n + c[key], 0);
  return { chunks, raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') };
}

/** A cost as one line: requests, raw, gzip and brotli kilobytes. */
export function describeCost(cost: PageCost): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  return `${cost.chunks.length} JS requests, ${kb(cost.raw)} raw, ${kb(cost.gzip)} gzip, ${kb(cost.brotli)} brotli`;
}
