import { useCall } from '../hooks/useCall';

/** The audio and video do not work: what happened in plain words, what to try, and a retry. */
export function MediaProblemBanner() {
  const { state, call } = useCall();
  const problem = state.mediaProblem;
  if (!problem) return null;
  return (
    <div className="call-banner call-banner--bad" role="alert" data-testid="media-problem">
      <p>
        <strong>{problem.summary}</strong> {problem.advice}
      </p>
      <button type="button" className="button button--small" onClick={() => void call.retryMedia()}>
        Try again
      </button>
    </div>
  );
}
