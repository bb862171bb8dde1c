import { describe, expect, it } from 'vitest';
import { FakeMedia } from '../../../testing/fake-call';
import { createCallStore } from './call-store';
import { createLocalDevices } from './local-devices';
import type { MediaSession } from './media-session';

function devicesOver(generation = () => 0) {
  const store = createCallStore();
  const fakes = new FakeMedia();
  const noMedia = {
    producer: () => undefined,
    offerOwn: () => undefined,
  } as unknown as MediaSession;
  const devices = createLocalDevices({
    store,
    media: noMedia,
    captureTracks: (c) => fakes.captureTracks(c),
    enumerateDevices: () => fakes.enumerateDevices(),
    generation,
  });
  return { store, fakes, devices };
}

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
});
