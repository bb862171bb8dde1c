// Join → first remote frame (QUALITY.md), against a baseline measured in the same run:
//  - Hearth: a client (whose course lets members skip the waiting room, so no waiting time is
//    counted) presses Join in the real web app in headless Chromium; the time until the first
//    frame of the therapist's video is presented (requestVideoFrameCallback) in the client's tile.
//    Camera and microphone are already open from the pre-join screen, as for a real user.
//  - Baseline: two RTCPeerConnections in one page, no server: the time from creating them (with
//    the camera stream already open) until the first frame is presented on the receiving side.
// Runs the built server (`npm run build`) with its mediasoup worker on a fresh PostgreSQL
// database, Debian's Chromium with fake devices, everything on loopback.
// Usage: node bench/join.bench.mjs   (BENCH_JOINS=n, default 20; writes bench/results/join.json)
/* global document, window, MediaStream, RTCPeerConnection -- page.evaluate and the trace run in the browser */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  launchChromium,
  leaveCall,
  password,
  signedInPage,
  startServer,
  timeJoinToFirstFrame,
} from './lib/call-bench.mjs';
import { percentile } from './lib/common.mjs';
import { oneToOneSessionNow } from './lib/live-course.mjs';
import { describeMemory, memorySampler } from './lib/memory.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const joins = Number(process.env.BENCH_JOINS ?? 20);

const round = (n) => Math.round(n * 10) / 10;
const summary = (values) => ({
  p50: round(percentile(values, 50)),
  p95: round(percentile(values, 95)),
  max: round(Math.max(...values)),
  n: values.length,
});

const { base, api, mailbox, server, waitReady, stop } = await startServer(root);
// Peak RSS of the API server and of its mediasoup workers (one per core) over the joins.
const memory = memorySampler({ label: 'API server', pid: server.pid });

let browser;
async function cleanUp() {
  memory.stop();
  await browser?.close().catch(() => undefined);
  await stop();
}

const setUp = () => oneToOneSessionNow(api, mailbox, password);

// BENCH_TRACE=1 prints where the time of the last join went: every signalling message and
// every peer-connection state change, in ms from the press of Join.
const trace = process.env.BENCH_TRACE === '1';

function installTrace() {
  const events = [];
  window.__joinTrace = events;
  const mark = (what) => events.push([performance.now(), what]);
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (typeof data === 'string' && data.startsWith('42')) {
      mark(`→ ${data.slice(2).match(/^\d*\["([^"]+)"/)?.[1] ?? data.slice(0, 30)}`);
    }
    return send.call(this, data);
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const data = String(event.data);
        if (/^4[23]/.test(data)) {
          const name = data.match(/^4[23]\d*\["([^"]+)"/)?.[1];
          mark(`← ${name ?? 'ack'}`);
        }
      });
    }
  };
  const NativePc = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends NativePc {
    constructor(...args) {
      super(...args);
      const id = Math.random().toString(36).slice(2, 5);
      this.addEventListener('iceconnectionstatechange', () =>
        mark(`pc ${id} ice ${this.iceConnectionState}`),
      );
      this.addEventListener('connectionstatechange', () =>
        mark(`pc ${id} ${this.connectionState}`),
      );
      this.addEventListener('track', (e) => mark(`pc ${id} track ${e.track.kind}`));
    }
  };
}

const signIn = (email) =>
  signedInPage(browser, base, email, trace ? { initScript: installTrace } : {});

/** One join of the client: from pressing Join to the therapist's first presented frame (ms). */
async function timeOneJoin(page, joinPath, therapistId) {
  const elapsed = await timeJoinToFirstFrame(page, base, joinPath, therapistId);
  if (trace) {
    const lines = await page.evaluate(() =>
      (window.__joinTrace ?? [])
        .filter(([t]) => t >= window.__joinT0)
        .map(([t, what]) => `${(t - window.__joinT0).toFixed(0).padStart(6)} ms  ${what}`),
    );
    console.log(`join traced (${elapsed.toFixed(0)} ms to the first frame):\n${lines.join('\n')}`);
  }
  await leaveCall(page);
  return elapsed;
}

