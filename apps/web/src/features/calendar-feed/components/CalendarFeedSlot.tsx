import { useRef, useState } from 'react';
import { ApiError, calendarRoutes } from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { FormAlert } from '../../forms/components/FormAlert';

type FeedState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'working' }
  | { readonly kind: 'shown'; readonly url: string }
  | { readonly kind: 'revoked' }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * The calendar subscribe link: a private ICS address of the person's sessions. The address is
 * the secret, and the server keeps only its hash, so it is shown once; making a new one stops
 * the old one working.
 */
export function CalendarFeedSlot() {
  const client = useApiClient();
  const [state, setState] = useState<FeedState>({ kind: 'idle' });
  const alertRef = useRef<HTMLDivElement>(null);

  const failed = (error: unknown) =>
    setState({
      kind: 'failed',
      message:
        error instanceof ApiError
          ? error.message
          : 'Hearth could not be reached; try again shortly.',
    });

  const create = async () => {
    setState({ kind: 'working' });
    try {
      const feed = await client.call(calendarRoutes.createFeed);
      setState({ kind: 'shown', url: `${window.location.origin}${feed.path}` });
    } catch (error) {
      failed(error);
    }
  };

  const revoke = async () => {
    setState({ kind: 'working' });
    try {
      await client.call(calendarRoutes.revokeFeed);
      setState({ kind: 'revoked' });
    } catch (error) {
      failed(error);
    }
  };

  return (
    <section className="panel" aria-labelledby="calendar-feed-heading">
      <h2 id="calendar-feed-heading">Add your sessions to your calendar</h2>
      <p>
        Hearth can make a private link that your calendar app subscribes to. It shows when your
        sessions are — not what they are about. Anyone with the link can see those times, so keep it
        to yourself. Making a new link stops any earlier one.
      </p>
      {state.kind === 'shown' ? (
        <div className="field">
          <label htmlFor="calendar-feed-url">Your calendar link</label>
          <input
            id="calendar-feed-url"
            type="text"
            readOnly
            value={state.url}
            onFocus={(e) => e.currentTarget.select()}
          />
          <p className="muted" role="status">
            Copy it into your calendar app as a subscription (&ldquo;From URL&rdquo;). It is shown
            only now.
          </p>
        </div>
      ) : null}
      {state.kind === 'revoked' ? (
        <p role="status">The link is stopped; calendars using it will no longer update.</p>
      ) : null}
      <FormAlert
        message={state.kind === 'failed' ? state.message : undefined}
        alertRef={alertRef}
      />
      <p className="actions">
        <button
          className="button"
          type="button"
          onClick={() => void create()}
          disabled={state.kind === 'working'}
        >
          {state.kind === 'shown' ? 'Make a new link' : 'Make my calendar link'}
        </button>{' '}
        <button
          className="button button--secondary"
          type="button"
          onClick={() => void revoke()}
          disabled={state.kind === 'working'}
        >
          Stop my calendar link
        </button>
      </p>
    </section>
  );
}
