import { useEffect } from 'react';
import { inCall } from '../call-state';
import { useCall } from '../hooks/useCall';
import { useInboundStats } from '../hooks/useInboundStats';
import { AudioOnlyToggle } from './AudioOnlyOffer';
import { DevicePickers } from './DevicePickers';
import { NoiseSuppressionToggle } from './NoiseSuppressionToggle';

const sourceLabel = {
  camera: 'camera',
  microphone: 'microphone',
  screen: 'shared screen',
} as const;

function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${Math.round(bytes / 1000)} kB`;
}

/**
 * One's camera and microphone, and what arrives from each person (refreshed every second) to
 * judge one's connection.
 */
export function ConnectionDetails() {
  const { state, call } = useCall();
  const stats = useInboundStats(true);
  // A headset plugged in during the call shows up when the panel opens.
  useEffect(() => {
    void call.refreshDevices();
  }, [call]);
  const names = new Map(inCall(state.view).map((p) => [p.id, p.displayName]));
  const { network } = state;
  return (
    <section className="call-panel" aria-labelledby="details-heading">
      <h2 id="details-heading">Connection details</h2>
      <h3>Camera and microphone</h3>
      {state.local.microphones.length + state.local.cameras.length === 0 ? (
        <p className="muted">No camera or microphone is available to choose from.</p>
      ) : (
        <div className="device-pickers">
          <DevicePickers idPrefix="call" />
        </div>
      )}
      <NoiseSuppressionToggle idPrefix="call" />
      {state.local.problem ? (
        <p className="notice notice--bad" role="alert">
          {state.local.problem}
        </p>
      ) : null}
      <h3>Connection</h3>
      <p>
        Connection: {state.connection === 'connected' ? 'connected' : state.connection}
        {network.status === 'done' ? `, ${network.roundTripMs} ms round trip before joining` : ''}.
        Audio and video:{' '}
        {state.mediaReconnecting
          ? 'reconnecting'
          : state.media === 'live'
            ? 'connected'
            : state.media}
        .
        {state.quality.downlinkKbps !== null
          ? ` Incoming bandwidth about ${state.quality.downlinkKbps} kbit/s.`
          : ''}
      </p>
      <AudioOnlyToggle />
      {stats.length === 0 ? (
        <p className="muted">Nothing is being received yet.</p>
      ) : (
        <ul className="inbound-stats">
          {stats.map((s) => (
            <li
              key={s.consumerId}
              data-testid="inbound-stat"
              data-participant-id={s.participantId}
              data-kind={s.kind}
              data-source={s.source}
              data-packets-received={s.packetsReceived}
              data-bytes-received={s.bytesReceived}
              {...(s.framesDecoded !== null ? { 'data-frames-decoded': s.framesDecoded } : {})}
            >
              <span className="inbound-stats__who">
                {names.get(s.participantId) ?? 'Someone'}, {sourceLabel[s.source]}
              </span>
              <span>
                {s.packetsReceived} packets ({s.packetsLost} lost), {formatBytes(s.bytesReceived)}
                {s.framesDecoded !== null ? `, ${s.framesDecoded} frames decoded` : ''}
                {s.frameWidth && s.frameHeight ? `, ${s.frameWidth}×${s.frameHeight}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
