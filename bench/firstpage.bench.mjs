// The first page a person opens, against a floor measured in the same run on the same server:
//  - Hearth: `/sign-in` (someone not signed in) and a signed-in client's `/home` (cold cache, the
//    refresh cookie from a sign-in through the page), in headless Chromium: every JavaScript file
//    the page fetched, its bytes as served (gzip or brotli, from Resource Timing) and decoded,
//    split by when it arrived — before the first contentful paint, before the page showed what it
//    is for (the sign-in form; the home's "Hello, …" heading), and by the end of the load.
//  - Lighthouse (its default config: the mobile preset, simulated slow 4G and a 4× slower CPU)
//    on both pages: performance score, FCP, LCP, TBT; median of BENCH_LIGHTHOUSE_RUNS.
//  - Floor: a hello-world page (HTML and a tiny script) served by the same server from the same
//    build folder, measured the same way: what a page that does nothing costs here.
// Runs the built server (`npm run build`) on a fresh PostgreSQL database.
// Usage: node bench/firstpage.bench.mjs   (BENCH_FIRSTPAGE_ROUNDS=n browser loads per page,
// default 5; BENCH_LIGHTHOUSE_RUNS=n, default 3; writes bench/results/firstpage.json)
/* global document, window, MutationObserver -- init scripts run in the browser */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { admin, freePort, postgresServerUrl } from './lib/common.mjs';
import { oneToOneSessionNow } from './lib/live-course.mjs';
import { startMailbox } from './lib/mailbox.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.env.BENCH_FIRSTPAGE_ROUNDS ?? 5);
const lighthouseRuns = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps calling out to hosts it cannot reach.
const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const password = 'copper meadow lantern harbour';
// The targets: gzip JavaScript before the first render, and Lighthouse's mobile score.
const jsBudgetBytes = 90 * 1024;
const scoreTarget = 95;

