// Bytes each camera uploads in a three-person call on phones, with dynacast (the sender encodes
// only the simulcast layers someone receives) against the same call in the same run with
// SFU_DYNACAST=false (every layer always sent). A therapist and two clients join a couple
// session in headless Chromium, each in a phone-sized window (390×600 CSS px, devicePixelRatio
// 3); after the call settles, every sender's outbound-rtp bytes are summed per simulcast layer
// (rid) over BENCH_SECONDS. Each sender's qualityLimitationReason is recorded: a run in which
// a sender was limited by bandwidth or CPU for more than a tenth of the time sent less than it
// wanted, and is flagged, since its bytes then say more about the machine than about dynacast.
// The video each client phone receives is set beside what it would receive if every consumer
// forwarded the top layer (the others' top layers as sent in the every-layer call).
// Usage: node bench/uplink.bench.mjs   (BENCH_SECONDS=n, default 30; writes bench/results/uplink.json)
/* global document, window -- page.evaluate and the init script run in the browser */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { admin, freePort, postgresServerUrl } from './lib/common.mjs';
import { confirmedSignUp, startMailbox } from './lib/mailbox.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const password = 'copper meadow lantern harbour';
const phone = { viewport: { width: 390, height: 600 }, deviceScaleFactor: 3, isMobile: true };
/** Above this share of the window limited by bandwidth or CPU, a sender's figure is flagged. */
const limitedShare = 0.1;
const round = (n, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Keeps every RTCPeerConnection of the page (window.__pcs) to read its statistics. */
function recordPeerConnections() {
  const pcs = [];
  window.__pcs = pcs;
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      pcs.push(this);
    }
  };
}

/**
 * The page's camera encodings (bytes, on/off, frame height and limitation, by rid) and the video
 * bytes it has received (key `inbound`).
 */
async function cameraStats(page) {
  return page.evaluate(async () => {
    const found = { inbound: 0 };
    for (const pc of window.__pcs ?? []) {
      if (pc.connectionState === 'closed') continue;
      for (const s of (await pc.getStats()).values()) {
        if (s.type === 'inbound-rtp' && s.kind === 'video') found.inbound += s.bytesReceived ?? 0;
        if (s.type !== 'outbound-rtp' || s.kind !== 'video' || !s.rid) continue;
        found[s.rid] = {
          bytesSent: s.bytesSent ?? 0,
          active: s.active !== false,
          frameHeight: s.frameHeight ?? 0,
          reason: s.qualityLimitationReason ?? 'none',
          durations: s.qualityLimitationDurations ?? {},
        };
      }
    }
    return found;
  });
}

/** One call with the server set to `dynacast`; bytes per sender and layer over the window. */
async function measure(dynacast) {
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
      WEB_DIST_DIR: join(root, 'dist/apps/web'),
      SFU_PORT: '0',
      SFU_WORKERS: '1',
      SFU_DYNACAST: String(dynacast),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let browser;
  try {
    const api = async (method, path, body, token) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await response.json();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
      return json;
    };
    for (let i = 0; ; i += 1) {
      if (i > 300) throw new Error('the server did not become ready');
      if (
        await fetch(`${base}/health/ready`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await sleep(100);
    }
    const coordinator = await confirmedSignUp(api, mailbox, {
      practiceName: 'Bench Practice',
      displayName: 'Bench Coordinator',
      email: 'coordinator@bench.example',
      password,
      timeZone: 'UTC',
    });
    const people = [];
    for (const [key, roles] of [
      ['therapist', ['therapist']],
      ['ana', ['client']],
      ['ben', ['client']],
    ]) {
      const email = `${key}@bench.example`;
      const { acceptPath } = await api(
        'POST',
        '/api/invitations',
        { email, displayName: `Bench ${key}`, roles },
        coordinator.accessToken,
      );
      const accepted = await api('POST', `/api/invitations/${acceptPath.split('/').pop()}/accept`, {
        password,
        timeZone: 'UTC',
      });
      if (key !== 'therapist') {
        const { version } = await api('GET', '/api/consent', undefined, accepted.accessToken);
        await api('POST', '/api/consent/accept', { version }, accepted.accessToken);
      }
      people.push({ key, email, id: accepted.person.id });
    }
    const start = new Date(Date.now() - 60_000);
    const course = await api(
      'POST',
      '/api/courses',
      {
        title: 'Bench couple',
        format: 'couple',
        focusAreas: ['disputes'],
        therapistId: people[0].id,
        timeZone: 'UTC',
        weekday: start.getUTCDay() === 0 ? 7 : start.getUTCDay(),
        localTime: start.toISOString().slice(11, 16),
        startDate: start.toISOString().slice(0, 10),
        durationMinutes: 120,
        members: people
          .slice(1)
          .map((p) => ({ personId: p.id, relation: 'partner', status: 'active' })),
      },
      coordinator.accessToken,
    );
    await api(
      'PUT',
      `/api/courses/${course.id}/live-settings`,
      { autoAdmitMembers: true },
      coordinator.accessToken,
    );
    const joinPath = `/sessions/${course.sessions[0].id}/join`;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
      ],
    });
    const pages = [];
    for (const person of people) {
      const context = await browser.newContext(phone);
      await context.grantPermissions(['camera', 'microphone']);
      await context.addInitScript(recordPeerConnections);
      const page = await context.newPage();
      await page.goto(`${base}/sign-in`);
      await page.getByLabel('Email address').fill(person.email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();
      await page.goto(`${base}${joinPath}`);
      await page.getByRole('button', { name: 'Join', exact: true }).click();
      await page.getByRole('toolbar', { name: 'Call controls' }).waitFor({ timeout: 30_000 });
      pages.push(page);
    }
    // Everyone sees both others' video; then the call settles (layers, bandwidth estimation).
    for (const page of pages) {
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('[data-testid="video-tile"] video')].filter(
            (v) => v.videoHeight > 0,
          ).length >= 2,
        undefined,
        { timeout: 30_000 },
      );
    }
    const tiles = await pages[1].evaluate(() =>
      [...document.querySelectorAll('[data-testid="video-tile"]')].map((t) => {
        const r = t.getBoundingClientRect();
        return `${Math.round(r.width)}×${Math.round(r.height)}`;
      }),
    );
    await sleep(8_000);
    const before = await Promise.all(pages.map(cameraStats));
    const t0 = performance.now();
    await sleep(seconds * 1000);
    const after = await Promise.all(pages.map(cameraStats));
    const windowS = (performance.now() - t0) / 1000;
    const senders = people.map((person, i) => {
      const layers = {};
      let bytes = 0;
      let limitedS = 0;
      const reasons = new Set();
      for (const [rid, end] of Object.entries(after[i])) {
        if (rid === 'inbound') continue;
        const sent = end.bytesSent - (before[i][rid]?.bytesSent ?? 0);
        bytes += sent;
        layers[rid] = { kbps: round((sent * 8) / windowS / 1000), active: end.active };
        reasons.add(end.reason);
        for (const why of ['bandwidth', 'cpu']) {
          limitedS = Math.max(
            limitedS,
            (end.durations[why] ?? 0) - (before[i][rid]?.durations[why] ?? 0),
          );
        }
      }
      return {
        who: person.key,
        kbps: round((bytes * 8) / windowS / 1000),
        layers,
        qualityLimitationReason: [...reasons].join(','),
        limitedShare: round(limitedS / windowS, 2),
        limited: limitedS / windowS > limitedShare,
        downlinkKbps: round(((after[i].inbound - before[i].inbound) * 8) / windowS / 1000),
      };
    });
    return {
      dynacast,
      windowSeconds: round(windowS),
      tilesCssPx: tiles,
      senders,
      cameraKbpsMean: round(senders.reduce((t, s) => t + s.kbps, 0) / senders.length),
      anyLimited: senders.some((s) => s.limited),
    };
  } finally {
    await browser?.close().catch(() => undefined);
    server.kill('SIGTERM');
    if (server.exitCode === null && server.signalCode === null) {
      await once(server, 'exit').catch(() => undefined);
    }
    await mailbox.stop().catch(() => undefined);
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
  }
}

