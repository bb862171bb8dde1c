import { describe, expect, it } from 'vitest';
import {
  ali,
  cleo,
  cleoId,
  fakeTrack,
  sam,
  samId,
  sessionView,
  therapist,
} from '../../testing/fake-call';
import {
  featuredTileIndex,
  formatCountdown,
  formatWaited,
  initialCallState,
  raisedHands,
  stageTiles,
  waitingRoom,
  type CallState,
  type RemoteTrack,
} from './call-state';

describe('what the call shows', () => {
  const camera = fakeTrack('video');
  const samVideo = fakeTrack('video');
  const samScreen = fakeTrack('video');

  const samTrack = (
    consumerId: string,
    source: 'camera' | 'screen',
    track: MediaStreamTrack,
    paused = false,
  ): RemoteTrack => ({ consumerId, participantId: samId, kind: 'video', source, track, paused });

  function stateWith(patch: Partial<CallState>): CallState {
    return {
      ...initialCallState,
      local: { ...initialCallState.local, camera },
      ...patch,
    };
  }

  it('puts therapists first, then people by name, with their videos', () => {
    const view = sessionView(cleoId, [cleo, sam, therapist, { ...ali, presence: 'waiting' }]);
    const tiles = stageTiles(
      stateWith({
        view,
        remote: [samTrack('c1', 'camera', samVideo)],
      }),
    );
    expect(tiles.map((t) => t.participant.displayName)).toEqual([
      'Dr Tamsin Reed',
      'Cleo Client',
      'Sam Okafor',
    ]);
    expect(tiles[1]).toMatchObject({ isSelf: true, video: camera, consumerId: null });
    expect(tiles[2]).toMatchObject({ video: samVideo, consumerId: 'c1' });
  });

  it('hides a paused video and one’s own camera when it is off', () => {
    const view = sessionView(cleoId, [cleo, sam]);
    const tiles = stageTiles(
      stateWith({
        view,
        local: { ...initialCallState.local, camera, cameraOn: false },
        remote: [samTrack('c1', 'camera', samVideo, true)],
      }),
    );
    expect(tiles.map((t) => t.video)).toEqual([null, null]);
  });

  it('says on the tile which of a person’s tracks could not be received', () => {
    const view = sessionView(cleoId, [cleo, sam]);
    const unshown = (source: 'camera' | 'microphone' | 'screen') => ({
      consumerId: `u-${source}`,
      participantId: samId,
      kind: source === 'microphone' ? ('audio' as const) : ('video' as const),
      source,
    });
    const tiles = stageTiles(
      stateWith({ view, unshown: [unshown('camera'), unshown('microphone'), unshown('screen')] }),
    );
    expect(tiles.map((t) => [t.key, t.video, t.videoUnshown, t.audioUnshown])).toEqual([
      [`${samId}:screen`, null, true, false],
      [`${cleoId}:camera`, camera, false, false],
      [`${samId}:camera`, null, true, true],
    ]);
    // Audio only shows no video anyway; a working camera track wins over an old mark.
    const audioOnly = stageTiles(
      stateWith({ view, audioOnly: true, unshown: [unshown('camera')] }),
    );
    expect(audioOnly.map((t) => t.videoUnshown)).toEqual([false, false]);
    const working = stageTiles(
      stateWith({
        view,
        remote: [samTrack('c1', 'camera', samVideo)],
        unshown: [unshown('camera')],
      }),
    );
    expect(working[1]).toMatchObject({ video: samVideo, videoUnshown: false });
  });

  it('shows only one’s own breakout room', () => {
    const view = sessionView(cleoId, [
      { ...cleo, breakoutRoom: 1 },
      { ...sam, breakoutRoom: 0 },
      { ...ali, breakoutRoom: 1 },
      therapist,
    ]);
    expect(stageTiles(stateWith({ view })).map((t) => t.participant.id)).toEqual([ali.id, cleoId]);
  });

  it('emphasises a shared screen first, otherwise the active speaker but never oneself', () => {
    const remote = [samTrack('s1', 'screen', samScreen)];
    const sharing = stageTiles(
      stateWith({ view: sessionView(cleoId, [cleo, sam], { activeSpeakerId: cleoId }), remote }),
    );
    expect(sharing[0]).toMatchObject({ source: 'screen', video: samScreen });
    expect(featuredTileIndex(sharing)).toBe(0);

    const speaking = stageTiles(
      stateWith({ view: sessionView(cleoId, [cleo, sam, therapist], { activeSpeakerId: samId }) }),
    );
    expect(featuredTileIndex(speaking)).toBe(2);
    // In the even grid a speaker is not enlarged; a shared screen still is.
    expect(featuredTileIndex(speaking, 'grid')).toBeNull();
    expect(featuredTileIndex(sharing, 'grid')).toBe(0);
    const selfSpeaking = stageTiles(
      stateWith({ view: sessionView(cleoId, [cleo, sam, therapist], { activeSpeakerId: cleoId }) }),
    );
    expect(featuredTileIndex(selfSpeaking)).toBeNull();
  });

  it('orders the waiting room by arrival and hands by queue position', () => {
    const view = sessionView(therapist.id, [
      therapist,
      { ...sam, presence: 'waiting', since: '2026-01-12T10:02:00.000Z' },
      { ...cleo, presence: 'waiting', since: '2026-01-12T09:58:00.000Z' },
      { ...ali, handPosition: 2 },
      { ...therapist, id: '99999999-9999-4999-8999-999999999999', handPosition: 1 },
    ]);
    expect(waitingRoom(view).map((p) => p.displayName)).toEqual(['Cleo Client', 'Sam Okafor']);
    expect(raisedHands(view).map((p) => p.handPosition)).toEqual([1, 2]);
  });

  it('says how long someone has waited and how long is left', () => {
    const now = Date.parse('2026-01-12T11:10:30.000Z');
    expect(formatWaited('2026-01-12T11:10:00.000Z', now)).toBe('just now');
    expect(formatWaited('2026-01-12T11:02:00.000Z', now)).toBe('8 min');
    expect(formatWaited('2026-01-12T10:00:00.000Z', now)).toBe('1 h 10 min');
    expect(formatCountdown(now + 65_000, now)).toBe('1:05');
    expect(formatCountdown(now - 5_000, now)).toBe('0:00');
  });
});
