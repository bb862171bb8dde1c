import type { ChatMessage, SessionView } from '@hearth/contracts';
import { receiveAgenda } from '../../agenda/agenda-display';
import {
  joinFailureMessage,
  networkQuality,
  selfOf,
  type CallEnd,
  type CallState,
} from '../call-state';
import { createAudioOnly, memoryPreferences, type CallPreferences } from './audio-only';
import { createCallCommands, type CallCommands } from './call-commands';
import { createCallRecovery } from './call-recovery';
import { errorText } from './call-errors';
import { createCallStore } from './call-store';
import { createLocalDevices } from './local-devices';
import {
  ask,
  LiveRequestError,
  type LiveConnection,
  type LiveConnectionFactory,
} from './live-connection';
import {
  createBackgroundReport,
  onMediaQuality,
  onSeatReleased,
  sendDownlink,
  type BackgroundSource,
} from './live-additions';
import { createE2eeSession } from './e2ee-session';
import type { FrameCryptor } from './frame-cryptor';
import { createMediaSession } from './media-session';
import type { CallMediaDeps } from './media-types';
import { createSignallingSession, type CallAuth, type JoinedSession } from './signalling-session';
import { createQualityMonitor } from './quality-monitor';
import { viewChange } from './view-changes';

export { cameraCodecOptions, cameraEncodings } from './media-session';
export type { AgendaCommand, CallCommands } from './call-commands';
export type { CallAuth } from './signalling-session';
export type { CallPreferences } from './audio-only';

export interface CallClientDeps extends CallMediaDeps {
  readonly sessionId: string;
  readonly connect: LiveConnectionFactory;
  readonly auth: CallAuth;
  /** How long a request waits for its ack. */
  readonly requestTimeoutMs?: number;
  /** The shortest time between two tile-size reports for one video. */
  readonly tileReportMs?: number;
  readonly now?: () => number;
  /**
   * TURN servers with short-lived credentials, for networks that block the media server's own
   * ports; asked each time the media is set up. Without it (or if asking fails) none are used.
   */
  readonly iceServers?: () => Promise<RTCIceServer[]>;
  /** Where the audio-only choice is kept on this device; only for this page without it. */
  readonly preferences?: CallPreferences;
  /** Between two readings of the connection's statistics. */
  readonly qualityIntervalMs?: number;
  /** Waits before setting a failed media up again; after the last, the person is asked. */
  readonly mediaRetryMs?: readonly number[];
  /** The camera's background effect, reported to the server; without it none is reported. */
  readonly background?: BackgroundSource;
  /**
   * This browser's frame encryption for end-to-end encrypted sessions; without it (or when it
   * gives null) such a session's media cannot be set up here.
   */
  readonly createFrameCryptor?: () => FrameCryptor | null;
}

export interface CallClient extends CallCommands {
  subscribe(listener: () => void): () => void;
  getSnapshot(): CallState;
  /** Leaves nothing running: closes media and the connection, and starts over. */
  dispose(): void;
}

function mergeChat(
  current: readonly ChatMessage[],
  incoming: readonly ChatMessage[],
): readonly ChatMessage[] {
  const ids = new Set(current.map((m) => m.id));
  const added = incoming.filter((m) => !ids.has(m.id));
  return added.length === 0 ? current : [...current, ...added];
}

const endWords: Record<CallEnd['reason'], string> = {
  removed: 'You were removed from the session.',
  denied: 'You were not let in to the session.',
  replaced: 'You joined this session from another window.',
  left: 'You have left the session.',
};

/**
 * The live call: composes the signalling session (socket.io), the media session
 * (mediasoup-client), one's own devices and the commands, and publishes one immutable
 * {@link CallState} for the view to render. Components never touch sockets or tracks.
 */
