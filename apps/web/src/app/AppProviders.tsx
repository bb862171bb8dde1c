import type { ReactNode } from 'react';
import { ApiClientContext } from '../api/client';
import { StepUpContext } from '../features/second-factor/step-up-context';
import { SessionContext } from '../features/auth/session-context';
import type { WebServices } from './web-services';

export function AppProviders({
  services,
  children,
}: {
  services: WebServices;
  children: ReactNode;
}) {
  return (
    <ApiClientContext value={services.client}>
      <SessionContext value={services.session}>
        <StepUpContext value={services.stepUp}>{children}</StepUpContext>
      </SessionContext>
    </ApiClientContext>
  );
}
