import { useSyncExternalStore } from 'react';
import { useCall } from '../hooks/useCall';
import { backgroundStore, chooseBackground } from '../processing/video-background';
import {
  backgroundEffects,
  backgroundLabels,
  isBackgroundEffect,
} from '../processing/video-effect';

/**
 * Blur of the room behind the person, before joining and in the call. It is worked out in this
 * browser and applied to the picture that is sent: the others see only the processed picture.
 */
export function BackgroundPicker({ idPrefix }: { idPrefix: string }) {
  const { state, call } = useCall();
  const { local } = state;
  const background = useSyncExternalStore(backgroundStore.subscribe, backgroundStore.get);
  const id = `${idPrefix}-background`;
  const choose = (value: string) => {
    if (!isBackgroundEffect(value)) return;
    const camera = local.cameraOn ? local.camera : null;
    if (chooseBackground(value, camera) && local.cameraId !== null) {
      // The camera goes out as it is: capture it again, through the blur this time.
      void call.selectCamera(local.cameraId);
    }
  };
  return (
    <div className="field">
      <label htmlFor={id}>Background</label>
      <select id={id} value={background.effect} onChange={(e) => choose(e.target.value)}>
        {backgroundEffects.map((effect) => (
          <option key={effect} value={effect}>
            {backgroundLabels[effect]}
          </option>
        ))}
      </select>
      {background.message ? (
        <p className="field__hint" role="status">
          {background.message}
        </p>
      ) : (
        <p className="field__hint">Worked out on this device; your room never leaves it.</p>
      )}
    </div>
  );
}
