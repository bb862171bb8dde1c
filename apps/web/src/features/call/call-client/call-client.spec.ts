import type { Participant } from '@hearth/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  chatMessage,
  cleo,
  cleoId,
  consumerFor,
  createFakeCall,
  sam,
  samId,
  sessionId,
  sessionView,
  settle,
  therapist,
  type FakeLive,
} from '../../../testing/fake-call';
import { cameraEncodings } from './call-client';

/** A client who joins as Cleo and is answered with these participants. */
async function joinedAs(self: Participant, others: Participant[], extra = (_: FakeLive) => {}) {
  const call = createFakeCall((live) => {
    live.answer('session:join', {
      data: { view: sessionView(self.id, [self, ...others]), chat: [], agenda: null },
    });
    extra(live);
  });
  await call.client.startPreview();
  await call.client.join();
  await settle();
  return call;
}

describe('the call client', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('joins into the waiting room, then sets up media once a therapist admits', async () => {
    const waiting = { ...cleo, presence: 'waiting' as const };
    const call = await joinedAs(waiting, [therapist]);
    const live = call.live();
    expect(live.tokens).toEqual(['access-1']);
    expect(live.sent('session:join')).toEqual([{ sessionId }]);
    expect(call.client.getSnapshot().phase).toBe('waiting');
    // Nothing about media is asked while waiting.
    expect(live.names()).toEqual(['session:join']);

    live.server('session:view', sessionView(cleoId, [cleo, therapist]));
    await settle();
    const state = call.client.getSnapshot();
    expect(state.phase).toBe('in-call');
    expect(state.announcement?.text).toBe('A therapist let you in.');
    expect(state.media).toBe('live');

    expect(live.names()).toEqual([
      'session:join',
      'media:capabilities',
      'media:transport:create',
      'media:transport:create',
      'media:ready',
      'media:transport:connect',
      'media:produce',
      'media:produce',
    ]);
    expect(live.sent('media:transport:create')).toEqual([
      { direction: 'send' },
      { direction: 'recv' },
    ]);
    const device = call.media.device;
    expect(device.routerRtpCapabilities).toEqual({ codecs: [] });
    expect(live.sent('media:ready')).toEqual([{ rtpCapabilities: device.rtpCapabilities }]);
    expect(live.sent('media:transport:connect')[0]).toMatchObject({
      transportId: 'send-transport-1',
      dtlsParameters: { role: 'client' },
    });

    // Microphone first, then the camera with three simulcast layers.
    const [mic, camera] = live.sent('media:produce');
    expect(mic).toMatchObject({
      transportId: 'send-transport-1',
      kind: 'audio',
      source: 'microphone',
      paused: false,
    });
    expect(camera).toMatchObject({ kind: 'video', source: 'camera', paused: false });
    const [micProducer, cameraProducer] = device.send.produced;
    // Opus sends almost nothing in silence (DTX) and carries its own repair data (FEC).
    expect(micProducer?.options.codecOptions).toEqual({ opusDtx: true, opusFec: true });
    expect(cameraProducer?.options.encodings).toEqual(cameraEncodings);
    expect(cameraProducer?.options.codecOptions).toEqual({ videoGoogleStartBitrate: 1000 });
    expect(cameraProducer?.options.stopTracks).toBe(false);
  });

  it('consumes each remote track, shows it, resumes it, and drops it when closed', async () => {
    const call = await joinedAs(cleo, [therapist, sam]);
    const live = call.live();
    live.server('media:consumer:new', consumerFor(samId, 'video'));
    live.server('media:consumer:new', consumerFor(samId, 'audio'));
    await settle();

    const recv = call.media.device.recv;
    expect(recv.consumed.map((c) => c.kind)).toEqual(['video', 'audio']);
    expect(recv.consumed[0]?.options).toMatchObject({
      id: 'consumer-3333-video',
      producerId: 'remote-consumer-3333-video',
    });
    expect(live.sent('media:consumer:resume')).toEqual([
      { consumerId: 'consumer-3333-video' },
      { consumerId: 'consumer-3333-audio' },
    ]);
    const remote = call.client.getSnapshot().remote;
    expect(remote.map((t) => [t.participantId, t.kind, t.source])).toEqual([
      [samId, 'video', 'camera'],
      [samId, 'audio', 'microphone'],
    ]);
    expect(remote[0]?.track).toBe(recv.consumed[0]?.track);

    live.server('media:consumer:paused', { consumerId: 'consumer-3333-audio', paused: true });
    expect(call.client.getSnapshot().remote[1]?.paused).toBe(true);

    live.server('media:consumer:closed', { consumerId: 'consumer-3333-video' });
    expect(recv.consumed[0]?.closed).toBe(true);
    expect(call.client.getSnapshot().remote.map((t) => t.kind)).toEqual(['audio']);
  });

  it('tries a rate-limited resume again shortly', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const call = await joinedAs(cleo, [sam]);
    const live = call.live();
    let refusals = 1;
    live.answer('media:consumer:resume', () =>
      refusals-- > 0
        ? { error: { code: 'rate_limited', message: 'Too many requests' } }
        : { data: {} },
    );
    live.server('media:consumer:new', consumerFor(samId, 'video'));
    await settle();
    expect(live.sent('media:consumer:resume')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect(live.sent('media:consumer:resume')).toEqual([
      { consumerId: 'consumer-3333-video' },
      { consumerId: 'consumer-3333-video' },
    ]);
  });

  it('reads inbound statistics per remote track', async () => {
    const call = await joinedAs(cleo, [sam]);
    call.live().server('media:consumer:new', consumerFor(samId, 'video'));
    call.live().server('media:consumer:new', consumerFor(samId, 'audio'));
    await settle();
    const stats = await call.client.inboundStats();
    expect(stats).toEqual([
      expect.objectContaining({
        participantId: samId,
        kind: 'video',
        source: 'camera',
        packetsReceived: 120,
        bytesReceived: 120_000,
        framesDecoded: 90,
      }),
      expect.objectContaining({
        participantId: samId,
        kind: 'audio',
        source: 'microphone',
        packetsReceived: 120,
        framesDecoded: null,
      }),
    ]);
  });

  it('starts muted and without a camera when the person chose so before joining', async () => {
    const call = createFakeCall((live) =>
      live.answer('session:join', {
        data: { view: sessionView(cleoId, [cleo, therapist]), chat: [], agenda: null },
      }),
    );
    await call.client.startPreview();
    await call.client.toggleMicrophone();
    await call.client.toggleCamera();
    const before = call.client.getSnapshot().local;
    expect(before.microphone?.enabled).toBe(false);
    // The camera really stops before joining, so its light goes out.
    expect(before.camera).toBeNull();
    await call.client.join();
    await settle();
    const live = call.live();
    expect(live.sent('media:produce')).toEqual([
      expect.objectContaining({ kind: 'audio', source: 'microphone', paused: true }),
    ]);
    expect(call.media.device.send.produced[0]?.paused).toBe(true);

    // Turning the camera on in the call captures it and sends it.
    await call.client.toggleCamera();
    await settle();
    expect(live.sent('media:produce')[1]).toMatchObject({
      kind: 'video',
      source: 'camera',
      paused: false,
    });
  });

  it('mutes and unmutes by pausing the producer and telling the server', async () => {
    const call = await joinedAs(cleo, [therapist]);
    const live = call.live();
    const mic = call.media.device.send.produced[0];
    await call.client.toggleMicrophone();
    expect(mic?.paused).toBe(true);
    expect(call.client.getSnapshot().local.microphoneOn).toBe(false);
    await call.client.toggleMicrophone();
    expect(mic?.paused).toBe(false);
    await call.client.toggleCamera();
    expect(live.sent('media:producer:set-paused')).toEqual([
      { producerId: 'producer-1', paused: true },
      { producerId: 'producer-1', paused: false },
      { producerId: 'producer-2', paused: true },
    ]);
    expect(call.media.device.send.produced[1]?.paused).toBe(true);
  });

  it('pauses the microphone when a therapist mutes, and keeps it muted while locked', async () => {
    const call = await joinedAs(cleo, [therapist]);
    const live = call.live();
    const mic = call.media.device.send.produced[0];
    live.server('moderation:muted', { locked: true });
    live.server(
      'session:view',
      sessionView(cleoId, [{ ...cleo, microphoneOn: false, unmuteLocked: true }, therapist]),
    );
    const state = call.client.getSnapshot();
    expect(mic?.paused).toBe(true);
    expect(state.local.microphoneOn).toBe(false);
    expect(state.notice).toBe('A therapist muted you. You can unmute when they allow it.');
    expect(state.announcement?.text).toBe(
      'A therapist muted you. You can unmute when they allow it.',
    );

    await call.client.toggleMicrophone();
    expect(mic?.paused).toBe(true);
    expect(live.sent('media:producer:set-paused')).toEqual([]);

    live.server('session:view', sessionView(cleoId, [{ ...cleo, microphoneOn: false }, therapist]));
    expect(call.client.getSnapshot().announcement?.text).toBe('A therapist allowed you to unmute.');
    await call.client.toggleMicrophone();
    expect(mic?.paused).toBe(false);
  });

  it('rebuilds transports, producers and consumers after media:reset, without rejoining', async () => {
    const call = await joinedAs(cleo, [sam]);
    const live = call.live();
    live.server('media:consumer:new', consumerFor(samId, 'video'));
    await settle();
    const first = call.media.device;
    const localCamera = call.client.getSnapshot().local.camera;

    live.server('media:reset', { reason: 'worker_restarted' });
    await settle();
    expect(first.transports.every((t) => t.closed)).toBe(true);
    expect(first.send.produced.every((p) => p.closed)).toBe(true);
    expect(first.recv.consumed.every((c) => c.closed)).toBe(true);
    // The camera keeps running: the new producer sends the same track.
    expect(localCamera?.readyState).toBe('live');

    const second = call.media.device;
    expect(second).not.toBe(first);
    expect(live.sent('session:join')).toHaveLength(1);
    expect(live.sent('media:capabilities')).toHaveLength(2);
    expect(live.sent('media:ready')).toHaveLength(2);
    expect(second.send.produced.map((p) => p.track)).toContain(localCamera);
    expect(call.client.getSnapshot().remote).toEqual([]);

    live.server('media:consumer:new', consumerFor(samId, 'video', 'consumer-again'));
    await settle();
    expect(second.recv.consumed.map((c) => c.id)).toEqual(['consumer-again']);
  });

  it('shows reconnecting on a drop, then joins again and redoes the media on reconnect', async () => {
    const call = await joinedAs(cleo, [therapist]);
    const live = call.live();
    const first = call.media.device;
    live.drop();
    expect(call.client.getSnapshot().connection).toBe('reconnecting');
    expect(call.client.getSnapshot().phase).toBe('in-call');

    live.restore();
    await settle();
    const state = call.client.getSnapshot();
    expect(state.connection).toBe('connected');
    expect(live.sent('session:join')).toEqual([{ sessionId }, { sessionId }]);
    expect(first.transports.every((t) => t.closed)).toBe(true);
    expect(call.media.devices).toHaveLength(2);
    expect(call.media.device.send.produced).toHaveLength(2);
    expect(state.announcement?.text).toBe('Reconnected.');
  });

  it('renews an expired token when the handshake is refused, and connects again', async () => {
    const call = createFakeCall((live) => {
      live.refuseNext.push('unauthenticated');
      live.answer('session:join', {
        data: { view: sessionView(cleoId, [cleo]), chat: [], agenda: null },
      });
    });
    await call.client.join();
    await settle();
    expect(call.auth.renewals).toBe(1);
    expect(call.live().tokens).toEqual(['access-1', 'access-2']);
    expect(call.client.getSnapshot().phase).toBe('in-call');
  });

  it('restarts ICE when a transport disconnects', async () => {
    const call = await joinedAs(cleo, [therapist]);
    const send = call.media.device.send;
    send.changeState('disconnected');
    await settle();
    expect(call.live().sent('media:transport:restart-ice')).toEqual([
      { transportId: 'send-transport-1' },
    ]);
    expect(send.iceRestarts).toEqual([{ usernameFragment: 'new' }]);
  });

  it.each([
    ['forbidden', 'You were removed from this session', 'You were removed from this session'],
    [
      'conflict',
      'This session opens 10 minutes before it starts',
      'This session opens 10 minutes before it starts',
    ],
    [
      'not_found',
      'Session not found',
      'We could not find this session. It may have been cancelled, or the link is wrong.',
    ],
  ])('says why a join was refused (%s)', async (code, message, shown) => {
    const call = createFakeCall((live) => live.refuse('session:join', code, message));
    await call.client.join();
    await settle();
    const state = call.client.getSnapshot();
    expect(state.phase).toBe('failed');
    expect(state.failure).toEqual({ code, message: shown });
  });

  it('reports a failed command without leaving the call', async () => {
    const call = await joinedAs(therapist, [sam]);
    call.live().refuse('moderation:remove', 'forbidden', 'Only therapists may remove people');
    await call.client.remove(samId);
    const state = call.client.getSnapshot();
    expect(state.phase).toBe('in-call');
    expect(state.actionError).toBe('Could not remove them: Only therapists may remove people');
  });

  it('ends with the therapist’s message when removed or denied', async () => {
    const call = await joinedAs(cleo, [therapist]);
    const camera = call.client.getSnapshot().local.camera;
    call.live().server('session:removed', { message: 'We will talk tomorrow.' });
    const state = call.client.getSnapshot();
    expect(state.phase).toBe('ended');
    expect(state.end).toEqual({ reason: 'removed', message: 'We will talk tomorrow.' });
    expect(camera?.readyState).toBe('ended');
    expect(call.live().closed).toBe(true);
  });

  it('keeps chat in order without repeating one’s own message', async () => {
    const call = await joinedAs(cleo, [therapist]);
    const live = call.live();
    const sent = await call.client.sendChat('Hello everyone');
    expect(sent).toBe(true);
    expect(live.sent('chat:send')).toEqual([{ text: 'Hello everyone' }]);
    live.server('chat:message', chatMessage('sent-1', cleo, 'Hello everyone'));
    const welcome = chatMessage('m2', therapist, 'Welcome');
    live.server('chat:message', welcome);
    // Delivered twice (say, around a reconnect), shown once.
    live.server('chat:message', welcome);
    const state = call.client.getSnapshot();
    expect(state.chat.map((m) => m.text)).toEqual(['Hello everyone', 'Welcome']);
    expect(state.announcement?.text).toBe('Message from Dr Tamsin Reed.');
  });

  it('shares the screen as a second video producer and closes it when stopped', async () => {
    const call = await joinedAs(cleo, [therapist]);
    const live = call.live();
    await call.client.toggleScreenShare();
    await settle();
    expect(live.sent('media:produce')[2]).toMatchObject({ kind: 'video', source: 'screen' });
    const screen = call.client.getSnapshot().local.screen;
    expect(screen).not.toBeNull();
    await call.client.toggleScreenShare();
    expect(live.sent('media:producer:close')).toEqual([{ producerId: 'producer-3' }]);
    expect(screen?.readyState).toBe('ended');
    expect(call.client.getSnapshot().local.screen).toBeNull();
  });

  it('reports tile sizes at most twice a second, always ending on the latest', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const call = await joinedAs(cleo, [sam]);
    const live = call.live();
    live.server('media:consumer:new', consumerFor(samId, 'video'));
    await settle();
    const consumerId = 'consumer-3333-video';
    call.client.reportTileSize(consumerId, 640, 360);
    call.client.reportTileSize(consumerId, 500, 280);
    call.client.reportTileSize(consumerId, 320, 180);
    expect(live.sent('media:consumer:tile')).toEqual([{ consumerId, width: 640, height: 360 }]);
    vi.advanceTimersByTime(500);
    expect(live.sent('media:consumer:tile')).toHaveLength(2);
    expect(live.sent('media:consumer:tile')[1]).toEqual({ consumerId, width: 320, height: 180 });
    call.client.reportTileSize(consumerId, 320, 180);
    vi.advanceTimersByTime(1000);
    expect(live.sent('media:consumer:tile')).toHaveLength(2);
    call.client.reportTileSize(consumerId, 0, 0);
    expect(live.sent('media:consumer:tile')[2]).toEqual({ consumerId, width: 0, height: 0 });
  });

  it('leaves by telling the server, then closes everything', async () => {
    const call = await joinedAs(cleo, [therapist]);
    await call.client.leave();
    const state = call.client.getSnapshot();
    expect(call.live().sent('session:leave')).toEqual([{}]);
    expect(state.phase).toBe('ended');
    expect(state.end?.reason).toBe('left');
    expect(call.media.device.transports.every((t) => t.closed)).toBe(true);
    expect(call.media.tracks.every((t) => t.readyState === 'ended')).toBe(true);
  });

  it('measures the network round trip before joining with pings', async () => {
    const call = createFakeCall();
    await call.client.checkNetwork();
    const network = call.client.getSnapshot().network;
    expect(network).toMatchObject({ status: 'done', quality: 'good' });
    expect(call.live().sent('session:ping')).toEqual([{}, {}, {}]);
    // Nothing a joined participant would ask for.
    expect(call.live().names()).toEqual(['session:ping', 'session:ping', 'session:ping']);
  });

  it('times the best of three pings', async () => {
    let clock = 0;
    const delays = [900, 120, 300];
    const call = createFakeCall(
      (live) =>
        live.answer('session:ping', () => {
          clock += delays.shift() ?? 0;
          return { data: { serverTime: '2026-01-12T10:00:00.000Z' } };
        }),
      { now: () => clock },
    );
    await call.client.checkNetwork();
    expect(call.client.getSnapshot().network).toEqual({
      status: 'done',
      roundTripMs: 120,
      quality: 'good',
    });
    // The quickest round trip (sent at 900, answered at 1020) read the server's clock at about
    // its middle: the server is that far ahead of this device.
    expect(call.client.getSnapshot().clockOffsetMs).toBe(
      Date.parse('2026-01-12T10:00:00.000Z') - 960,
    );
  });

  it('counts a refused ping as an answer, and says so when none comes', async () => {
    const refused = createFakeCall((live) => live.refuse('session:ping', 'rate_limited', 'Slow'));
    await refused.client.checkNetwork();
    expect(refused.client.getSnapshot().network).toMatchObject({ status: 'done' });

    const silent = createFakeCall(
      (live) => {
        live.handlers['session:ping'] = () => 'no-answer';
      },
      { requestTimeoutMs: 5 },
    );
    await silent.client.checkNetwork();
    expect(silent.client.getSnapshot().network).toEqual({
      status: 'failed',
      message: 'The session server did not answer. Check your internet connection.',
    });
  });

  it('lists devices and switches the camera in the preview', async () => {
    const call = createFakeCall();
    await call.client.startPreview();
    const local = call.client.getSnapshot().local;
    expect(local.microphones).toEqual([
      { id: 'audio-default', label: 'Built-in microphone' },
      { id: 'audio-usb', label: 'USB headset' },
    ]);
    expect(local.cameras).toEqual([
      { id: 'video-default', label: 'FaceTime camera' },
      { id: 'video-usb', label: 'Camera 2' },
    ]);
    const before = local.camera;
    await call.client.selectCamera('video-usb');
    const after = call.client.getSnapshot().local;
    expect(before?.readyState).toBe('ended');
    expect(after.cameraId).toBe('video-usb');
    expect(after.camera?.getSettings().deviceId).toBe('video-usb');
  });

  it('says which device failed when the browser refuses one of them', async () => {
    const call = createFakeCall();
    call.media.failing.video = 'NotAllowedError';
    await call.client.startPreview();
    const local = call.client.getSnapshot().local;
    expect(local.microphone).not.toBeNull();
    expect(local.camera).toBeNull();
    expect(local.problem).toBe(
      'Hearth is not allowed to use your camera. Select the camera or lock icon in the address bar, allow the camera for this site, then try again.',
    );
  });
});
