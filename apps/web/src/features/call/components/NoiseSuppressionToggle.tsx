import { useCall } from '../hooks/useCall';

/**
 * Noise suppression on one's microphone: it runs in this browser, so no sound leaves the device
 * to be cleaned. Says so when it cannot run here and the microphone goes out as it is.
 */
export function NoiseSuppressionToggle({ idPrefix }: { idPrefix: string }) {
  const { state, call } = useCall();
  const { noiseSuppression, noiseProblem } = state.local;
  const id = `${idPrefix}-noise-suppression`;
  return (
    <div className="choice">
      <input
        id={id}
        type="checkbox"
        checked={noiseSuppression}
        onChange={(e) => void call.setNoiseSuppression(e.target.checked)}
      />
      <label htmlFor={id}>Reduce background noise (on this device)</label>
      {noiseSuppression && noiseProblem ? (
        <p className="field__hint" role="status" data-testid="noise-problem">
          {noiseProblem}
        </p>
      ) : null}
    </div>
  );
}
