import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  createTestDatabase,
  signUpCoordinator,
  startSmtpServer,
  type TestDatabase,
  type TestSmtpServer,
} from '@hearth/testing';
import { api } from '../support/api';
import { chromiumPath, launchBrowser } from '../support/browser';
import { showPanel as showTab } from '@hearth/testing';
import { NetFaults } from '../support/net-faults';
import { startServer, type ServerProcess } from '../support/server';

// A couple session for the fault-injection suite: the built server with its mediasoup worker on
// a known SFU port, a therapist and one partner in one Chromium, the other partner in a Chromium
// of her own inside a cgroup (test/support/net-faults.ts) so that her media alone can be cut. The
// course admits its members without the waiting room, so a client whose seat was freed comes
// back in by herself.

export const password = 'copper meadow lantern';

export interface Person {
  readonly key: 'therapist' | 'ana' | 'ben';
  readonly name: string;
  readonly email: string;
  id: string;
  page: Page;
  /** The page's last console messages (for failure messages). */
  console?: string[];
}

/** A port nothing listens on (TCP) right now, for the SFU (the same number is used for UDP). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The ports a process listens on (`ss`), by protocol. */
export function listeningPorts(pid: number): { udp: number[]; tcp: number[] } {
  const out = execFileSync('ss', ['-H', '-lnup', '-lntp']).toString();
  const found = { udp: [] as number[], tcp: [] as number[] };
  for (const line of out.split('\n')) {
    if (!line.includes(`pid=${pid},`)) continue;
    const [proto, , , , local] = line.trim().split(/\s+/);
    const port = Number(local?.split(':').pop());
    if (proto === 'udp' || proto === 'tcp') found[proto].push(port);
  }
  return found;
}

/** The mediasoup worker processes of a server. */
export function workerPids(server: ServerProcess): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(server.child.pid), '-f', 'mediasoup-worker'])
      .toString()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
}

/**
 * Watches every remote video tile of a page (every 50 ms): per person, how many times a new frame
 * was presented, the wall-clock time of the last one (`Date.now()`, the same clock as the test),
 * the video track shown and the time of that track's first frame.
 */
export function installFrameWatch(): void {
  const seen: Record<string, FrameState> = {};
  const counts = new WeakMap<HTMLVideoElement, number>();
  (window as unknown as { __frames: typeof seen }).__frames = seen;
  setInterval(() => {
    for (const tile of document.querySelectorAll('[data-testid="video-tile"]')) {
      const video = tile.querySelector('video');
      const id = tile.getAttribute('data-participant-id');
      if (!video || !id) continue;
      const track = (video.srcObject as MediaStream | null)?.getVideoTracks()[0]?.id ?? '';
      const total = video.getVideoPlaybackQuality().totalVideoFrames;
      const entry = (seen[id] ??= { progress: 0, lastAt: 0, width: 0, track: '', trackFirstAt: 0 });
      // A new track on the same element starts its count again.
      if (entry.track !== track) {
        Object.assign(entry, { track, trackFirstAt: 0 });
        counts.set(video, 0);
      }
      const before = Math.min(counts.get(video) ?? 0, total);
      counts.set(video, total);
      if (total > before) {
        entry.progress += total - before;
        entry.lastAt = Date.now();
        entry.trackFirstAt ||= entry.lastAt;
        entry.width = video.videoWidth;
      }
    }
  }, 50);
}

/** Keeps every RTCPeerConnection the page makes (window.__pcs) to read its selected pair. */
function recordPeerConnections(): void {
  const pcs: RTCPeerConnection[] = [];
  (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = pcs;
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    /** What was done to this connection and when (ms since the page began), for failures. */
    readonly ops: string[] = [];

    constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
      super(...args);
      pcs.push(this);
      const ops = this.ops;
      const at = (what: string) => ops.push(`${what}@${Math.round(performance.now())}`);
      at('new');
      const self = this as unknown as Record<string, (...a: unknown[]) => unknown>;
      for (const name of [
        'setLocalDescription',
        'setRemoteDescription',
        'addTransceiver',
        'close',
      ]) {
        const original = self[name]!.bind(this);
        self[name] = (...a: unknown[]) => {
          at(name.replace('Description', '').replace('add', ''));
          return original(...a);
        };
      }
    }
  };
}

