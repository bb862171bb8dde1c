import { receiveAgenda } from '../../agenda/agenda-display';
import type {
  ChatMessage,
  ConsumerParameters,
  LiveRequestName,
  LiveRequestPayload,
  LiveRequestResult,
  MediaSource,
  SessionView,
} from '@hearth/contracts';
import type { types } from 'mediasoup-client';
import {
  initialCallState,
  joinFailureMessage,
  networkQuality,
  selfOf,
  type CallEnd,
  type CallPhase,
  type CallState,
  type LocalMedia,
  type RemoteTrack,
} from '../call-state';
import { inboundStat, type InboundStat } from './inbound-stats';
import { captureLocal, deviceIdOf, deviceOptions, type Captured } from './local-media';
import { createTileReporter } from './tile-reports';
import {
  ask,
  LiveRequestError,
  request,
  type LiveConnection,
  type LiveConnectionFactory,
} from './live-connection';
import type {
  CallMediaDeps,
  LocalProducer,
  MediaTransport,
  ProduceAppData,
  RemoteConsumer,
} from './media-types';

/** Three simulcast layers for the camera: a thumbnail, a mid-size tile and the full picture. */
export const cameraEncodings: types.RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 4, maxBitrate: 150_000, scalabilityMode: 'L1T3' },
  { scaleResolutionDownBy: 2, maxBitrate: 500_000, scalabilityMode: 'L1T3' },
  { scaleResolutionDownBy: 1, maxBitrate: 1_200_000, scalabilityMode: 'L1T3' },
];
export const cameraCodecOptions = { videoGoogleStartBitrate: 1000 } as const;

export interface CallAuth {
  accessToken(): string | undefined;
  /** Renews the access token; false when the sign-in is over. */
  renew(): Promise<boolean>;
}

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
}

/** The person's commands, everything the call view can ask for. */
export interface CallCommands {
  /** Turns the camera and microphone on for the preview and lists the devices. */
  startPreview(): Promise<void>;
  /** Lists the cameras and microphones again (one may have been plugged in since). */
  refreshDevices(): Promise<void>;
  selectMicrophone(deviceId: string): Promise<void>;
  selectCamera(deviceId: string): Promise<void>;
  /** Times a request's round trip to the session server. */
  checkNetwork(): Promise<void>;
  join(): Promise<void>;
  leave(): Promise<void>;
  toggleMicrophone(): Promise<void>;
  toggleCamera(): Promise<void>;
  toggleScreenShare(): Promise<void>;
  raiseHand(): Promise<void>;
  /** Lowers one's own hand, or (therapists) someone else's. */
  lowerHand(participantId?: string): Promise<void>;
  lowerAllHands(): Promise<void>;
  /** Resolves true once the server took the message. */
  sendChat(text: string): Promise<boolean>;
  markChatRead(): void;
  dismissNotice(): void;
  admit(participantId: string): Promise<void>;
  admitAll(): Promise<void>;
  deny(participantId: string, message?: string): Promise<void>;
  sendBack(participantId: string): Promise<void>;
  mute(participantId: string, lock: boolean): Promise<void>;
  muteAll(lock: boolean): Promise<void>;
  /** Lets one participant, or everyone, unmute again. */
  allowUnmute(participantId?: string): Promise<void>;
  remove(participantId: string): Promise<void>;
  setLocked(locked: boolean): Promise<void>;
  startBreakouts(rooms: string[][], minutes?: number): Promise<void>;
  visitBreakout(room: number | null): Promise<void>;
  endBreakouts(): Promise<void>;
  /** Therapists lead the agenda: start, next and previous item, more time, the next person. */
  agenda(command: AgendaCommand): Promise<void>;
  /** The size a remote video is shown at (device pixels; 0×0 off screen), sent throttled. */
  reportTileSize(consumerId: string, width: number, height: number): void;
  inboundStats(): Promise<InboundStat[]>;
}

/** What a therapist can do to the live agenda. */
export type AgendaCommand = 'start' | 'next' | 'back' | 'next-turn' | { readonly extend: number };

export interface CallClient extends CallCommands {
  subscribe(listener: () => void): () => void;
  getSnapshot(): CallState;
  /** Leaves nothing running: closes media and the connection, and starts over. */
  dispose(): void;
}

/** A join that went through (not sent on to another node). */
type JoinedSession = Exclude<LiveRequestResult<'session:join'>, { redirect: unknown }>;

interface ConsumerEntry {
  readonly consumer: RemoteConsumer;
  readonly participantId: string;
  readonly source: MediaSource;
}

