import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
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
import { launchBrowser } from '../support/browser';
import { makeNoisySpeech, type NoisySpeech } from '../support/noisy-speech';
import { webDist } from '../support/paths';
import { startServer, type ServerProcess } from '../support/server';
import { showPanel } from '@hearth/testing';

// Noise suppression in real Chromium, judged where it matters: by the therapist's browser. Ana's
// fake microphone plays speech with pink noise under it (espeak-ng and sox); the therapist's page
// takes her audio as it arrives through the SFU and measures 20 ms frames. With suppression on
// (the default) the noise floor between words must be far lower than with it off, while the
// speech keeps most of its energy. Without WebAssembly the raw microphone is used, with a word.

const password = 'copper meadow lantern';
/** Pink noise this far under the speech (RMS over the whole file, pauses included). */
const snrDb = 10;
/** What the suppressor must take off the noise floor, at least (a hundredth of its power). */
const minFloorDropDb = 20;
/** What the loudest speech frames may lose, at most (they keep over half their energy). */
const maxSpeechLossDb = 3;

// Remote audio plays (and so reaches Web Audio) without a click.
const autoplay = '--autoplay-policy=no-user-gesture-required';

interface Person {
  readonly name: string;
  readonly email: string;
  id: string;
  page?: Page;
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
 * In the receiving page: the RMS of each 20 ms frame (960 samples at 48 kHz) of the one remote
 * voice it plays, for `ms` milliseconds.
 */
async function receivedFrames(page: Page, ms: number): Promise<number[]> {
  return page.evaluate(async (duration) => {
    const audio = document.querySelector('audio');
    const stream = audio?.srcObject;
    if (!(stream instanceof MediaStream)) throw new Error('no remote voice is playing');
    const context = new AudioContext({ sampleRate: 48_000 });
    await context.resume();
    const source = context.createMediaStreamSource(stream);
    const tap = context.createScriptProcessor(1024, 1, 1);
    const mute = context.createGain();
    mute.gain.value = 0;
    const frames: number[] = [];
    let sum = 0;
    let count = 0;
    tap.onaudioprocess = (event) => {
      for (const sample of event.inputBuffer.getChannelData(0)) {
        sum += sample * sample;
        count += 1;
        if (count === 960) {
          frames.push(Math.sqrt(sum / count));
          sum = 0;
          count = 0;
        }
      }
    };
    source.connect(tap).connect(mute).connect(context.destination);
    await new Promise((resolve) => setTimeout(resolve, duration));
    source.disconnect();
    tap.disconnect();
    await context.close();
    return frames;
  }, ms);
}

const dbfs = (rms: number) => 20 * Math.log10(Math.max(rms, 1e-7));

/** The noise floor (10th percentile of frame level) and the speech (mean of the top 20 %). */
function levels(frames: number[]): { floorDb: number; speechDb: number } {
  const sorted = [...frames].sort((a, b) => a - b);
  const floor = sorted[Math.floor(sorted.length * 0.1)] ?? 0;
  const top = sorted.slice(Math.floor(sorted.length * 0.8));
  const topPower = top.reduce((total, rms) => total + rms * rms, 0) / Math.max(top.length, 1);
  return { floorDb: dbfs(floor), speechDb: dbfs(Math.sqrt(topPower)) };
}

describe('noise suppression on the microphone, heard by the other side', () => {
  let dir: string;
  let speech: NoisySpeech;
  let database: TestDatabase;
  let smtp: TestSmtpServer;
  let server: ServerProcess;
  const browsers: Browser[] = [];
  const contexts: BrowserContext[] = [];
  const therapist: Person = { name: 'Dr Rowan Okafor', email: 'rowan@noise.example', id: '' };
  const ana: Person = { name: 'Ana Silva', email: 'ana@noise.example', id: '' };
  const ben: Person = { name: 'Ben Silva', email: 'ben@noise.example', id: '' };
  let joinPath = '';
  let anaBrowser: Browser;

  async function signIn(browser: Browser, person: Person, init?: () => void): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    await context.grantPermissions(['camera', 'microphone']);
    if (init) await context.addInitScript(init);
    const page = await context.newPage();
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email address').fill(person.email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: `Hello, ${person.name}` }).waitFor();
    return page;
  }

  async function toPreJoin(page: Page): Promise<void> {
    await page.goto(`${server.url}${joinPath}`);
    await page.getByRole('heading', { level: 1, name: 'Get ready to join' }).waitFor();
  }

  async function joinCall(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await page.getByRole('toolbar', { name: 'Call controls' }).waitFor({ timeout: 30_000 });
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hearth-noise-'));
    speech = makeNoisySpeech(dir, snrDb);
    database = await createTestDatabase();
    smtp = await startSmtpServer();
    server = await startServer({
      SMTP_URL: smtp.url,
      HEARTH_DATA_DIR: dir,
      DATABASE_URL: database.url,
      NODE_ENV: 'production',
      REMINDER_INTERVAL_SECONDS: '0',
    });
    const coordinator = await signUpCoordinator(server.url, smtp, {
      practiceName: 'Quiet Rooms',
      displayName: 'Cora Coordinator',
      email: 'cora@noise.example',
      password,
      timeZone: 'Europe/London',
    });
    for (const person of [therapist, ana, ben]) {
      const roles = person === therapist ? ['therapist'] : ['client'];
      const { acceptPath } = await api<{ acceptPath: string }>(
        server,
        'POST',
        '/api/invitations',
        { email: person.email, displayName: person.name, roles },
        coordinator.accessToken,
      );
      const accepted = await api<{ person: { id: string }; accessToken: string }>(
        server,
        'POST',
        `/api/invitations/${acceptPath.split('/').pop()}/accept`,
        { password, timeZone: 'Europe/London' },
      );
      person.id = accepted.person.id;
      if (person !== therapist) {
        const { version } = await api<{ version: number }>(
          server,
          'GET',
          '/api/consent',
          undefined,
          accepted.accessToken,
        );
        await api(server, 'POST', '/api/consent/accept', { version }, accepted.accessToken);
      }
    }
    const course = await api<{ id: string; sessions: { id: string }[] }>(
      server,
      'POST',
      '/api/courses',
      {
        title: 'Silva couple',
        format: 'couple',
        focusAreas: ['disputes'],
        therapistId: therapist.id,
        timeZone: 'UTC',
        ...sessionStartingNow(),
        members: [
          { personId: ana.id, relation: 'partner', status: 'active' },
          { personId: ben.id, relation: 'partner', status: 'active' },
        ],
      },
      coordinator.accessToken,
    );
    await api(
      server,
      'PUT',
      `/api/courses/${course.id}/live-settings`,
      { autoAdmitMembers: true },
      coordinator.accessToken,
    );
    joinPath = `/sessions/${course.sessions[0]!.id}/join`;
    const launch = (extra: string[]) => launchBrowser({ args: [autoplay, ...extra] });
    const shared = await launch([]);
    browsers.push(shared);
    // The fake microphone loops the file; only Ana's browser hears the noisy kitchen.
    anaBrowser = await launch([`--use-file-for-fake-audio-capture=${speech.path}`]);
    browsers.push(anaBrowser);
    therapist.page = await signIn(shared, therapist);
    ana.page = await signIn(anaBrowser, ana);
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await server?.stop();
    await smtp?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lowers the noise floor the therapist hears, keeps the speech, and can be turned off in the call', async () => {
    const t = therapist.page!;
    const a = ana.page!;
    await toPreJoin(t);
    await joinCall(t);
    const fetched: { url: string; cacheControl: string }[] = [];
    a.on('response', (response) => {
      fetched.push({
        url: response.url(),
        cacheControl: response.headers()['cache-control'] ?? '',
      });
    });
    await toPreJoin(a);
    const choice = a.getByRole('checkbox', { name: 'Reduce background noise (on this device)' });
    expect(await choice.isChecked()).toBe(true);
    await joinCall(a);
    await t.locator('audio').first().waitFor({ state: 'attached', timeout: 30_000 });
    // The WebAssembly came from Hearth itself, hashed and cached for good, and nothing came
    // from anywhere else. (The worklet's own fetch is not reported to pages: it is checked on
    // the server, and the CSP's script-src 'self' leaves it no other origin.)
    const wasm = fetched.filter((f) => /^\/assets\/rnnoise.*\.wasm$/.test(new URL(f.url).pathname));
    expect(wasm).toEqual([
      {
        url: expect.stringMatching(new RegExp(`^${server.url}/`)),
        cacheControl: expect.stringContaining('immutable'),
      },
    ]);
    expect(fetched.filter((f) => !f.url.startsWith(server.url))).toEqual([]);
    const worklet = readdirSync(join(webDist, 'assets')).find((f) =>
      /^workletProcessor-.*\.js$/.test(f),
    );
    const served = await fetch(`${server.url}/assets/${worklet}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('cache-control')).toContain('immutable');
    expect(served.headers.get('content-type')).toContain('javascript');
    // Let the stream settle (gain control, the jitter buffer), then one whole loop of the file.
    await t.waitForTimeout(3_000);
    const loopMs = Math.ceil(speech.seconds * 1000);
    const on = levels(await receivedFrames(t, loopMs));

    // Muting and unmuting work on the suppressed track: silence, then the voice again.
    const microphone = a.getByRole('button', { name: 'Microphone', exact: true });
    await microphone.click();
    await t.waitForTimeout(1_000);
    const muted = await receivedFrames(t, 2_000);
    expect(dbfs(Math.max(...muted))).toBeLessThan(-60);
    await microphone.click();
    await t.waitForTimeout(1_500);
    expect(levels(await receivedFrames(t, 4_000)).speechDb).toBeGreaterThan(on.speechDb - 10);

    // Off, from the connection details in the call: the sent track is replaced in place.
    await showPanel(a, 'Devices');
    const inCall = a.getByRole('checkbox', { name: 'Reduce background noise (on this device)' });
    await inCall.uncheck();
    await t.waitForTimeout(3_000);
    const off = levels(await receivedFrames(t, loopMs));

    const floorDrop = off.floorDb - on.floorDb;
    const speechLoss = off.speechDb - on.speechDb;
    console.log(
      `Received from a ${snrDb} dB SNR pink-noise microphone, ${loopMs} ms each: ` +
        `noise floor ${off.floorDb.toFixed(1)} dBFS off, ${on.floorDb.toFixed(1)} dBFS on ` +
        `(${floorDrop.toFixed(1)} dB lower); speech ${off.speechDb.toFixed(1)} dBFS off, ` +
        `${on.speechDb.toFixed(1)} dBFS on (${speechLoss.toFixed(1)} dB)`,
    );
    expect(floorDrop).toBeGreaterThanOrEqual(minFloorDropDb);
    expect(speechLoss).toBeLessThanOrEqual(maxSpeechLossDb);
    // The choice is kept on Ana's device.
    expect(await a.evaluate(() => localStorage.getItem('hearth.call.noiseSuppression'))).toBe(
      'off',
    );
  }, 150_000);

  it('falls back to the raw microphone, with a message, where WebAssembly is missing', async () => {
    const page = await signIn(anaBrowser, ana, () => {
      delete (window as { WebAssembly?: unknown }).WebAssembly;
    });
    await page.evaluate(() => localStorage.removeItem('hearth.call.noiseSuppression'));
    await toPreJoin(page);
    await page
      .getByText(
        'Noise suppression cannot run in this browser, so your microphone is sent as it is.',
      )
      .waitFor();
    // Not silence: the meter moves with the noisy kitchen.
    const meter = page.locator('#mic-level');
    let peak = 0;
    for (let i = 0; i < 20 && peak === 0; i += 1) {
      peak = Math.max(peak, Number(await meter.getAttribute('value')));
      await page.waitForTimeout(250);
    }
    expect(peak).toBeGreaterThan(0);
  }, 60_000);
});