/** Makes every getUserMedia of the page answer only after `delayMs`. */
function slowDevices(delayMs: number): void {
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia.bind(devices);
  const flags = window as unknown as { __devicesAnswered?: number };
  flags.__devicesAnswered = 0;
  devices.getUserMedia = async (constraints) => {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const stream = await original(constraints);
    flags.__devicesAnswered = (flags.__devicesAnswered ?? 0) + 1;
    return stream;
  };
}

export interface SelectedPair {
  readonly localType: string;
  readonly relayProtocol: string | null;
  readonly protocol: string;
  readonly remotePort: number;
}

/** The local candidate of the selected pair of every connected peer connection of a page. */
export async function selectedPairs(person: Person): Promise<SelectedPair[]> {
  return person.page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? [];
    const found: SelectedPair[] = [];
    for (const pc of pcs) {
      if (pc.connectionState !== 'connected') continue;
      const stats = [...(await pc.getStats()).values()] as Record<string, unknown>[];
      const byId = new Map(stats.map((s) => [s['id'], s]));
      for (const transport of stats.filter((s) => s['type'] === 'transport')) {
        const pair = byId.get(transport['selectedCandidatePairId']);
        const local = pair && byId.get(pair['localCandidateId']);
        const remote = pair && byId.get(pair['remoteCandidateId']);
        if (!local || !remote) continue;
        found.push({
          localType: String(local['candidateType']),
          relayProtocol: (local['relayProtocol'] as string | undefined) ?? null,
          protocol: String(local['protocol']),
          remotePort: Number(remote['port']),
        });
      }
    }
    return found;
  });
}

/**
 * Every peer connection of a page as one line: its states, the ICE servers it was given, the
 * local candidates it gathered and its candidate pairs by state, and the bytes its transport moved.
 * For failure messages: tells "no TURN server given" from "no relay candidate" from "checks failed".
 */
export async function iceReport(person: Person): Promise<string> {
  return person.page
    .evaluate(async () => {
      const pcs = (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? [];
      const lines: string[] = [];
      for (const [index, pc] of pcs.entries()) {
        const stats = [...(await pc.getStats()).values()] as Record<string, unknown>[];
        const count = (values: string[]) => {
          const counts = new Map<string, number>();
          for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
          return [...counts].map(([value, n]) => `${value}×${n}`).join(' ') || 'none';
        };
        const local = stats
          .filter((s) => s['type'] === 'local-candidate')
          .map((s) => `${s['candidateType']}/${s['protocol']}/${s['relayProtocol'] ?? '-'}`);
        const pairs = stats
          .filter((s) => s['type'] === 'candidate-pair')
          .map((s) => String(s['state']));
        const transport = stats.find((s) => s['type'] === 'transport');
        const servers = (pc.getConfiguration().iceServers ?? []).flatMap((s) =>
          Array.isArray(s.urls) ? s.urls : [s.urls],
        );
        lines.push(
          `pc${index} ${pc.connectionState}/${pc.iceConnectionState}/${pc.iceGatheringState}` +
            ` servers [${servers.join(' ')}] local ${count(local)} pairs ${count(pairs)}` +
            ` sent ${String(transport?.['bytesSent'] ?? 0)} received ${String(transport?.['bytesReceived'] ?? 0)}` +
            ` ops ${((pc as unknown as { ops?: string[] }).ops ?? []).join(',')}`,
        );
      }
      return lines.join('; ') || 'no peer connections';
    })
    .catch((e: Error) => `no ICE report: ${e.message}`);
}

/** One simulcast encoding of a page's camera, as its browser reports it. */
export interface CameraLayer {
  readonly rid: string;
  /** Whether the encoding is on (dynacast turns off what nobody receives). */
  readonly active: boolean;
  readonly frameWidth: number;
  /** Why the browser sends less than it could: 'none', 'cpu', 'bandwidth' or 'other'. */
  readonly limitation: string;
}

/** The simulcast encodings a page's camera sends on its connected peer connections. */
export async function cameraLayers(person: Person): Promise<CameraLayer[]> {
  return person.page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? [];
    const found: CameraLayer[] = [];
    for (const pc of pcs) {
      if (pc.connectionState !== 'connected') continue;
      for (const s of (await pc.getStats()).values() as Iterable<Record<string, unknown>>) {
        if (s['type'] !== 'outbound-rtp' || s['kind'] !== 'video' || !s['rid']) continue;
        found.push({
          rid: String(s['rid']),
          active: s['active'] !== false,
          frameWidth: Number(s['frameWidth'] ?? 0),
          limitation: String(s['qualityLimitationReason'] ?? 'none'),
        });
      }
    }
    return found.sort((a, b) => a.rid.localeCompare(b.rid));
  });
}