/** How often a refused (rate-limited) consumer resume is tried in all. */
const resumeAttempts = 4;

/** Thrown inside a media set-up that a newer one (or a teardown) has replaced. */
const stale = Symbol('stale media set-up');

function errorText(error: unknown): string {
  if (error instanceof LiveRequestError) return error.message;
  return error instanceof Error ? error.message : 'Something went wrong.';
}

/**
 * The live call: owns the signalling connection (socket.io) and the media (mediasoup-client),
 * and publishes one immutable {@link CallState} for the view to render. Components never touch
 * sockets or tracks; they call these commands.
 */
export function createCallClient(deps: CallClientDeps): CallClient {
  const timeoutMs = deps.requestTimeoutMs ?? 10_000;
  const tileReportMs = deps.tileReportMs ?? 500;
  const now = deps.now ?? Date.now;
  const listeners = new Set<() => void>();
  let state: CallState = initialCallState;
  let announcementId = 0;
  // Bumped by dispose(), so that answers to a disposed client's requests change nothing.
  let generation = 0;

  let connection: LiveConnection | null = null;
  // Set after the first successful join: a reconnect then joins again by itself.
  let joined = false;
  let renewingToken = false;
  let serverClosedRetries = 0;
  // With several API nodes: the node hosting the session, when it is not the page's own.
  let nodeUrl: string | undefined;
  // A join is following a redirect: the new connection must not join again by itself.
  let redirecting = false;

  let mediaEpoch = 0;
  let sendTransport: MediaTransport | null = null;
  let recvTransport: MediaTransport | null = null;
  const producers = new Map<MediaSource, LocalProducer>();
  const consumers = new Map<string, ConsumerEntry>();
  let pendingConsumers: ConsumerParameters[] = [];
  const restartingIce = new Set<string>();
  const tiles = createTileReporter((consumerId, width, height) => {
    if (!consumers.has(consumerId) || !connection) return;
    void ask(connection, 'media:consumer:tile', { consumerId, width, height }, timeoutMs).catch(
      () => undefined,
    );
  }, tileReportMs);

  // ── state ──────────────────────────────────────────────────────────────────────────────────

  // Read through a call, so that TypeScript does not narrow the phase across an await.
  const phaseNow = (): CallPhase => state.phase;
  const setState = (patch: Partial<CallState>) => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  };
  const setLocal = (patch: Partial<LocalMedia>) =>
    setState({ local: { ...state.local, ...patch } });
  const setRemote = (remote: readonly RemoteTrack[]) => setState({ remote });
  const announce = (text: string) => {
    announcementId += 1;
    setState({ announcement: { id: announcementId, text } });
  };

  // ── signalling ─────────────────────────────────────────────────────────────────────────────

  function live(): LiveConnection {
    if (connection) return connection;
    const opened = deps.connect({
      token: () => deps.auth.accessToken(),
      ...(nodeUrl ? { url: nodeUrl } : {}),
    });
    connection = opened;
    opened.onConnection((event) => {
      if (connection !== opened) return;
      if (event.type === 'connect') void onConnected();
      else if (event.type === 'disconnect') onDisconnected(event.reason, event.willReconnect);
      else void onConnectError(event.message, event.willRetry);
    });
    opened.on('session:view', (view) => onView(view));
    opened.on('session:denied', ({ message }) => finish({ reason: 'denied', message }));
    opened.on('session:removed', ({ message }) => finish({ reason: 'removed', message }));
    opened.on('session:replaced', () => finish({ reason: 'replaced', message: null }));
    opened.on('media:reset', () => {
      if (state.phase === 'in-call') void startMedia();
    });
    opened.on('media:consumer:new', (parameters) => void onConsumer(parameters));
    opened.on('media:consumer:closed', ({ consumerId }) => dropConsumer(consumerId));
    opened.on('media:consumer:paused', ({ consumerId, paused }) =>
      setRemote(state.remote.map((t) => (t.consumerId === consumerId ? { ...t, paused } : t))),
    );
    opened.on('moderation:muted', ({ locked }) => onMutedByTherapist(locked));
    opened.on('chat:message', (message) => addChat(message));
    opened.on('agenda:state', (agenda) => setState({ agenda: receiveAgenda(agenda, now()) }));
    opened.on('agenda:progress', ({ sessionId, progress, serverNow }) => {
      // The items are the ones already held; only where the session is in them changed.
      const held = state.agenda?.agenda;
      if (!held || held.sessionId !== sessionId) return;
      setState({ agenda: receiveAgenda({ ...held, progress, serverNow }, now()) });
    });
    opened.on('breakout:warning', ({ secondsLeft }) => {
      setState({ breakoutWarningEndsAt: now() + secondsLeft * 1000 });
      announce(
        secondsLeft >= 60
          ? 'Breakout rooms close in 1 minute.'
          : `Breakout rooms close in ${secondsLeft} seconds.`,
      );
    });
    setState({ connection: 'connecting' });
    opened.connect();
    return opened;
  }

  const send = <E extends LiveRequestName>(
    event: E,
    payload: LiveRequestPayload<E>,
  ): Promise<LiveRequestResult<E>> => request(live(), event, payload, timeoutMs);

  async function onConnected() {
    serverClosedRetries = 0;
    const wasJoined = joined && (state.phase === 'waiting' || state.phase === 'in-call');
    setState({ connection: 'connected' });
    if (!wasJoined || redirecting) return;
    // The server kept the seat: join again, then set the media up afresh.
    try {
      const result = await joinSession();
      applyJoin(result, true);
    } catch (error) {
      fail(error);
    }
  }

  /**
   * Joins the session, following the server to the node that hosts it when there are several
   * API nodes (at most a few hops, in case hosting moves meanwhile).
   */
  async function joinSession(): Promise<JoinedSession> {
    try {
      for (let hop = 0; hop < 3; hop += 1) {
        const result = await send('session:join', { sessionId: deps.sessionId });
        if (!('redirect' in result)) return result;
        redirecting = true;
        nodeUrl = result.redirect.url;
        closeConnection();
      }
    } finally {
      redirecting = false;
    }
    throw new LiveRequestError('unavailable', 'The session server kept moving; try again.');
  }

  function onDisconnected(reason: string, willReconnect: boolean) {
    if (state.phase === 'ended' || state.phase === 'failed') return;
    const joinedNow = state.phase === 'waiting' || state.phase === 'in-call';
    if (nodeUrl !== undefined && joinedNow) {
      // The node hosting the session may be gone: come back through the page's own address,
      // which sends us on to whichever node hosts the session now.
      nodeUrl = undefined;
      closeConnection();
      setState({ connection: 'reconnecting' });
      announce('Connection lost. Reconnecting…');
      live();
      return;
    }
    if (!willReconnect && reason === 'io server disconnect' && serverClosedRetries < 1) {
      // The server closed without saying why (session:removed/denied come first when it
      // does): try once more, and a join that fails then says why.
      serverClosedRetries += 1;
      setState({ connection: joinedNow ? 'reconnecting' : 'connecting' });
      connection?.connect();
      return;
    }
    setState({
      connection: willReconnect ? (joinedNow ? 'reconnecting' : 'connecting') : 'closed',
    });
    if (joinedNow && willReconnect) announce('Connection lost. Reconnecting…');
  }

  async function onConnectError(message: string, willRetry: boolean) {
    if (message === 'unauthenticated') {
      // The access token ran out: renew it through the session and try again.
      if (renewingToken) return;
      renewingToken = true;
      const renewed = await deps.auth.renew().finally(() => {
        renewingToken = false;
      });
      if (renewed) {
        connection?.connect();
      } else {
        fail(new LiveRequestError('unauthenticated', 'Your sign-in has expired'));
      }
      return;
    }
    if (!willRetry) {
      setState({ connection: 'closed' });
      if (state.phase === 'joining') {
        fail(new LiveRequestError('unreachable', 'Hearth could not reach the session server.'));
      }
    }
  }

  function fail(error: unknown) {
    if (state.phase === 'ended') return;
    const code = error instanceof LiveRequestError ? error.code : 'error';
    const message = joinFailureMessage(code, errorText(error));
    teardownMedia();
    joined = false;
    setState({ phase: 'failed', failure: { code, message }, view: null, remote: [] });
    announce(message);
  }

  // ── joining and the session view ───────────────────────────────────────────────────────────

  function applyJoin(joinedSession: JoinedSession, rejoin: boolean) {
    const { view, chat } = joinedSession;
    joined = true;
    setState({
      view,
      chat: mergeChat(state.chat, chat),
      failure: null,
      ...(joinedSession.agenda ? { agenda: receiveAgenda(joinedSession.agenda, now()) } : {}),
    });
    const self = selfOf(view);
    if (self?.presence === 'waiting') {
      teardownMedia();
      setState({ phase: 'waiting' });
      announce('You are in the waiting room. Your therapist will let you in shortly.');
      return;
    }
    setState({ phase: 'in-call' });
    announce(rejoin ? 'Reconnected.' : 'You are in the session.');
    void startMedia();
  }

  function onView(view: SessionView) {
    const previous = state.view;
    const before = selfOf(previous);
    const self = selfOf(view);
    setState({ view });
    if (!view.breakouts && state.breakoutWarningEndsAt !== null) {
      setState({ breakoutWarningEndsAt: null });
    }
    if (!self) return;
    if (state.phase === 'waiting' && self.presence === 'admitted') {
      setState({ phase: 'in-call' });
      announce('A therapist let you in.');
      void startMedia();
    } else if (state.phase === 'in-call' && self.presence === 'waiting') {
      teardownMedia();
      setState({ phase: 'waiting' });
      announce('A therapist moved you back to the waiting room.');
    } else if (before?.unmuteLocked && !self.unmuteLocked) {
      announce('A therapist allowed you to unmute.');
    }
    if (before && before.breakoutRoom !== self.breakoutRoom) {
      announce(
        self.breakoutRoom === null
          ? 'You are back in the main room.'
          : `You are in breakout room ${self.breakoutRoom + 1}.`,
      );
    }
    if (self.role === 'therapist' && previous) {
      const known = new Set(previous.participants.map((p) => p.id));
      for (const p of view.participants) {
        if (p.presence === 'waiting' && !known.has(p.id)) {
          announce(`${p.displayName} is in the waiting room.`);
        }
      }
    }
  }

  function mergeChat(
    current: readonly ChatMessage[],
    incoming: readonly ChatMessage[],
  ): readonly ChatMessage[] {
    const ids = new Set(current.map((m) => m.id));
    const added = incoming.filter((m) => !ids.has(m.id));
    return added.length === 0 ? current : [...current, ...added];
  }

  function addChat(message: ChatMessage) {
    const before = state.chat;
    const chat = mergeChat(before, [message]);
    if (chat === before) return;
    setState({ chat });
    if (message.fromId !== state.view?.selfId) announce(`Message from ${message.fromName}.`);
  }

  function finish(end: CallEnd) {
    if (state.phase === 'ended') return;
    teardownMedia();
    stopLocalTracks();
    joined = false;
    closeConnection();
    setState({ phase: 'ended', end, connection: 'closed', remote: [] });
    announce(
      end.reason === 'removed'
        ? 'You were removed from the session.'
        : end.reason === 'denied'
          ? 'You were not let in to the session.'
          : end.reason === 'replaced'
            ? 'You joined this session from another window.'
            : 'You have left the session.',
    );
  }

  function closeConnection() {
    const closing = connection;
    connection = null;
    closing?.close();
  }

  // ── local devices ──────────────────────────────────────────────────────────────────────────

  async function refreshDevices() {
    try {
      const devices = await deps.enumerateDevices();
      setLocal({
        microphones: deviceOptions(devices, 'audioinput', 'Microphone'),
        cameras: deviceOptions(devices, 'videoinput', 'Camera'),
      });
    } catch {
      // Without the list the pickers stay empty and the default devices are used.
    }
  }

  /** Captures through the browser, unless the client was disposed meanwhile. */
  async function capture(wanted: { microphone: boolean; camera: boolean }): Promise<Captured> {
    const startedIn = generation;
    const got = await captureLocal(deps.captureTracks, wanted, state.local);
    if (startedIn !== generation) {
      // Disposed meanwhile (the page closed): nobody will show these tracks.
      got.microphone?.stop();
      got.camera?.stop();
      return { problem: null };
    }
    return got;
  }

  function adoptMicrophone(track: MediaStreamTrack) {
    state.local.microphone?.stop();
    // Before joining, a muted microphone still feeds the meter at zero.
    if (!producers.has('microphone')) track.enabled = state.local.microphoneOn;
    setLocal({ microphone: track, microphoneId: deviceIdOf(track) ?? state.local.microphoneId });
  }

  function adoptCamera(track: MediaStreamTrack) {
    state.local.camera?.stop();
    setLocal({ camera: track, cameraId: deviceIdOf(track) ?? state.local.cameraId });
  }

  function stopLocalTracks() {
    const { microphone, camera, screen } = state.local;
    microphone?.stop();
    camera?.stop();
    screen?.stop();
    setLocal({ microphone: null, camera: null, screen: null });
  }

  async function startPreview() {
    const { microphoneOn, cameraOn } = state.local;
    const wanted = {
      microphone: state.local.microphone === null,
      camera: cameraOn && state.local.camera === null,
    };
    if (wanted.microphone || wanted.camera) {
      const got = await capture(wanted);
      if (got.microphone) adoptMicrophone(got.microphone);
      if (got.camera) adoptCamera(got.camera);
      setLocal({ problem: got.problem });
    }
    // Labels are only listed once the page may use a device.
    await refreshDevices();
    if (!microphoneOn && state.local.microphone) state.local.microphone.enabled = false;
  }

  async function selectMicrophone(deviceId: string) {
    setLocal({ microphoneId: deviceId });
    const got = await capture({ microphone: true, camera: false });
    if (!got.microphone) return setLocal({ problem: got.problem });
    const producer = producers.get('microphone');
    if (producer) await producer.replaceTrack({ track: got.microphone });
    adoptMicrophone(got.microphone);
    setLocal({ problem: null });
  }

  async function selectCamera(deviceId: string) {
    setLocal({ cameraId: deviceId });
    if (!state.local.cameraOn) return;
    const got = await capture({ microphone: false, camera: true });
    if (!got.camera) return setLocal({ problem: got.problem });
    const producer = producers.get('camera');
    if (producer) await producer.replaceTrack({ track: got.camera });
    adoptCamera(got.camera);
    setLocal({ problem: null });
  }

  async function checkNetwork() {
    const startedIn = generation;
    setState({ network: { status: 'checking' } });
    const connection = live();
    try {
      // session:ping is allowed before joining, and any answer is a round trip; the first one
      // also waits for the connection to open, so the best of three is the measure.
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i += 1) {
        const started = now();
        await ask(connection, 'session:ping', {}, timeoutMs);
        best = Math.min(best, now() - started);
      }
      const roundTripMs = Math.round(best);
      if (startedIn !== generation) return;
      setState({ network: { status: 'done', roundTripMs, quality: networkQuality(roundTripMs) } });
    } catch {
      if (startedIn !== generation) return;
      setState({
        network: {
          status: 'failed',
          message: 'The session server did not answer. Check your internet connection.',
        },
      });
    }
  }

  // ── media ──────────────────────────────────────────────────────────────────────────────────

  function teardownMedia() {
    mediaEpoch += 1;
    for (const producer of producers.values()) producer.close();
    producers.clear();
    for (const { consumer } of consumers.values()) consumer.close();
    consumers.clear();
    pendingConsumers = [];
    tiles.clear();
    sendTransport?.close();
    recvTransport?.close();
    sendTransport = null;
    recvTransport = null;
    // A shared screen is not shared again by itself after a reset.
    if (state.local.screen) {
      state.local.screen.stop();
      setLocal({ screen: null });
    }
    if (state.remote.length > 0 || state.media !== 'off') setState({ remote: [], media: 'off' });
  }

  function assertCurrent(epoch: number) {
    if (epoch !== mediaEpoch) throw stale;
  }

  function wireTransport(transport: MediaTransport, epoch: number) {
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      send('media:transport:connect', { transportId: transport.id, dtlsParameters }).then(
        () => callback(),
        errback,
      );
    });
    transport.on('connectionstatechange', (connectionState) => {
      if (connectionState === 'disconnected' || connectionState === 'failed') {
        void restartIce(transport, epoch);
      }
    });
  }

  async function restartIce(transport: MediaTransport, epoch: number) {
    if (restartingIce.has(transport.id) || state.connection !== 'connected') return;
    restartingIce.add(transport.id);
    try {
      const { iceParameters } = await send('media:transport:restart-ice', {
        transportId: transport.id,
      });
      if (epoch === mediaEpoch && !transport.closed) {
        await transport.restartIce({ iceParameters: iceParameters as types.IceParameters });
      }
    } catch {
      // A lost signalling connection rebuilds the media anyway once it is back.
    } finally {
      restartingIce.delete(transport.id);
    }
  }

  async function startMedia() {
    teardownMedia();
    const epoch = mediaEpoch;
    setState({ media: 'connecting' });
    try {
      const [{ rtpCapabilities }, iceServers] = await Promise.all([
        send('media:capabilities', {}),
        deps.iceServers ? deps.iceServers().catch(() => []) : Promise.resolve([]),
      ]);
      assertCurrent(epoch);
      const withIce = (parameters: unknown) =>
        ({
          ...(parameters as types.TransportOptions),
          ...(iceServers.length > 0 ? { iceServers } : {}),
        }) as types.TransportOptions;
      const created = await deps.createDevice();
      await created.load({ routerRtpCapabilities: rtpCapabilities as types.RtpCapabilities });
      assertCurrent(epoch);

      // The server's mediasoup made these parameters; mediasoup-client checks them in depth.
      const sendParameters = await send('media:transport:create', { direction: 'send' });
      assertCurrent(epoch);
      const sending = created.createSendTransport(withIce(sendParameters));
      sendTransport = sending;
      wireTransport(sending, epoch);
      sending.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        const { source, paused } = appData as ProduceAppData;
        send('media:produce', {
          transportId: sending.id,
          kind,
          rtpParameters,
          source,
          paused,
        }).then(({ producerId }) => callback({ id: producerId }), errback);
      });

      const recvParameters = await send('media:transport:create', { direction: 'recv' });
      assertCurrent(epoch);
      recvTransport = created.createRecvTransport(withIce(recvParameters));
      wireTransport(recvTransport, epoch);

      await send('media:ready', { rtpCapabilities: created.rtpCapabilities });
      assertCurrent(epoch);
      setState({ media: 'live' });
      const waiting = pendingConsumers;
      pendingConsumers = [];
      for (const parameters of waiting) void onConsumer(parameters);

      await produceLocal(epoch);
    } catch (error) {
      if (error === stale) return;
      setState({
        media: 'failed',
        actionError: `Your audio and video could not connect: ${errorText(error)}`,
      });
    }
  }

  async function produce(
    source: MediaSource,
    track: MediaStreamTrack,
    paused: boolean,
    epoch: number,
  ) {
    const transport = sendTransport;
    if (!transport) return null;
    const producer = await transport.produce({
      track,
      // The call owns its tracks: a closed producer must not stop the camera under the preview.
      stopTracks: false,
      ...(source === 'camera'
        ? { encodings: cameraEncodings, codecOptions: cameraCodecOptions }
        : {}),
      appData: { source, paused },
    });
    if (epoch !== mediaEpoch) {
      producer.close();
      throw stale;
    }
    // The server was told it starts paused; this side only stops sending.
    if (paused) producer.pause();
    producers.set(source, producer);
    return producer;
  }

  async function produceLocal(epoch: number) {
    const { microphone, camera, microphoneOn, cameraOn } = state.local;
    const self = selfOf(state.view);
    const micOn = microphoneOn && !self?.unmuteLocked;
    if (!micOn && microphoneOn) setLocal({ microphoneOn: false });
    if (microphone) await produce('microphone', microphone, !micOn, epoch);
    if (camera) await produce('camera', camera, !cameraOn, epoch);
  }

  async function onConsumer(parameters: ConsumerParameters) {
    const transport = recvTransport;
    if (!transport || state.media !== 'live') {
      pendingConsumers.push(parameters);
      return;
    }
    const epoch = mediaEpoch;
    try {
      const consumer = await transport.consume({
        id: parameters.id,
        producerId: parameters.producerId,
        kind: parameters.kind,
        rtpParameters: parameters.rtpParameters as unknown as types.RtpParameters,
      });
      if (epoch !== mediaEpoch) {
        consumer.close();
        return;
      }
      consumers.set(consumer.id, {
        consumer,
        participantId: parameters.producerPeerId,
        source: parameters.source,
      });
      setRemote([
        ...state.remote.filter((t) => t.consumerId !== consumer.id),
        {
          consumerId: consumer.id,
          participantId: parameters.producerPeerId,
          kind: parameters.kind,
          source: parameters.source,
          track: consumer.track,
          paused: parameters.producerPaused,
        },
      ]);
      await resumeConsumer(consumer.id, epoch);
    } catch {
      // The track is missing from its tile; the rest of the call goes on.
    }
  }

  /**
   * Consumers start paused on the server until this side is ready to play them. Joining a large
   * group resumes dozens at once, which the server's rate limit may refuse: try again shortly.
   */
  async function resumeConsumer(consumerId: string, epoch: number) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await send('media:consumer:resume', { consumerId });
        return;
      } catch (error) {
        const limited = error instanceof LiveRequestError && error.code === 'rate_limited';
        if (!limited || attempt >= resumeAttempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, attempt * 1000));
        if (epoch !== mediaEpoch || !consumers.has(consumerId)) return;
      }
    }
  }

  function dropConsumer(consumerId: string) {
    const entry = consumers.get(consumerId);
    entry?.consumer.close();
    consumers.delete(consumerId);
    tiles.forget(consumerId);
    pendingConsumers = pendingConsumers.filter((p) => p.id !== consumerId);
    if (state.remote.some((t) => t.consumerId === consumerId)) {
      setRemote(state.remote.filter((t) => t.consumerId !== consumerId));
    }
  }

  function onMutedByTherapist(locked: boolean) {
    const producer = producers.get('microphone');
    if (producer && !producer.paused) producer.pause();
    if (state.local.microphone && !producer) state.local.microphone.enabled = false;
    setLocal({ microphoneOn: false });
    const text = locked
      ? 'A therapist muted you. You can unmute when they allow it.'
      : 'A therapist muted you.';
    setState({ notice: text });
    announce(text);
  }

  // ── the person's commands ──────────────────────────────────────────────────────────────────

  async function command<E extends LiveRequestName>(
    event: E,
    payload: LiveRequestPayload<E>,
    failure: string,
  ): Promise<LiveRequestResult<E> | null> {
    try {
      const result = await send(event, payload);
      if (state.actionError) setState({ actionError: null });
      return result;
    } catch (error) {
      const text = `${failure}: ${errorText(error)}`;
      setState({ actionError: text });
      announce(text);
      return null;
    }
  }

  async function toggleTrack(source: 'microphone' | 'camera') {
    const key = source === 'microphone' ? 'microphoneOn' : 'cameraOn';
    const on = !state.local[key];
    if (source === 'microphone' && on && selfOf(state.view)?.unmuteLocked) return;
    const producer = producers.get(source);
    const inCall = state.phase === 'in-call' && sendTransport !== null;
    if (producer) {
      if (on) producer.resume();
      else producer.pause();
      setLocal({ [key]: on });
      const done = await command(
        'media:producer:set-paused',
        { producerId: producer.id, paused: !on },
        on ? `Could not turn your ${source} on` : `Could not turn your ${source} off`,
      );
      if (!done) {
        if (on) producer.pause();
        else producer.resume();
        setLocal({ [key]: !on });
      }
      return;
    }
    setLocal({ [key]: on });
    const current = state.local[source];
    if (source === 'microphone' && current) {
      current.enabled = on;
    } else if (source === 'camera' && current && !on && !inCall) {
      // Before joining, a camera turned off really is off: the light goes out.
      current.stop();
      setLocal({ camera: null });
    }
    if (on && !current) {
      const got = await capture({
        microphone: source === 'microphone',
        camera: source === 'camera',
      });
      const track = got[source];
      if (!track) {
        setLocal({ [key]: false, problem: got.problem });
        return;
      }
      if (source === 'microphone') adoptMicrophone(track);
      else adoptCamera(track);
      setLocal({ problem: null });
    }
    const track = state.local[source];
    if (on && inCall && track) {
      try {
        await produce(source, track, false, mediaEpoch);
      } catch (error) {
        if (error !== stale)
          setState({ actionError: `Could not send your ${source}: ${errorText(error)}` });
      }
    }
  }

  async function stopScreenShare() {
    const producer = producers.get('screen');
    const track = state.local.screen;
    producers.delete('screen');
    track?.stop();
    setLocal({ screen: null });
    if (producer) {
      producer.close();
      await command('media:producer:close', { producerId: producer.id }, 'Could not stop sharing');
    }
  }

  async function toggleScreenShare() {
    if (state.local.screen) return stopScreenShare();
    if (state.phase !== 'in-call' || !sendTransport) return;
    let track: MediaStreamTrack | undefined;
    try {
      track = (await deps.captureScreen()).find((t) => t.kind === 'video');
    } catch {
      // Cancelling the browser's picker is a choice, not an error.
      return;
    }
    if (!track) return;
    const screen = track;
    screen.addEventListener('ended', () => {
      if (state.local.screen === screen) void stopScreenShare();
    });
    setLocal({ screen });
    try {
      await produce('screen', screen, false, mediaEpoch);
      announce('You are sharing your screen.');
    } catch (error) {
      screen.stop();
      setLocal({ screen: null });
      if (error !== stale)
        setState({ actionError: `Could not share your screen: ${errorText(error)}` });
    }
  }

  async function join() {
    if (state.phase !== 'pre-join' && state.phase !== 'failed') return;
    setState({ phase: 'joining', failure: null, end: null, actionError: null });
    try {
      const result = await joinSession();
      // Leaving while the join was on its way wins.
      if (phaseNow() !== 'joining') return;
      applyJoin(result, false);
    } catch (error) {
      if (phaseNow() === 'joining') fail(error);
    }
  }

  async function leave() {
    const open = connection;
    if (open && joined) {
      // Best effort: the server frees the seat at once rather than holding it for a minute.
      await ask(open, 'session:leave', {}, 2_000).catch(() => undefined);
    }
    finish({ reason: 'left', message: null });
  }

  function reportTileSize(consumerId: string, width: number, height: number) {
    if (consumers.has(consumerId)) tiles.report(consumerId, width, height);
  }

  async function inboundStats(): Promise<InboundStat[]> {
    const entries = [...consumers.values()];
    const stats = await Promise.all(
      entries.map(async ({ consumer, participantId, source }) => {
        try {
          const report = await consumer.getStats();
          return inboundStat(
            { consumerId: consumer.id, participantId, kind: consumer.kind, source },
            report.values() as Iterable<Record<string, unknown>>,
          );
        } catch {
          return null;
        }
      }),
    );
    return stats.filter((s): s is InboundStat => s !== null);
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => state,
    startPreview,
    refreshDevices,
    selectMicrophone,
    selectCamera,
    checkNetwork,
    join,
    leave,
    toggleMicrophone: () => toggleTrack('microphone'),
    toggleCamera: () => toggleTrack('camera'),
    toggleScreenShare,
    async raiseHand() {
      if ((selfOf(state.view)?.handPosition ?? null) === null)
        await command('hand:raise', {}, 'Could not raise your hand');
    },
    async lowerHand(participantId) {
      await command(
        'hand:lower',
        participantId ? { participantId } : {},
        'Could not lower the hand',
      );
    },
    async lowerAllHands() {
      await command('hand:lower-all', {}, 'Could not lower the hands');
    },
    async sendChat(text) {
      const result = await command('chat:send', { text }, 'Your message was not sent');
      return result !== null;
    },
    markChatRead() {
      if (state.chatRead !== state.chat.length) setState({ chatRead: state.chat.length });
    },
    dismissNotice() {
      setState({ notice: null, actionError: null });
    },
    async admit(participantId) {
      await command('lobby:admit', { participantId }, 'Could not let them in');
    },
    async admitAll() {
      await command('lobby:admit-all', {}, 'Could not let everyone in');
    },
    async deny(participantId, message) {
      const text = message?.trim();
      await command(
        'lobby:deny',
        { participantId, ...(text ? { message: text } : {}) },
        'Could not deny entry',
      );
    },
    async sendBack(participantId) {
      await command(
        'lobby:send-back',
        { participantId },
        'Could not move them to the waiting room',
      );
    },
    async mute(participantId, lock) {
      await command('moderation:mute', { participantId, lock }, 'Could not mute them');
    },
    async muteAll(lock) {
      await command('moderation:mute-all', { lock }, 'Could not mute everyone');
    },
    async allowUnmute(participantId) {
      await command(
        'moderation:unlock-mute',
        participantId ? { participantId } : {},
        'Could not allow unmuting',
      );
    },
    async remove(participantId) {
      await command('moderation:remove', { participantId }, 'Could not remove them');
    },
    async setLocked(locked) {
      const done = await command(
        'moderation:lock',
        { locked },
        locked ? 'Could not lock the session' : 'Could not unlock the session',
      );
      if (done) announce(locked ? 'The session is locked.' : 'The session is unlocked.');
    },
    async startBreakouts(rooms, minutes) {
      await command(
        'breakout:start',
        { rooms, ...(minutes ? { minutes } : {}) },
        'Could not open the breakout rooms',
      );
    },
    async visitBreakout(room) {
      await command('breakout:visit', { room }, 'Could not move you');
    },
    async endBreakouts() {
      await command('breakout:end', {}, 'Could not bring everyone back');
    },
    async agenda(agendaCommand) {
      if (state.agendaBusy) return;
      setState({ agendaBusy: true, agendaError: null });
      try {
        if (agendaCommand === 'start') await send('agenda:start', {});
        else if (agendaCommand === 'next') await send('agenda:next', {});
        else if (agendaCommand === 'back') await send('agenda:back', {});
        else if (agendaCommand === 'next-turn') await send('agenda:next-turn', {});
        else await send('agenda:extend', { minutes: agendaCommand.extend });
        setState({ agendaBusy: false });
      } catch (error) {
        setState({ agendaBusy: false, agendaError: errorText(error) });
      }
    },
    reportTileSize,
    inboundStats,
    dispose() {
      teardownMedia();
      stopLocalTracks();
      joined = false;
      generation += 1;
      nodeUrl = undefined;
      closeConnection();
      state = initialCallState;
      for (const listener of listeners) listener();
    },
  };
}
