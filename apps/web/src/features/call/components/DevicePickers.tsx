import { useCallback } from 'react';
import { useRememberedDevice } from '../device-preferences';
import { useCall } from '../hooks/useCall';
import { BackgroundPicker } from './BackgroundPicker';
import { SpeakerPicker } from './SpeakerPicker';

/**
 * The microphone and camera to use, before joining and in the call. The call client swaps the
 * track under the running producer, so the others keep seeing and hearing one without a gap.
 */
export function DevicePickers({ idPrefix }: { idPrefix: string }) {
  const { state, call } = useCall();
  const { local } = state;
  // The devices chosen last time on this device are picked again once the list is known.
  const chooseMicrophone = useRememberedDevice(
    'microphone',
    local.microphones,
    local.microphoneId,
    useCallback((id: string) => void call.selectMicrophone(id), [call]),
  );
  const chooseCamera = useRememberedDevice(
    'camera',
    local.cameras,
    local.cameraId,
    useCallback((id: string) => void call.selectCamera(id), [call]),
  );
  return (
    <>
      <DevicePicker
        id={`${idPrefix}-microphone-device`}
        label="Microphone to use"
        options={local.microphones}
        value={local.microphoneId}
        onChange={chooseMicrophone}
      />
      <DevicePicker
        id={`${idPrefix}-camera-device`}
        label="Camera to use"
        options={local.cameras}
        value={local.cameraId}
        onChange={chooseCamera}
      />
      <SpeakerPicker id={`${idPrefix}-speaker-device`} />
      <BackgroundPicker idPrefix={idPrefix} />
    </>
  );
}

function DevicePicker({
  id,
  label,
  options,
  value,
  onChange,
}: {
  id: string;
  label: string;
  options: readonly { id: string; label: string }[];
  value: string | null;
  onChange: (id: string) => void;
}) {
  if (options.length === 0) return null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        {value === null ? <option value="">Default</option> : null}
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
