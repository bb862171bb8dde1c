import { useSyncExternalStore } from 'react';
import { useCall } from '../hooks/useCall';
import { backgroundStore, chooseBackground } from '../processing/video-background';
import {
  type BackgroundEffect,
  backgroundEffects,
  backgroundLabels,
  isBackgroundImage,
} from '../processing/video-effect';
import { backgroundImageUrls } from '../processing/video-images';

/**
 * What shows behind the person, before joining and in the call: the room as it is, blurred, or
 * one of Hearth's pictures. It is worked out in this browser and applied to the picture that is
 * sent: the others see only the processed picture. A group of radio buttons (arrow keys move
 * between them); each picture choice shows a small copy of the picture beside its name.
 */
export function BackgroundPicker({ idPrefix }: { idPrefix: string }) {
  const { state, call } = useCall();
  const { local } = state;
  const background = useSyncExternalStore(backgroundStore.subscribe, backgroundStore.get);
  const id = `${idPrefix}-background`;
  const hintId = `${id}-hint`;
  const choose = (effect: BackgroundEffect) => {
    const camera = local.cameraOn ? local.camera : null;
    if (chooseBackground(effect, camera) && local.cameraId !== null) {
      // The camera goes out as it is: capture it again, through the effect this time.
      void call.selectCamera(local.cameraId);
    }
  };
  return (
    <fieldset className="field choices background-choices" aria-describedby={hintId}>
      <legend>Background</legend>
      <div className="background-choices__options">
        {backgroundEffects.map((effect) => (
          <div className="choice" key={effect}>
            <input
              id={`${id}-${effect}`}
              type="radio"
              name={id}
              value={effect}
              checked={background.effect === effect}
              onChange={() => choose(effect)}
            />
            <label htmlFor={`${id}-${effect}`}>
              {isBackgroundImage(effect) ? (
                <img
                  className="background-choices__swatch"
                  src={backgroundImageUrls[effect]}
                  alt=""
                  width={48}
                  height={27}
                  loading="lazy"
                />
              ) : null}
              {backgroundLabels[effect]}
            </label>
          </div>
        ))}
      </div>
      {background.message ? (
        <p className="field__hint" role="status" id={hintId}>
          {background.message}
        </p>
      ) : (
        <p className="field__hint" id={hintId}>
          Worked out on this device; your room never leaves it.
        </p>
      )}
    </fieldset>
  );
}
