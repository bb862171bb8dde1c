import { describe, expect, it } from 'vitest';
import { FakeMedia, fakeTrack, type FakeTrack } from '../../../testing/fake-call';
import { memoryPreferences } from './audio-only';
import { createCallStore } from './call-store';
import { createLocalDevices } from './local-devices';
import type { MediaSession } from './media-session';
import type { LocalProducer, NoiseSuppressor } from './media-types';

/** Stands in for the browser's AudioWorklet: a new track per microphone, raw behind it. */
function suppressorOf(available: boolean) {
  const behind = new Map<MediaStreamTrack, FakeTrack>();
  const suppressor: NoiseSuppressor = {
    load: async () => available,
    async apply(raw) {
      const track = fakeTrack('audio', '');
      behind.set(track, raw as FakeTrack);
      return track;
    },
    rawOf: (track) => behind.get(track) ?? track,
    stop(track) {
      track.stop();
      behind.get(track)?.stop();
    },
  };
  return { suppressor, behind };
}

function devicesOver(
  generation = () => 0,
  options: { suppressor?: NoiseSuppressor; producer?: LocalProducer } = {},
) {
  const store = createCallStore();
  const fakes = new FakeMedia();
  const preferences = memoryPreferences();
  const noMedia = {
    producer: () => options.producer,
    offerOwn: () => undefined,
  } as unknown as MediaSession;
  const devices = createLocalDevices({
    store,
    media: noMedia,
    preferences,
    captureTracks: (c) => fakes.captureTracks(c),
    enumerateDevices: () => fakes.enumerateDevices(),
    noiseSuppressor: options.suppressor,
    generation,
  });
  return { store, fakes, devices, preferences };
}

const audioAsked = (fakes: FakeMedia) =>
  fakes.captures.map((c) => c.audio).filter((a) => a) as MediaTrackConstraints[];

describe('local devices', () => {
  it('starts the preview with both devices and lists them', async () => {
    const d = devicesOver();
    await d.devices.startPreview();
    expect(d.store.state.local.microphone?.kind).toBe('audio');
    expect(d.store.state.local.camera?.kind).toBe('video');
    expect(d.store.state.local.cameras.map((c) => c.label)).toEqual([
      'FaceTime camera',
      'Camera 2',
    ]);
  });

  it('switches the camera, stopping the old one', async () => {
    const d = devicesOver();
    await d.devices.startPreview();
    const old = d.store.state.local.camera;
    await d.devices.selectCamera('video-usb');
    expect(old?.readyState).toBe('ended');
    expect(d.store.state.local.cameraId).toBe('video-usb');
  });

  it('stops tracks captured after the client was disposed', async () => {
    let generation = 0;
    const d = devicesOver(() => generation);
    const started = d.devices.startPreview();
    generation = 1;
    await started;
    expect(d.store.state.local.camera).toBeNull();
    expect(d.fakes.tracks.every((t) => t.stopped)).toBe(true);
  });

  it('says which device failed', async () => {
    const d = devicesOver();
    d.fakes.failing.video = 'NotReadableError';
    await d.devices.startPreview();
    expect(d.store.state.local.microphone).not.toBeNull();
    expect(d.store.state.local.problem).toContain('camera');
  });

  it('sends the microphone through the noise suppressor, without the browser’s own', async () => {
    const { suppressor, behind } = suppressorOf(true);
    const d = devicesOver(() => 0, { suppressor });
    await d.devices.startPreview();
    const sent = d.store.state.local.microphone!;
    const raw = behind.get(sent)!;
    expect(raw).toBeDefined();
    expect(audioAsked(d.fakes)[0]).toMatchObject({
      echoCancellation: true,
      autoGainControl: true,
      noiseSuppression: false,
    });
    expect(d.store.state.local.microphoneId).toBe('audio-default');
    d.devices.stopAll();
    expect(raw.stopped).toBe(true);
  });

  it('falls back to the raw microphone, with the browser’s suppression and a message', async () => {
    const d = devicesOver(() => 0, { suppressor: suppressorOf(false).suppressor });
    await d.devices.startPreview();
    expect(d.store.state.local.microphone?.getSettings().deviceId).toBe('audio-default');
    expect(audioAsked(d.fakes)[0]).toMatchObject({ noiseSuppression: true });
    expect(d.store.state.local.noiseProblem).toContain('sent as it is');
  });

  it('turns it off in the call: a fresh raw track replaces the sent one, and it is kept', async () => {
    const { suppressor, behind } = suppressorOf(true);
    const replaced: (MediaStreamTrack | null)[] = [];
    const producer = {
      replaceTrack: async ({ track }: { track: MediaStreamTrack | null }) =>
        void replaced.push(track),
    } as unknown as LocalProducer;
    const d = devicesOver(() => 0, { suppressor, producer });
    await d.devices.startPreview();
    const before = d.store.state.local.microphone!;
    await d.devices.setNoiseSuppression(false);
    const after = d.store.state.local.microphone!;
    expect(replaced).toEqual([after]);
    expect(behind.has(after)).toBe(false);
    expect(behind.get(before)!.stopped).toBe(true);
    expect(audioAsked(d.fakes).at(-1)).toMatchObject({ noiseSuppression: true });
    expect(d.preferences.noiseSuppression()).toBe(false);
    await d.devices.setNoiseSuppression(true);
    expect(behind.has(d.store.state.local.microphone!)).toBe(true);
    expect(replaced).toHaveLength(2);
  });
});
