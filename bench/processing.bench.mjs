// Camera processing in the browser: the background pipeline of the built web app, fed a 640x360
// camera at 30 fps (a generated person video as Chromium's fake camera) and sent over a loopback
// WebRTC connection, in headless Chromium. Figures: time per frame from arrival to hand-over
// (p50/p95; and of that, the drawing alone), the frame rate the connection actually sends, and
// the CPU time of all of Chromium's processes, with strong blur on (then a background picture)
// beside the same pipeline passing frames through unprocessed (the baseline, measured in the same
// run and browser). The pipeline is told to keep going however slow it is, so the figures are the
// effect's own even on a machine where the page would turn it off (the slow-device switch itself
// is covered by the web app's unit tests).
//
// The microphone's noise suppressor is measured beside it, in Node on the same code and WebAssembly
// Hearth serves: its time per 10 ms frame (bench/processing/audio.mjs).
//
// Usage: npm run bench -- processing   (builds first), or node bench/processing.bench.mjs
// Knobs: BENCH_SECONDS (measured seconds per mode, 15), CHROMIUM_PATH, BENCH_AUDIO_SECONDS (20)
// of audio per round, BENCH_ROUNDS (5).
/* global document, MediaStream, RTCPeerConnection -- page.evaluate runs in the browser */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { writePersonVideo } from '../test/support/person-video.ts';
import { freePort, percentile } from './lib/common.mjs';
import { benchAudioDenoiser } from './processing/audio.mjs';
import { startMailbox } from './lib/mailbox.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const round = (n) => Math.round(n * 100) / 100;

const assets = join(root, 'dist/apps/web/assets');
const chunk = readdirSync(assets).find((f) => /^video-pipeline-.*\.js$/.test(f));
if (!chunk) {
  console.error('dist/apps/web has no video-pipeline chunk: build the web app first');
  process.exit(1);
}

