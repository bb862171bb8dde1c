import { selfOf } from '../call-state';
import { useCall } from '../hooks/useCall';
import { ToggleControl } from './ToggleControl';

/**
 * Microphone and camera on or off, with why unmuting is not possible when a therapist locked it.
 * In the call's controls bar the reason is read with the button but shown above the video, and
 * a crossed-out picture rather than the word "off" shows the state.
 */
export function MediaToggles({ inBar = false }: { inBar?: boolean }) {
  const { state, call } = useCall();
  const { local } = state;
  const locked = Boolean(selfOf(state.view)?.unmuteLocked) && !local.microphoneOn;
  return (
    <>
      <ToggleControl
        label="Microphone"
        short="Mic"
        pressed={local.microphoneOn}
        {...(inBar
          ? { icon: local.microphoneOn ? 'microphone' : 'microphone-off' }
          : { state: local.microphoneOn ? 'on' : 'off' })}
        disabled={locked}
        describedBy={locked ? 'unmute-locked' : undefined}
        onToggle={() => void call.toggleMicrophone()}
      />
      {locked ? (
        <span id="unmute-locked" className={inBar ? 'visually-hidden' : 'control__note'}>
          A therapist muted you. They can allow you to unmute.
        </span>
      ) : null}
      <ToggleControl
        label="Camera"
        pressed={local.cameraOn}
        {...(inBar
          ? { icon: local.cameraOn ? 'camera' : 'camera-off' }
          : { state: local.cameraOn ? 'on' : 'off' })}
        onToggle={() => void call.toggleCamera()}
      />
    </>
  );
}