const withDynacast = await measure(true);
const everyLayer = await measure(false);
// Downlink: the video each phone received with dynacast and tile-sized layers, beside what it
// would receive if every consumer forwarded the top layer — the others' top layers as sent in
// the same run's every-layer call (the top layer is the last rid).
const topKbps = (sender) => {
  const rids = Object.keys(sender.layers).sort();
  return rids.length ? sender.layers[rids[rids.length - 1]].kbps : 0;
};
const downlink = withDynacast.senders.map((receiver) => {
  const everyTop = everyLayer.senders
    .filter((s) => s.who !== receiver.who)
    .reduce((t, s) => t + topKbps(s), 0);
  return {
    who: receiver.who,
    kbps: receiver.downlinkKbps,
    everyConsumerTopLayerKbps: round(everyTop),
  };
});
const phones = downlink.filter((d) => d.who !== 'therapist');
const result = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model.trim() },
  node: process.version,
  viewport: phone,
  seconds,
  dynacast: withDynacast,
  baselineEveryLayer: everyLayer,
  ratio: round(withDynacast.cameraKbpsMean / everyLayer.cameraKbpsMean, 2),
  target: 'with dynacast ≤ 0.4× the bytes of sending every layer',
  downlink,
  downlinkPhoneKbpsMean: round(phones.reduce((t, d) => t + d.kbps, 0) / phones.length),
  downlinkTopLayerKbpsMean: round(
    phones.reduce((t, d) => t + d.everyConsumerTopLayerKbps, 0) / phones.length,
  ),
  baselineLimited: everyLayer.anyLimited,
};
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/uplink.json'), `${JSON.stringify(result, null, 2)}\n`);
for (const run of [withDynacast, everyLayer]) {
  console.log(
    `${run.dynacast ? 'dynacast      ' : 'every layer   '} mean ${run.cameraKbpsMean} kbps per camera; ` +
      run.senders
        .map(
          (s) =>
            `${s.who} ${s.kbps} (${Object.entries(s.layers)
              .sort()
              .map(([rid, l]) => `${rid} ${l.kbps}${l.active ? '' : ' off'}`)
              .join(
                ', ',
              )}; limited ${s.qualityLimitationReason} ${Math.round(s.limitedShare * 100)} %${s.limited ? ' FLAGGED' : ''})`,
        )
        .join('; '),
  );
}
console.log(`tiles on a phone (CSS px): ${withDynacast.tilesCssPx.join(', ')}`);
console.log(`ratio ${result.ratio}; target ${result.target}`);
console.log(
  `downlink per client phone ${result.downlinkPhoneKbpsMean} kbps against ${result.downlinkTopLayerKbpsMean} kbps ` +
    `if every consumer forwarded the top layer (${round(result.downlinkPhoneKbpsMean / result.downlinkTopLayerKbpsMean, 2)}×; target ≤ 0.35×)`,
);
if (result.baselineLimited) {
  console.log('NOTE: the baseline was limited by bandwidth or CPU: it sent less than it wanted.');
}
