import { act, fireEvent, screen } from '@testing-library/react';
import type { LiveServerEvents, Participant, Person, SessionView } from '@hearth/contracts';
import {
  createFakeCall,
  sessionId,
  sessionView,
  settle,
  type FakeCall,
  type FakeCallOptions,
} from './fake-call';
import { client, fakeApi, renderApp, signedInAs } from './render-app';

export interface OpenCall extends FakeCall {
  /** The server sends an event and the page catches up. */
  server<E extends keyof LiveServerEvents>(
    event: E,
    payload: Parameters<LiveServerEvents[E]>[0],
  ): Promise<void>;
}

/**
 * The call page of the fake session, signed in as `person`, over a fake gateway that answers
 * the join with `view`; with `join`, the Join button is pressed and the answer awaited.
 */
export async function renderCall(
  view: SessionView,
  {
    person = client,
    join = true,
    options = {},
    serverNow,
    routes = {},
  }: {
    person?: Person;
    join?: boolean;
    options?: FakeCallOptions;
    /** The server's clock in its answer to the join (none: the answer does not say). */
    serverNow?: string;
    /** More answers of the fake API (a session's safety alerts, say). */
    routes?: Parameters<typeof fakeApi>[0];
  } = {},
): Promise<OpenCall> {
  const fake = createFakeCall(
    (live) =>
      live.answer('session:join', {
        data: { view, chat: [], agenda: null, ...(serverNow ? { serverNow } : {}) },
      }),
    options,
  );
  renderApp(`/sessions/${sessionId}/join`, fakeApi({ ...signedInAs(person), ...routes }), {
    callClient: () => fake.client,
  });
  // Generous: the first render of a spec file loads the whole app, slowly on a busy machine.
  await screen.findByRole('heading', { level: 1, name: 'Get ready to join' }, { timeout: 10_000 });
  await act(() => settle());
  if (join) {
    fireEvent.click(screen.getByRole('button', { name: 'Join' }));
    await act(() => settle());
  }
  return {
    ...fake,
    server: async (event, payload) => {
      await act(async () => {
        fake.live().server(event, payload);
        await settle();
      });
    },
  };
}

/** The view of `self` with everyone in it. */
export function viewOf(self: Participant, others: Participant[], extra: Partial<SessionView> = {}) {
  return sessionView(self.id, [self, ...others], extra);
}

/** Clicks and lets the request's ack come back. */
export async function press(name: string | RegExp): Promise<void> {
  fireEvent.click(screen.getByRole('button', { name }));
  await act(() => settle());
}

/** Opens the call's side panel at a tab ("People", "Chat 2 new"…), opening the panel if closed. */
export async function openTab(name: string | RegExp): Promise<void> {
  if (!screen.queryByRole('tablist', { name: 'Side panel' })) await press(/^Side panel/);
  fireEvent.click(screen.getByRole('tab', { name }));
  await act(() => settle());
}