export interface FrameState {
  progress: number;
  lastAt: number;
  width: number;
  /** The id of the video track the tile shows. */
  track: string;
  /** When that track's first frame was presented (0: not yet). */
  trackFirstAt: number;
}

/** What `viewer` has presented of `from`'s video so far. */
export async function frames(viewer: Person, from: Person): Promise<FrameState> {
  const state = await viewer.page.evaluate(
    (id) => (window as unknown as { __frames?: Record<string, FrameState> }).__frames?.[id],
    from.id,
  );
  return state ?? { progress: 0, lastAt: 0, width: 0, track: '', trackFirstAt: 0 };
}

/** Audio packets `viewer` has received from `from` (the Connection details panel must be open). */
export async function audioPackets(viewer: Person, from: Person): Promise<number> {
  const stat = viewer.page.locator(
    `[data-testid="inbound-stat"][data-participant-id="${from.id}"][data-kind="audio"]`,
  );
  if ((await stat.count()) === 0) return 0;
  return Number(await stat.first().getAttribute('data-packets-received'));
}

/** Waits until `viewer` presents a frame of `from`'s video newer than `after`; returns its time. */
export async function nextFrame(
  viewer: Person,
  from: Person,
  after: number,
  timeoutMs: number,
  /** Only a frame of another track counts (after a worker's death, frames in flight would). */
  oldTrack?: string,
): Promise<number> {
  let at = 0;
  try {
    await until(
      `${viewer.name} sees ${from.name}'s video`,
      async () => {
        const state = await frames(viewer, from);
        if (oldTrack === undefined) {
          at = state.lastAt;
        } else {
          at = state.track !== oldTrack ? state.trackFirstAt : 0;
        }
        return at > after;
      },
      timeoutMs,
    );
  } catch (error) {
    // What the viewer's page shows of that person, to tell "no tile" from "a frozen tile".
    const tile = await viewer.page
      .evaluate((id) => {
        const t = document.querySelector(`[data-testid="video-tile"][data-participant-id="${id}"]`);
        const v = t?.querySelector('video');
        const stats = [
          ...document.querySelectorAll(`[data-testid="inbound-stat"][data-participant-id="${id}"]`),
        ].map(
          (li) =>
            `${li.getAttribute('data-kind')} ${li.getAttribute('data-packets-received')} packets`,
        );
        return t
          ? `tile ${t.getAttribute('data-presence')}, video ${v ? `${v.readyState}/${v.videoWidth}/${v.getVideoPlaybackQuality().totalVideoFrames}` : 'none'}, ${stats.join(', ') || 'no inbound stats'}`
          : 'no tile';
      }, from.id)
      .catch((e: Error) => e.message);
    // And both sides' peer connections: did the sender's media leave, did the viewer's arrive?
    throw new Error(
      `${(error as Error).message} (${tile}; ${viewer.page.url()})\n` +
        `${from.name}'s ICE: ${await iceReport(from)}\n${viewer.name}'s ICE: ${await iceReport(viewer)}\n` +
        `${from.name}'s console:\n${(from.console ?? []).join('\n')}`,
    );
  }
  return at;
}