const round = (n, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// The build, with the floor page beside it, served by one server.
const webDist = join(root, 'dist/apps/web');
const served = mkdtempSync(join(os.tmpdir(), 'hearth-firstpage-'));
cpSync(webDist, served, { recursive: true });
const floorScript = 'assets/floor-0f1e2d3c.js';
writeFileSync(
  join(served, floorScript),
  'document.getElementById("root").innerHTML = "<h1>Hello, world</h1><p>A page that does nothing.</p>";\n',
);
writeFileSync(
  join(served, 'floor.html'),
  `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="description" content="The floor of the first-page benchmark." />
    <title>Floor</title>
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="/${floorScript}"></script>
  </body>
</html>
`,
);

const dbName = `hearth_bench_${randomBytes(4).toString('hex')}`;
await admin(`CREATE DATABASE ${dbName} TEMPLATE template0`);
const dbUrl = new URL(postgresServerUrl);
dbUrl.pathname = `/${dbName}`;
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const mailbox = await startMailbox();
const server = spawn(process.execPath, [join(root, 'dist/api/apps/api/src/main.js')], {
  cwd: root,
  env: {
    PATH: process.env.PATH,
    DATABASE_URL: dbUrl.toString(),
    SMTP_URL: mailbox.url,
    PORT: String(port),
    NODE_ENV: 'production',
    REMINDER_INTERVAL_SECONDS: '0',
    WEB_DIST_DIR: served,
    SFU_PORT: '0',
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});

let browser;
let chrome;
// Playwright attached to the Chromium Lighthouse drives, to sign in there.
let driver;
let lighthouseRetries = 0;
async function cleanUp() {
  await browser?.close().catch(() => undefined);
  try {
    chrome?.kill();
  } catch {
    // already gone
  }
  server.kill('SIGTERM');
  if (server.exitCode === null && server.signalCode === null) {
    await once(server, 'exit').catch(() => undefined);
  }
  await mailbox.stop().catch(() => undefined);
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
  rmSync(served, { recursive: true, force: true });
}

async function api(method, path, body, token) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function waitReady() {
  for (let i = 0; i < 300; i += 1) {
    try {
      if ((await fetch(`${base}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    if (server.exitCode !== null)
      throw new Error(`the server exited during start-up (${server.exitCode})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not become ready');
}

/** Init script: the time (ms since navigation start) the page first showed what it is for. */
function watchReady(kind) {
  const shown = {
    signIn: () => document.querySelector('form input[type="password"]'),
    home: () => /^Hello/.test(document.querySelector('h1')?.textContent ?? ''),
    floor: () => document.querySelector('h1'),
  }[kind];
  const check = () => {
    if (window.__readyAt === undefined && shown()) window.__readyAt = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true });
}

/** Size on disk of a built file's precompressed copy, or of the file when it has none. */
function fileSize(urlPath, suffix) {
  const path = join(served, urlPath);
  if (!suffix) return statSync(path).size;
  try {
    return statSync(`${path}${suffix}`).size;
  } catch {
    return statSync(path).size;
  }
}

/**
 * The scripts a page cannot render without: the one index.html starts and, transitively, every
 * chunk it imports statically (lazy `import()` chunks are left out), from the build itself.
 */
function neededBeforeRender(htmlPath) {
  const html = readFileSync(join(served, htmlPath), 'utf8');
  const start = /<script type="module"[^>]*\ssrc="\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
  if (!start) throw new Error(`${htmlPath} starts no module script from /assets`);
  const staticImport =
    /(?:^|[;}\n])\s*(?:import|export)\s*(?:[{*\w$][^"'();]*?from\s*)?["']\.\/([^"']+\.js)["']/g;
  const seen = new Set();
  const queue = [start];
  while (queue.length) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(served, file), 'utf8');
    for (const m of code.matchAll(staticImport)) queue.push(`assets/${m[1]}`);
  }
  const files = [...seen];
  const sum = (suffix) => files.reduce((n, f) => n + fileSize(`/${f}`, suffix), 0);
  return {
    requests: files.length,
    gzipBytes: sum('.gz'),
    brotliBytes: sum('.br'),
    rawBytes: sum(''),
    files: files.map((f) => f.replace('assets/', '')),
  };
}

/** What the page in `page` loaded, from its Resource Timing, split by time. */
async function measureLoad(page, encodings) {
  await page.waitForFunction(() => window.__readyAt !== undefined, null, { timeout: 90_000 });
  await page.waitForLoadState('networkidle');
  const timing = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    readyAt: window.__readyAt,
    scripts: performance
      .getEntriesByType('resource')
      .filter((e) => new URL(e.name).pathname.endsWith('.js'))
      .map((e) => ({
        path: new URL(e.name).pathname,
        transferSize: e.transferSize,
        encodedBodySize: e.encodedBodySize,
        decodedBodySize: e.decodedBodySize,
        responseEnd: e.responseEnd,
      })),
  }));
  if (timing.scripts.some((s) => s.transferSize === 0)) {
    throw new Error('a script came from the cache: the load was meant to be cold');
  }
  const upTo = (limit) => {
    const scripts = timing.scripts.filter((s) => limit === null || s.responseEnd <= limit);
    const sum = (pick) => scripts.reduce((n, s) => n + pick(s), 0);
    return {
      requests: scripts.length,
      servedBytes: sum((s) => s.encodedBodySize),
      gzipBytes: sum((s) => fileSize(s.path, '.gz')),
      brotliBytes: sum((s) => fileSize(s.path, '.br')),
      decodedBytes: sum((s) => s.decodedBodySize),
      files: scripts.map((s) => s.path.replace('/assets/', '')),
    };
  };
  return {
    fcpMs: round(timing.fcp),
    readyMs: round(timing.readyAt),
    servedAs: [...new Set(timing.scripts.map((s) => encodings.get(s.path) ?? 'identity'))],
    beforeFirstPaint: upTo(timing.fcp),
    beforeReady: upTo(timing.readyAt),
    wholeLoad: upTo(null),
  };
}

async function newMeasuredPage(context, kind) {
  const page = await context.newPage();
  await page.addInitScript(watchReady, kind);
  const encodings = new Map();
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (path.endsWith('.js'))
      encodings.set(path, response.headers()['content-encoding'] ?? 'identity');
  });
  return { page, encodings };
}

async function signIn(page, email) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // A busy machine can take a while to sign in; the measured loads come after.
  try {
    await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor({ timeout: 90_000 });
  } catch (error) {
    const shown = await page
      .locator('body')
      .innerText()
      .catch(() => '');
    throw new Error(`signing in did not reach the home page; ${page.url()} showed: ${shown}`, {
      cause: error,
    });
  }
}

const viewport = { width: 412, height: 823 };

