import { lazy, Suspense, useContext, useSyncExternalStore } from 'react';
import { StepUpContext } from '../step-up-context';

const StepUpForm = lazy(async () => ({ default: (await import('./StepUpForm')).StepUpForm }));

const never = () => () => undefined;

/**
 * Asks for a fresh confirmation when a sensitive act was refused for want of one: a code from the
 * authenticator app, a recovery code, a passkey — or the password, for people without a factor.
 * Once confirmed, the refused call is repeated by the API client.
 */
export function StepUpDialog() {
  const prompt = useContext(StepUpContext);
  const request = useSyncExternalStore(prompt?.subscribe ?? never, () => prompt?.current() ?? null);
  if (!prompt || !request) return null;
  return (
    <Suspense
      fallback={
        <p className="page" role="status">
          Opening the confirmation…
        </p>
      }
    >
      <StepUpForm prompt={prompt} methods={request.methods} />
    </Suspense>
  );
}
