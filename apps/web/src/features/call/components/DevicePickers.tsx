import { useCall } from '../hooks/useCall';
import { BackgroundPicker } from './BackgroundPicker';

/**
 * The microphone and camera to use, before joining and in the call. The call client swaps the
 * track under the running producer, so the others keep seeing and hearing one without a gap.
 */
export function DevicePickers({ idPrefix }: { idPrefix: string }) {
  const { state, call } = useCall();
  const { local } = state;
  return (
    <>
      <DevicePicker
        id={`${idPrefix}-microphone-device`}
        label="Microphone to use"
        options={local.microphones}
        value={local.microphoneId}
        onChange={(id) => void call.selectMicrophone(id)}
      />
      <DevicePicker
        id={`${idPrefix}-camera-device`}
        label="Camera to use"
        options={local.cameras}
        value={local.cameraId}
        onChange={(id) => void call.selectCamera(id)}
      />
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