/** One cold load of `path` in a fresh context. */
async function loadOnce(kind, path) {
  const context = await browser.newContext({ viewport });
  try {
    const { page, encodings } = await newMeasuredPage(context, kind);
    await page.goto(`${base}${path}`);
    return await measureLoad(page, encodings);
  } finally {
    await context.close();
  }
}

/**
 * One load of `path` by someone signed in (in `context`, which keeps the refresh cookie) whose
 * browser cache is empty: the cache is cleared before each load, the cookies are kept.
 */
async function loadSignedIn(context, kind, path) {
  const blank = await context.newPage();
  const cdp = await context.newCDPSession(blank);
  await cdp.send('Network.clearBrowserCache');
  await blank.close();
  const { page, encodings } = await newMeasuredPage(context, kind);
  try {
    await page.goto(`${base}${path}`);
    return await measureLoad(page, encodings);
  } finally {
    await page.close();
  }
}

function summarise(loads) {
  const [first] = loads;
  return {
    rounds: loads.length,
    fcpMs: { median: round(median(loads.map((l) => l.fcpMs))), all: loads.map((l) => l.fcpMs) },
    readyMs: {
      median: round(median(loads.map((l) => l.readyMs))),
      all: loads.map((l) => l.readyMs),
    },
    servedAs: first.servedAs,
    // Bytes are the same every round for the same build; the first round's are kept.
    beforeFirstPaint: first.beforeFirstPaint,
    beforeReady: first.beforeReady,
    wholeLoad: first.wholeLoad,
    beforeFirstPaintGzipRange: [
      Math.min(...loads.map((l) => l.beforeFirstPaint.gzipBytes)),
      Math.max(...loads.map((l) => l.beforeFirstPaint.gzipBytes)),
    ],
  };
}

