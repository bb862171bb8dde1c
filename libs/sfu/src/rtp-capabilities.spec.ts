import { getSupportedRtpCapabilities, type types } from 'mediasoup';
import { CONGESTION_CONTROL_EXTENSIONS, withoutCongestionControl } from './rtp-capabilities';

describe('withoutCongestionControl', () => {
  const supported = getSupportedRtpCapabilities() as types.RtpCapabilities;

  it('drops transport-cc and abs-send-time and keeps every other extension', () => {
    const stripped = withoutCongestionControl(supported);
    const uris = (stripped.headerExtensions ?? []).map((extension) => extension.uri);
    for (const uri of CONGESTION_CONTROL_EXTENSIONS) expect(uris).not.toContain(uri);
    expect(uris).toContain('urn:ietf:params:rtp-hdrext:ssrc-audio-level');
    expect(uris).toContain('urn:ietf:params:rtp-hdrext:sdes:mid');
    const before = (supported.headerExtensions ?? []).filter(
      (extension) => !CONGESTION_CONTROL_EXTENSIONS.includes(extension.uri),
    );
    expect(stripped.headerExtensions).toHaveLength(before.length);
  });

  it('drops transport-cc feedback from codecs but keeps NACK and PLI', () => {
    const stripped = withoutCongestionControl(supported);
    const vp8 = stripped.codecs?.find((codec) => codec.mimeType === 'video/VP8');
    const feedback = (vp8?.rtcpFeedback ?? []).map((fb) =>
      `${fb.type} ${fb.parameter ?? ''}`.trim(),
    );
    expect(feedback).not.toContain('transport-cc');
    expect(feedback).toEqual(expect.arrayContaining(['nack', 'nack pli']));
    expect(stripped.codecs).toHaveLength(supported.codecs?.length ?? 0);
  });

  it('leaves its input untouched', () => {
    const before = JSON.stringify(supported);
    withoutCongestionControl(supported);
    expect(JSON.stringify(supported)).toBe(before);
  });
});
