import type { types } from 'mediasoup';

/** Header extensions that drive sender-side bandwidth estimation. */
export const CONGESTION_CONTROL_EXTENSIONS: readonly string[] = [
  'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
];

/**
 * RTP capabilities for a synthetic receiver (a test socket or a benchmark sink on a
 * PlainTransport) derived from the Router's: the same codecs, minus transport-cc and
 * abs-send-time. A consumer negotiated with them but never sending feedback makes the worker
 * probe with 1.4–2.3k packets/s per consumer (measured; see QUALITY.md), which would swamp what
 * the test or benchmark is measuring. Real browsers keep them.
 */
export function withoutCongestionControl(
  capabilities: types.RtpCapabilities,
): types.RtpCapabilities {
  return {
    codecs: (capabilities.codecs ?? []).map((codec) => ({
      ...codec,
      parameters: { ...codec.parameters },
      rtcpFeedback: (codec.rtcpFeedback ?? []).filter((fb) => fb.type !== 'transport-cc'),
    })),
    headerExtensions: (capabilities.headerExtensions ?? [])
      .filter((extension) => !CONGESTION_CONTROL_EXTENSIONS.includes(extension.uri))
      .map((extension) => ({ ...extension })),
  };
}