async function lighthouseRun(url, { signedInAs } = {}) {
  if (signedInAs) {
    // Sign in through the page in the browser Lighthouse drives (once: the runs keep the
    // cookies), then leave it with an empty cache, and tell Lighthouse not to clear cookies.
    const first = !driver;
    driver ??= await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
    const context = driver.contexts()[0];
    const page = await context.newPage();
    if (first) await signIn(page, signedInAs);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    await page.close();
  }
  // On a busy machine Lighthouse sometimes loses its trace (NO_NAVSTART): such a run says
  // nothing about the page and is run again, twice at most; the retries are counted.
  let lhr;
  for (let attempt = 1; ; attempt += 1) {
    ({ lhr } = await lighthouse(url, {
      port: chrome.port,
      onlyCategories: ['performance'],
      output: 'json',
      logLevel: 'error',
      disableStorageReset: Boolean(signedInAs),
    }));
    if (!lhr.runtimeError || attempt === 3) break;
    lighthouseRetries += 1;
    console.log(`  lighthouse ${new URL(url).pathname}: ${lhr.runtimeError.code}, again`);
  }
  console.log(
    `  lighthouse ${new URL(url).pathname}: ${Math.round(lhr.categories.performance.score * 100)}`,
  );
  if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.message}`);
  const final = new URL(lhr.finalDisplayedUrl).pathname;
  if (final !== new URL(url).pathname) throw new Error(`Lighthouse on ${url} ended on ${final}`);
  const audit = (id) => round(lhr.audits[id].numericValue);
  return {
    score: Math.round(lhr.categories.performance.score * 100),
    fcpMs: audit('first-contentful-paint'),
    lcpMs: audit('largest-contentful-paint'),
    tbtMs: audit('total-blocking-time'),
    speedIndexMs: audit('speed-index'),
    cls: round(lhr.audits['cumulative-layout-shift'].numericValue, 3),
    formFactor: lhr.configSettings.formFactor,
    throttling: lhr.configSettings.throttlingMethod,
    // Where the main thread's time went, per script (ms of the throttled CPU).
    bootup: (lhr.audits['bootup-time'].details?.items ?? []).slice(0, 6).map((item) => ({
      url: item.url.replace(base, ''),
      totalMs: round(item.total),
      scriptingMs: round(item.scripting),
      parseMs: round(item.scriptParseCompile),
    })),
  };
}

async function lighthouseMedian(url, options) {
  const runs = [];
  for (let i = 0; i < lighthouseRuns; i += 1) runs.push(await lighthouseRun(url, options));
  const pick = (key) => median(runs.map((r) => r[key]));
  return {
    runs: runs.length,
    formFactor: runs[0].formFactor,
    throttling: runs[0].throttling,
    score: pick('score'),
    fcpMs: pick('fcpMs'),
    lcpMs: pick('lcpMs'),
    tbtMs: pick('tbtMs'),
    speedIndexMs: pick('speedIndexMs'),
    cls: pick('cls'),
    scores: runs.map((r) => r.score),
    bootupOfMedianRun: [...runs].sort((a, b) => a.score - b.score)[Math.floor(runs.length / 2)]
      .bootup,
  };
}

try {
  await waitReady();
  const { people } = await oneToOneSessionNow(api, mailbox, password);
  const client = people.client.email;

  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags.slice(1) });
  const chromiumVersion = browser.version();
  const loads = { floor: [], signIn: [], home: [] };
  // One sign-in through the page; every home load after it is a return visit with a cold cache.
  const clientContext = await browser.newContext({ viewport });
  const signInPage = await clientContext.newPage();
  await signIn(signInPage, client);
  await signInPage.close();
  for (let i = 0; i < rounds; i += 1) {
    console.log(`  round ${i + 1} of ${rounds}: floor, /sign-in, /home`);
    loads.floor.push(await loadOnce('floor', '/floor.html'));
    loads.signIn.push(await loadOnce('signIn', '/sign-in'));
    loads.home.push(await loadSignedIn(clientContext, 'home', '/home'));
  }
  await browser.close();
  browser = undefined;

  chrome = await chromeLauncher.launch({ chromePath: chromiumPath, chromeFlags: chromiumFlags });
  const lh = {
    floor: await lighthouseMedian(`${base}/floor.html`),
    signIn: await lighthouseMedian(`${base}/sign-in`),
    home: await lighthouseMedian(`${base}/home`, { signedInAs: client }),
  };

  // Every page of the app starts from the same index.html: the same scripts before a render.
  const appNeeds = neededBeforeRender('index.html');
  const pages = {
    floor: {
      neededBeforeRender: neededBeforeRender('floor.html'),
      ...summarise(loads.floor),
      lighthouse: lh.floor,
    },
    signIn: { neededBeforeRender: appNeeds, ...summarise(loads.signIn), lighthouse: lh.signIn },
    home: { neededBeforeRender: appNeeds, ...summarise(loads.home), lighthouse: lh.home },
  };
  const result = {
    date: new Date().toISOString(),
    chromium: chromiumVersion,
    lighthouse: JSON.parse(readFileSync(join(root, 'node_modules/lighthouse/package.json'), 'utf8'))
      .version,
    targets: {
      gzipJsBeforeFirstRenderBytes: jsBudgetBytes,
      lighthouseMobileScore: scoreTarget,
    },
    method:
      'cold cache; "neededBeforeRender": the script index.html starts and every chunk it imports statically, from the build (what must arrive before anything renders); bytes from Resource Timing (encodedBodySize as served, decodedBodySize), gzip/brotli from the build’s precompressed copies of the same files; "beforeFirstPaint" counts scripts whose response ended by the first contentful paint, "beforeReady" by the moment the page showed the sign-in form or the home heading',
    lighthouseRetries,
    loadAverage: os.loadavg().map((n) => round(n, 2)),
    pages,
  };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/firstpage.json'), `${JSON.stringify(result, null, 2)}\n`);
  const kb = (n) => `${round(n / 1024)} KB`;
  for (const [name, p] of Object.entries(pages)) {
    console.log(
      `${name}: JS needed before a render ${kb(p.neededBeforeRender.gzipBytes)} gzip (${p.neededBeforeRender.requests} files); arrived before first paint ${kb(p.beforeFirstPaint.gzipBytes)} gzip (${kb(p.beforeFirstPaint.servedBytes)} as served, ${p.servedAs.join('/')}; ${kb(p.beforeFirstPaint.decodedBytes)} decoded, ${p.beforeFirstPaint.requests} files); before ready ${kb(p.beforeReady.gzipBytes)} gzip; whole load ${kb(p.wholeLoad.gzipBytes)} gzip; FCP ${p.fcpMs.median} ms, ready ${p.readyMs.median} ms; Lighthouse mobile ${p.lighthouse.score} (FCP ${p.lighthouse.fcpMs} ms, LCP ${p.lighthouse.lcpMs} ms, TBT ${p.lighthouse.tbtMs} ms; runs ${p.lighthouse.scores.join(', ')})`,
    );
  }
} finally {
  await cleanUp();
}