export function createCallClient(deps: CallClientDeps): CallClient {
  const timeoutMs = deps.requestTimeoutMs ?? 10_000;
  const now = deps.now ?? Date.now;
  const store = createCallStore();
  // Bumped by dispose(), so that answers to a disposed client's requests change nothing.
  let generation = 0;
  // Set after the first successful join: a reconnect then joins again by itself.
  let joined = false;

  const signalling = createSignallingSession({
    sessionId: deps.sessionId,
    connect: deps.connect,
    auth: deps.auth,
    timeoutMs,
    store,
    wire,
    onConnected: () => void onConnected(),
    fail,
  });
  const e2ee = createE2eeSession({
    store,
    signalling,
    timeoutMs,
    createCryptor: deps.createFrameCryptor ?? (() => null),
  });
  const media = createMediaSession({
    store,
    signalling,
    timeoutMs,
    e2ee,
    tileReportMs: deps.tileReportMs ?? 500,
    createDevice: deps.createDevice,
    ...(deps.iceServers ? { iceServers: deps.iceServers } : {}),
    onFailed: (error) => recovery.onMediaFailed(error),
    onTransportState: (transport, connectionState) =>
      recovery.onTransportState(transport, connectionState),
    onLive() {
      recovery.onMediaLive();
      quality.start();
      audioOnly.onMediaLive();
      background?.onMediaLive();
      e2ee.onMediaLive();
    },
    onTeardown() {
      recovery.reset();
      quality.stop();
      background?.onTeardown();
    },
  });
  const recovery = createCallRecovery({
    store,
    media,
    signalling,
    ...(deps.mediaRetryMs ? { setupRetryMs: deps.mediaRetryMs } : {}),
  });
  const quality = createQualityMonitor({
    store,
    now,
    readStats: async () => {
      const report = await media.receiveStats();
      return report ? (report.values() as Iterable<Record<string, unknown>>) : null;
    },
    pausedProducerIds: () => media.pausedProducerIds(),
    reportDownlink(kbps) {
      const connection = signalling.current();
      if (connection) sendDownlink(connection, kbps);
    },
    ...(deps.qualityIntervalMs ? { intervalMs: deps.qualityIntervalMs } : {}),
  });
  const background =
    deps.background && createBackgroundReport(deps.background, () => signalling.current());
  const preferences = deps.preferences ?? memoryPreferences();
  const audioOnly = createAudioOnly({ store, signalling, timeoutMs, preferences });
  audioOnly.load();
  const devices = createLocalDevices({
    store,
    media,
    preferences,
    captureTracks: deps.captureTracks,
    enumerateDevices: deps.enumerateDevices,
    noiseSuppressor: deps.noiseSuppressor,
    generation: () => generation,
  });
  devices.loadChoices();
  const commands = createCallCommands({
    store,
    signalling,
    media,
    devices,
    captureScreen: deps.captureScreen,
  });

  function wire(opened: LiveConnection) {
    opened.on('session:view', (view) => onView(view));
    opened.on('session:denied', ({ message }) => finish({ reason: 'denied', message }));
    opened.on('session:removed', ({ message }) => finish({ reason: 'removed', message }));
    opened.on('session:replaced', () => finish({ reason: 'replaced', message: null }));
    opened.on('media:reset', () => {
      if (store.state.phase === 'in-call') void media.start();
    });
    opened.on('media:consumer:new', (parameters) => void media.onConsumer(parameters));
    opened.on('media:consumer:closed', ({ consumerId }) => media.dropConsumer(consumerId));
    opened.on('media:producer:layers', ({ producerId, spatialLayers }) =>
      media.setSentLayers(producerId, spatialLayers),
    );
    opened.on('media:consumer:paused', ({ consumerId, paused }) =>
      store.setRemote(
        store.state.remote.map((t) => (t.consumerId === consumerId ? { ...t, paused } : t)),
      ),
    );
    opened.on('moderation:muted', ({ locked }) => onMutedByTherapist(locked));
    opened.on('e2ee:media-key', (event) => e2ee.onMediaKey(event));
    onMediaQuality(opened, (scores) => quality.onScores(scores));
    onSeatReleased(opened, (event) => recovery.onSeatReleased(event));
    opened.on('chat:message', (message) => addChat(message));
    opened.on('agenda:state', (agenda) => store.set({ agenda: receiveAgenda(agenda, now()) }));
    opened.on('agenda:progress', ({ sessionId, progress, serverNow }) => {
      // The items are the ones already held; only where the session is in them changed.
      const held = store.state.agenda?.agenda;
      if (!held || held.sessionId !== sessionId) return;
      store.set({ agenda: receiveAgenda({ ...held, progress, serverNow }, now()) });
    });
    opened.on('breakout:warning', ({ secondsLeft }) => {
      store.set({ breakoutWarningEndsAt: now() + secondsLeft * 1000 });
      store.announce(
        secondsLeft >= 60
          ? 'Breakout rooms close in 1 minute.'
          : `Breakout rooms close in ${secondsLeft} seconds.`,
      );
    });
  }

  async function onConnected() {
    const phase = store.phase();
    if (!joined || (phase !== 'waiting' && phase !== 'in-call')) return;
    // The server kept the seat: join again, then set the media up afresh.
    try {
      applyJoin(await signalling.join(), true);
    } catch (error) {
      fail(error);
    }
  }

  function fail(error: unknown) {
    if (store.state.phase === 'ended') return;
    const code = error instanceof LiveRequestError ? error.code : 'error';
    const message = joinFailureMessage(code, errorText(error));
    media.teardown();
    joined = false;
    store.set({
      phase: 'failed',
      failure: { code, message },
      view: null,
      remote: [],
      rejoining: false,
      mediaProblem: null,
      mediaReconnecting: false,
    });
    store.announce(message);
  }

  function applyJoin(joinedSession: JoinedSession, rejoin: boolean) {
    const { view, chat } = joinedSession;
    joined = true;
    e2ee.onView(view);
    store.set({
      view,
      chat: mergeChat(store.state.chat, chat),
      failure: null,
      rejoining: false,
      ...(joinedSession.agenda ? { agenda: receiveAgenda(joinedSession.agenda, now()) } : {}),
      ...(joinedSession.serverNow
        ? { clockOffsetMs: Date.parse(joinedSession.serverNow) - now() }
        : {}),
    });
    if (selfOf(view)?.presence === 'waiting') {
      media.teardown();
      store.set({ phase: 'waiting' });
      store.announce('You are in the waiting room. Your therapist will let you in shortly.');
      return;
    }
    store.set({ phase: 'in-call' });
    store.announce(rejoin ? 'Reconnected.' : 'You are in the session.');
    void media.start();
  }

  function onView(view: SessionView) {
    const change = viewChange(store.state.phase, store.state.view, view);
    store.set({ view });
    e2ee.onView(view);
    if (!view.breakouts && store.state.breakoutWarningEndsAt !== null) {
      store.set({ breakoutWarningEndsAt: null });
    }
    if (change.phase === 'waiting') media.teardown();
    if (change.phase) store.set({ phase: change.phase });
    for (const text of change.announcements) store.announce(text);
    if (change.phase === 'in-call') void media.start();
  }

  function addChat(message: ChatMessage) {
    const before = store.state.chat;
    const chat = mergeChat(before, [message]);
    if (chat === before) return;
    store.set({ chat });
    if (message.fromId !== store.state.view?.selfId) {
      store.announce(`Message from ${message.fromName}.`);
    }
  }

  function onMutedByTherapist(locked: boolean) {
    const producer = media.producer('microphone');
    if (producer && !producer.paused) producer.pause();
    if (store.state.local.microphone && !producer) store.state.local.microphone.enabled = false;
    store.setLocal({ microphoneOn: false });
    const text = locked
      ? 'A therapist muted you. You can unmute when they allow it.'
      : 'A therapist muted you.';
    store.set({ notice: text });
    store.announce(text);
  }

  function finish(end: CallEnd) {
    if (store.state.phase === 'ended') return;
    media.teardown();
    devices.stopAll();
    joined = false;
    signalling.close();
    store.set({
      phase: 'ended',
      end,
      connection: 'closed',
      remote: [],
      rejoining: false,
      mediaProblem: null,
      mediaReconnecting: false,
    });
    store.announce(endWords[end.reason]);
  }

  async function join() {
    const phase = store.phase();
    if (phase !== 'pre-join' && phase !== 'failed') return;
    store.set({ phase: 'joining', failure: null, end: null, actionError: null });
    try {
      const result = await signalling.join();
      // Leaving while the join was on its way wins.
      if (store.phase() !== 'joining') return;
      applyJoin(result, false);
    } catch (error) {
      if (store.phase() === 'joining') fail(error);
    }
  }

  async function leave() {
    const open = signalling.current();
    if (open && joined) {
      // Best effort: the server frees the seat at once rather than holding it for a minute.
      await ask(open, 'session:leave', {}, 2_000).catch(() => undefined);
    }
    finish({ reason: 'left', message: null });
  }

  async function checkNetwork() {
    const startedIn = generation;
    store.set({ network: { status: 'checking' } });
    const connection = signalling.open();
    try {
      // session:ping is allowed before joining, and any answer is a round trip; the first one
      // also waits for the connection to open, so the best of three is the measure.
      // The quickest answer also says best where the server's clock stands: it was read about
      // half that round trip before it arrived.
      let best = Number.POSITIVE_INFINITY;
      let offset: number | null = null;
      for (let i = 0; i < 3; i += 1) {
        const started = now();
        const answer = await ask(connection, 'session:ping', {}, timeoutMs);
        const arrived = now();
        if (arrived - started < best) {
          best = arrived - started;
          const serverTime = 'data' in answer ? Date.parse(answer.data.serverTime) : NaN;
          offset = Number.isNaN(serverTime) ? offset : serverTime - (started + arrived) / 2;
        }
      }
      const roundTripMs = Math.round(best);
      if (startedIn !== generation) return;
      store.set({
        network: { status: 'done', roundTripMs, quality: networkQuality(roundTripMs) },
        ...(offset === null ? {} : { clockOffsetMs: Math.round(offset) }),
      });
    } catch {
      if (startedIn !== generation) return;
      store.set({
        network: {
          status: 'failed',
          message: 'The session server did not answer. Check your internet connection.',
        },
      });
    }
  }

  return {
    ...commands,
    subscribe: store.subscribe,
    getSnapshot: () => store.state,
    startPreview: devices.startPreview,
    refreshDevices: devices.refreshDevices,
    selectMicrophone: devices.selectMicrophone,
    selectCamera: devices.selectCamera,
    checkNetwork,
    join,
    leave,
    reportTileSize: media.reportTileSize,
    inboundStats: media.inboundStats,
    retryMedia: () => recovery.retryMedia(),
    setAudioOnly: (enabled) => audioOnly.set(enabled),
    declineAudioOnly: () => quality.declineOffer(),
    setNoiseSuppression: devices.setNoiseSuppression,
    dispose() {
      media.teardown();
      e2ee.reset();
      devices.stopAll();
      joined = false;
      generation += 1;
      signalling.forgetNode();
      signalling.close();
      store.reset();
      audioOnly.load();
      devices.loadChoices();
    },
  };
}