const scratch = mkdtempSync(join(os.tmpdir(), 'hearth-bench-processing-'));
const video = join(scratch, 'person.y4m');
writePersonVideo(video);
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const mailbox = await startMailbox();
const server = spawn(process.execPath, [join(root, 'dist/api/apps/api/src/main.js')], {
  cwd: root,
  env: {
    PATH: process.env.PATH,
    HEARTH_DATA_DIR: join(scratch, 'data'),
    SMTP_URL: mailbox.url,
    PORT: String(port),
    NODE_ENV: 'production',
    REMINDER_INTERVAL_SECONDS: '0',
    WEB_DIST_DIR: join(root, 'dist/apps/web'),
    SFU_PORT: '0',
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});

let browser;
async function cleanUp() {
  await browser?.close().catch(() => undefined);
  server.kill('SIGTERM');
  if (server.exitCode === null && server.signalCode === null) {
    await once(server, 'exit').catch(() => undefined);
  }
  await mailbox.stop().catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
}

async function waitReady() {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the server did not become ready');
}

/** CPU seconds of every Chromium process so far. */
async function browserCpuSeconds(cdp) {
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  return processInfo.reduce((sum, p) => sum + p.cpuTime, 0);
}

/**
 * Runs the pipeline with `effect` on a fresh camera, sends its track over a loopback peer
 * connection, and measures `seconds` after a warm-up (until the fifth mask, for a blur).
 */
async function measureMode(page, cdp, effect) {
  await page.evaluate(
    async ({ url, effect }) => {
      const { startBackgroundPipeline } = await import(url);
      const stream = await navigator.mediaDevices.getUserMedia({
        video: { width: 640, height: 360, frameRate: 30 },
      });
      const bench = { gaveUp: null };
      // keepGoing: the blur's own cost is measured even where the page would turn it off.
      bench.pipeline = startBackgroundPipeline(stream.getVideoTracks()[0], effect, {
        onGiveUp: (reason) => (bench.gaveUp = reason),
        keepGoing: true,
      });
      const sender = new RTCPeerConnection();
      const receiver = new RTCPeerConnection();
      sender.onicecandidate = (e) => e.candidate && receiver.addIceCandidate(e.candidate);
      receiver.onicecandidate = (e) => e.candidate && sender.addIceCandidate(e.candidate);
      receiver.ontrack = (e) => {
        const v = document.createElement('video');
        v.muted = true;
        v.srcObject = new MediaStream([e.track]);
        void v.play();
        document.body.append(v);
      };
      sender.addTrack(bench.pipeline.track);
      await sender.setLocalDescription(await sender.createOffer());
      await receiver.setRemoteDescription(sender.localDescription);
      await receiver.setLocalDescription(await receiver.createAnswer());
      await sender.setRemoteDescription(receiver.localDescription);
      bench.sender = sender;
      bench.receiver = receiver;
      globalThis.bench = bench;
    },
    { url: `/assets/${chunk}`, effect },
  );
  const warmUpEnd = Date.now() + 60_000;
  await new Promise((resolve) => setTimeout(resolve, 3000));
  while (effect !== 'none' && Date.now() < warmUpEnd) {
    // Past the model's warm-up: its first masks take far longer than the next ones.
    const masks = await page.evaluate(() => globalThis.bench.pipeline.stats().masks);
    if (masks >= 5) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const snapshot = () =>
    page.evaluate(async () => {
      const { pipeline, sender } = globalThis.bench;
      let framesSent = 0;
      (await sender.getStats()).forEach((s) => {
        if (s.type === 'outbound-rtp' && s.kind === 'video') framesSent += s.framesSent ?? 0;
      });
      return { ...pipeline.stats(), framesSent, now: performance.now() };
    });
  const cpu0 = await browserCpuSeconds(cdp);
  const s0 = await snapshot();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const s1 = await snapshot();
  const cpu1 = await browserCpuSeconds(cdp);
  const gaveUp = await page.evaluate(() => {
    const { pipeline, sender, receiver, gaveUp } = globalThis.bench;
    pipeline.stop();
    sender.close();
    receiver.close();
    for (const v of document.querySelectorAll('video')) v.remove();
    return gaveUp;
  });
  const elapsed = (s1.now - s0.now) / 1000;
  const newFrames = s1.framesOut - s0.framesOut;
  const frameMs = s1.frameMs.slice(-Math.min(newFrames, s1.frameMs.length));
  const newMasks = s1.masks - s0.masks;
  const maskMs = s1.maskMs.slice(-Math.min(newMasks, s1.maskMs.length));
  const drawMs = s1.drawMs.slice(-Math.min(newFrames, s1.drawMs.length));
  return {
    effect,
    seconds: round(elapsed),
    frames: newFrames,
    frameMs: {
      p50: round(percentile(frameMs, 50)),
      p95: round(percentile(frameMs, 95)),
      n: frameMs.length,
    },
    // Of each frame's time, drawing the processed picture (the rest: waiting for the CPU, handing over).
    drawMs: drawMs.length
      ? { p50: round(percentile(drawMs, 50)), p95: round(percentile(drawMs, 95)) }
      : null,
    pipelineFps: round(newFrames / elapsed),
    sentFps: round((s1.framesSent - s0.framesSent) / elapsed),
    masksPerSecond: round(newMasks / elapsed),
    maskMs: maskMs.length
      ? { p50: round(percentile(maskMs, 50)), p95: round(percentile(maskMs, 95)) }
      : null,
    cpuSecondsPerSecond: round((cpu1 - cpu0) / elapsed),
    gaveUp,
  };
}

try {
  await waitReady();
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  const context = await browser.newContext();
  await context.grantPermissions(['camera']);
  const page = await context.newPage();
  await page.goto(`${base}/`);
  const cdp = await browser.newBrowserCDPSession();
  const baseline = await measureMode(page, cdp, 'none');
  const blur = await measureMode(page, cdp, 'strong');
  // A background picture instead of the blur (the same mask, no blur to draw).
  const replacement = await measureMode(page, cdp, 'room');
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model.trim(),
      loadAverage: os.loadavg().map(round),
    },
    node: process.version,
    chromium: browser.version(),
    camera: '640x360 at 30 fps (generated person video), headless Chromium without a GPU',
    blur,
    replacement,
    baselinePassThrough: baseline,
    cpuRatio: round(blur.cpuSecondsPerSecond / baseline.cpuSecondsPerSecond),
    target: 'p95 <= 20 ms per frame, >= 24 fps sent',
    met: blur.frameMs.p95 <= 20 && blur.sentFps >= 24,
    audio: await benchAudioDenoiser({
      seconds: Number(process.env.BENCH_AUDIO_SECONDS ?? 20),
      rounds: Number(process.env.BENCH_ROUNDS ?? 5),
    }),
  };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(
    join(root, 'bench/results/processing.json'),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  console.log(
    '640x360 camera            frame p50  frame p95  sent fps  CPU s/s  masks/s  mask p95',
  );
  for (const [name, r] of [
    ['strong blur', blur],
    ['picture (room)', replacement],
    ['baseline: pass-through', baseline],
  ]) {
    console.log(
      `${name.padEnd(24)}${String(r.frameMs.p50).padStart(10)}${String(r.frameMs.p95).padStart(11)}${String(r.sentFps).padStart(10)}${String(r.cpuSecondsPerSecond).padStart(9)}${String(r.masksPerSecond).padStart(9)}${String(r.maskMs?.p95 ?? '—').padStart(10)}`,
    );
  }
  const { audio } = result;
  console.log(
    `noise suppression: ${audio.simd.medianUs.toFixed(0)} µs per 10 ms frame (SIMD, median; ` +
      `best ${audio.simd.bestUs.toFixed(0)}), plain build ${audio.plain.medianUs.toFixed(0)} µs; ` +
      `${audio.realTimeSharePercent.toFixed(1)}% of one core in real time`,
  );
  console.log(
    `CPU blur/pass-through: ${result.cpuRatio}x; target ${result.target}: ${result.met ? 'met' : 'NOT met'}${blur.gaveUp ? `; the pipeline gave up: ${blur.gaveUp}` : ''}`,
  );
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
