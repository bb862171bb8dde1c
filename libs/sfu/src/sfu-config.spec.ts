import { availableParallelism } from 'node:os';
import { DEFAULT_MEDIA_CODECS, resolveSfuConfig } from './sfu-config';
import { SfuError } from './sfu-error';

describe('resolveSfuConfig', () => {
  it('defaults to one worker per core and the four codecs in preference order', () => {
    const config = resolveSfuConfig();
    expect(config.workerCount).toBe(availableParallelism());
    expect(config.mediaCodecs.map((codec) => codec.mimeType)).toEqual([
      'audio/opus',
      'video/VP8',
      'video/VP9',
      'video/H264',
    ]);
    expect(DEFAULT_MEDIA_CODECS[0]).toMatchObject({ clockRate: 48000, channels: 2 });
    expect(DEFAULT_MEDIA_CODECS[2]?.parameters).toMatchObject({ 'profile-id': 0 });
    expect(DEFAULT_MEDIA_CODECS[3]?.parameters).toMatchObject({
      'packetization-mode': 1,
      'profile-level-id': '42e01f',
    });
  });

  it('merges overrides, including single listen fields, and ignores explicit undefined', () => {
    const config = resolveSfuConfig({
      workerCount: 3,
      workerLogLevel: undefined,
      listen: { announcedAddress: 'sfu.example.org', webRtcServerPort: 40000 },
    });
    expect(config.workerCount).toBe(3);
    expect(config.workerLogLevel).toBe('warn');
    expect(config.listen).toMatchObject({
      ip: '0.0.0.0',
      announcedAddress: 'sfu.example.org',
      webRtcServerPort: 40000,
      enableTcp: true,
    });
  });

  it('is read-only', () => {
    const config = resolveSfuConfig();
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.listen)).toBe(true);
  });

  it('names every bad field at once', () => {
    let error: unknown;
    try {
      resolveSfuConfig({
        workerCount: 0,
        workerLogLevel: 'loud' as never,
        listen: { ip: '', webRtcServerPort: 70000, rtcPortRange: { min: 50000, max: 40000 } },
        mediaCodecs: [],
        maxIncomingBitrate: -1,
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SfuError);
    const { code, message } = error as SfuError;
    expect(code).toBe('invalid_config');
    for (const field of [
      'workerCount',
      'workerLogLevel',
      'listen.ip',
      'listen.webRtcServerPort',
      'listen.rtcPortRange',
      'mediaCodecs',
      'maxIncomingBitrate',
    ]) {
      expect(message).toContain(field);
    }
  });

  it('refuses a base port that leaves no room for every worker', () => {
    expect(() => resolveSfuConfig({ workerCount: 4, listen: { webRtcServerPort: 65534 } })).toThrow(
      /webRtcServerPort \+ workerCount/,
    );
  });
});