/** The baseline: two peer connections in one page, the camera stream already open (ms). */
async function timeBaseline(page) {
  return page.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    const t0 = performance.now();
    const sender = new RTCPeerConnection();
    const receiver = new RTCPeerConnection();
    sender.onicecandidate = (e) => e.candidate && receiver.addIceCandidate(e.candidate);
    receiver.onicecandidate = (e) => e.candidate && sender.addIceCandidate(e.candidate);
    const video = document.createElement('video');
    video.muted = true;
    video.autoplay = true;
    document.body.append(video);
    const firstFrame = new Promise((resolve) => {
      receiver.ontrack = (event) => {
        if (event.track.kind !== 'video') return;
        video.srcObject = new MediaStream([event.track]);
        video.requestVideoFrameCallback(() => resolve(performance.now() - t0));
      };
    });
    for (const track of stream.getTracks()) sender.addTrack(track, stream);
    await sender.setLocalDescription(await sender.createOffer());
    await receiver.setRemoteDescription(sender.localDescription);
    await receiver.setLocalDescription(await receiver.createAnswer());
    await sender.setRemoteDescription(receiver.localDescription);
    const elapsed = await firstFrame;
    sender.close();
    receiver.close();
    video.remove();
    for (const track of stream.getTracks()) track.stop();
    return elapsed;
  });
}

try {
  await waitReady();
  const { people, joinPath } = await setUp();
  browser = await launchChromium();
  const therapist = await signIn(people.therapist.email);
  await therapist.goto(`${base}${joinPath}`);
  await therapist.getByRole('button', { name: 'Join', exact: true }).click();
  await therapist.getByRole('toolbar', { name: 'Call controls' }).waitFor();
  const client = await signIn(people.client.email);

  // One untimed round each warms up the browser, the server and the worker.
  await timeOneJoin(client, joinPath, people.therapist.id).catch(async (error) => {
    // BENCH_DEBUG=dir keeps what both pages showed when the warm-up join failed.
    const debugDir = process.env.BENCH_DEBUG;
    if (debugDir) {
      mkdirSync(debugDir, { recursive: true });
      await client.screenshot({ path: join(debugDir, 'join-client.png') });
      await therapist.screenshot({ path: join(debugDir, 'join-therapist.png') });
    }
    throw error;
  });
  await timeBaseline(client);
  const hearth = [];
  const baseline = [];
  for (let i = 0; i < joins; i += 1) {
    hearth.push(await timeOneJoin(client, joinPath, people.therapist.id));
    baseline.push(await timeBaseline(client));
  }
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model.trim(),
      memoryGiB: round(os.totalmem() / 2 ** 30),
    },
    node: process.version,
    chromium: browser.version(),
    joinToFirstRemoteFrame: {
      hearth: summary(hearth),
      baselineTwoPeerConnections: summary(baseline),
      target: 'p95 <= 400 ms',
      ratioP95: round(percentile(hearth, 95) / percentile(baseline, 95)),
      met: percentile(hearth, 95) <= 400,
    },
    memory: memory.stop(),
  };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/join.json'), `${JSON.stringify(result, null, 2)}\n`);
  const j = result.joinToFirstRemoteFrame;
  console.log('join → first remote frame (ms)      p50     p95     max   n');
  for (const [name, s] of [
    ['Hearth (web app, SFU, auto-admit)', j.hearth],
    ['baseline: two peer connections', j.baselineTwoPeerConnections],
  ]) {
    console.log(
      `${name.padEnd(36)}${String(s.p50).padStart(6)}${String(s.p95).padStart(8)}${String(s.max).padStart(8)}${String(s.n).padStart(4)}`,
    );
  }
  console.log(
    `p95 ratio to baseline: ${j.ratioP95}; target ${j.target}: ${j.met ? 'met' : 'NOT met'}`,
  );
  console.log(describeMemory(result.memory));
} finally {
  await cleanUp();
}