/** Opens a tab of the person's side panel ("Connection", "People"…). */
export async function showPanel(person: Person, name: string): Promise<void> {
  await showTab(person.page, name);
}

export interface MediaCall {
  readonly server: ServerProcess;
  readonly sfuPort: number;
  readonly apiPort: number;
  readonly faults: NetFaults;
  readonly therapist: Person;
  readonly ana: Person;
  readonly ben: Person;
  readonly joinPath: string;
  /** Joins `person` (Join on the pre-join screen) and waits for the call controls. */
  enter(person: Person): Promise<void>;
  close(): Promise<void>;
}

function sessionStartingNow(): { weekday: number; localTime: string; startDate: string } {
  const start = new Date(Date.now() - 2 * 60_000);
  return {
    weekday: start.getUTCDay() === 0 ? 7 : start.getUTCDay(),
    localTime: start.toISOString().slice(11, 16),
    startDate: start.toISOString().slice(0, 10),
  };
}

/**
 * Starts the server, makes the practice, the people and a couple course that is on now (members
 * skip the waiting room) and signs everyone in. Ana's browser is the one in the cgroup.
 */
export async function startMediaCall(
  env: Record<string, string> = {},
  options: {
    readonly anaArgs?: readonly string[];
    /** Ana's camera and microphone take this long to start (as behind a permission prompt). */
    readonly anaDevicesDelayMs?: number;
  } = {},
): Promise<MediaCall> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hearth-faults-'));
  const requestedSfuPort = await freePort();
  const faults = NetFaults.create('ana', chromiumPath);
  const browsers: Browser[] = [];
  const contexts: BrowserContext[] = [];
  let server: ServerProcess | undefined;
  let database: TestDatabase | undefined;
  let smtp: TestSmtpServer | undefined;
  const close = async () => {
    try {
      for (const context of contexts) await context.close().catch(() => undefined);
      for (const browser of browsers) await browser.close().catch(() => undefined);
      await server?.stop();
      await smtp?.stop();
      await database?.drop();
    } finally {
      faults.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
  try {
    // PostgreSQL rather than the embedded database: it starts in a second on a loaded machine.
    database = await createTestDatabase();
    smtp = await startSmtpServer();
    server = await startServer({
      SMTP_URL: smtp.url,
      HEARTH_DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      NODE_ENV: 'production',
      SFU_PORT: String(requestedSfuPort),
      REMINDER_INTERVAL_SECONDS: '0',
      ...env,
    });
    const apiPort = Number(new URL(server.url).port);
    // What the started server really listens on: the API's port in Node, the SFU's in its worker.
    const [worker] = workerPids(server);
    const workerPorts = listeningPorts(worker!);
    if (!workerPorts.udp.includes(requestedSfuPort)) {
      throw new Error(`the media worker does not listen on UDP ${requestedSfuPort}`);
    }
    if (!listeningPorts(server.child.pid!).tcp.includes(apiPort)) {
      throw new Error(`the API does not listen on TCP ${apiPort}`);
    }
    if (workerPorts.tcp.includes(apiPort)) throw new Error('the SFU and the API share a port');
    const s = server;
    const coordinator = await signUpCoordinator(s.url, smtp, {
      practiceName: 'Harbour Couples',
      displayName: 'Cora Coordinator',
      email: 'cora@faults.example',
      password,
      timeZone: 'Europe/London',
    });
    const people = {
      therapist: { key: 'therapist', name: 'Dr Rowan Okafor', email: 'rowan@faults.example' },
      ana: { key: 'ana', name: 'Ana Silva', email: 'ana@faults.example' },
      ben: { key: 'ben', name: 'Ben Silva', email: 'ben@faults.example' },
    } as Record<Person['key'], Person>;
    for (const person of Object.values(people)) {
      const roles = person.key === 'therapist' ? ['therapist'] : ['client'];
      const { acceptPath } = await api<{ acceptPath: string }>(
        s,
        'POST',
        '/api/invitations',
        { email: person.email, displayName: person.name, roles },
        coordinator.accessToken,
      );
      const accepted = await api<{ person: { id: string }; accessToken: string }>(
        s,
        'POST',
        `/api/invitations/${acceptPath.split('/').pop()}/accept`,
        { password, timeZone: 'Europe/London' },
      );
      person.id = accepted.person.id;
      if (roles[0] === 'client') {
        const { version } = await api<{ version: number }>(
          s,
          'GET',
          '/api/consent',
          undefined,
          accepted.accessToken,
        );
        await api(s, 'POST', '/api/consent/accept', { version }, accepted.accessToken);
      }
    }
    const course = await api<{ id: string; sessions: { id: string }[] }>(
      s,
      'POST',
      '/api/courses',
      {
        title: 'Silva couple',
        format: 'couple',
        focusAreas: ['disputes'],
        therapistId: people.therapist.id,
        timeZone: 'UTC',
        durationMinutes: 120,
        ...sessionStartingNow(),
        members: [
          { personId: people.ana.id, relation: 'partner', status: 'active' },
          { personId: people.ben.id, relation: 'partner', status: 'active' },
        ],
      },
      coordinator.accessToken,
    );
    await api(
      s,
      'PUT',
      `/api/courses/${course.id}/live-settings`,
      { autoAdmitMembers: true },
      coordinator.accessToken,
    );
    const shared = await launchBrowser();
    browsers.push(shared);
    // The same Chromium, launched through the cgroup wrapper.
    const own = await launchBrowser({
      executablePath: faults.executablePath,
      args: options.anaArgs ?? [],
    });
    browsers.push(own);
    if (faults.pids().length === 0) throw new Error('Ana’s browser is not in its cgroup');
    for (const person of Object.values(people)) {
      const browser = person.key === 'ana' ? own : shared;
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.grantPermissions(['camera', 'microphone']);
      await context.addInitScript(installFrameWatch);
      await context.addInitScript(recordPeerConnections);
      if (person.key === 'ana' && options.anaDevicesDelayMs) {
        await context.addInitScript(slowDevices, options.anaDevicesDelayMs);
      }
      contexts.push(context);
      person.page = await context.newPage();
      const messages: string[] = (person.console = []);
      person.page.on('console', (m) => {
        messages.push(`${new Date().toISOString().slice(11, 23)} ${m.type()} ${m.text()}`);
        if (messages.length > 40) messages.shift();
        if (process.env.HEARTH_FAULTS_LOG) console.log(`[${person.key}] ${m.type()} ${m.text()}`);
      });
      await person.page.goto(`${s.url}/sign-in`);
      await person.page.getByLabel('Email address').fill(person.email);
      await person.page.getByLabel('Password').fill(password);
      await person.page.getByRole('button', { name: 'Sign in' }).click();
      await person.page.getByRole('heading', { level: 1, name: `Hello, ${person.name}` }).waitFor();
    }
    const joinPath = `/sessions/${course.sessions[0]!.id}/join`;
    return {
      server: s,
      sfuPort: requestedSfuPort,
      apiPort,
      faults,
      ...people,
      joinPath,
      async enter(person) {
        await person.page.goto(`${s.url}${joinPath}`);
        await person.page.getByRole('heading', { level: 1, name: 'Get ready to join' }).waitFor();
        await person.page.getByRole('button', { name: 'Join', exact: true }).click();
        await person.page
          .getByRole('toolbar', { name: 'Call controls' })
          .waitFor({ timeout: 60_000 });
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Polls /health/ready every second until stopped; returns every status that was not 200 (a
 * refused connection counts as 0).
 */
export function watchReadiness(server: ServerProcess): { stop(): Promise<number[]> } {
  const bad: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const status = await fetch(`${server.url}/health/ready`, {
        signal: AbortSignal.timeout(5000),
      })
        .then((r) => r.status)
        .catch(() => 0);
      if (status !== 200) bad.push(status);
      await sleep(1000);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return bad;
    },
  };
}
