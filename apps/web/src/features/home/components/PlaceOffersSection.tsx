import { useState } from 'react';
import { schedulingRoutes, type Person, type PlaceOffer } from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { useApiQuery } from '../../../api/useApiQuery';
import { toFormErrors } from '../../forms/form-errors';
import { formatSessionWhen } from '../../scheduling/schedule-time';
import { formatLabels, relationLabels } from '../../scheduling/scheduling-labels';

/**
 * Places in courses offered to a client, each waiting for their answer: accepting makes the
 * place theirs (and the course's sessions joinable), declining gives it up.
 */
export function PlaceOffersSection({ me, onAnswered }: { me: Person; onAnswered: () => void }) {
  const query = useApiQuery('place-offers', (client) =>
    client.call(schedulingRoutes.listPlaceOffers),
  );
  const [done, setDone] = useState<string | null>(null);
  const { state } = query;
  if (state.kind === 'loading') return null;
  if (state.kind === 'failed') {
    return <p className="muted">We could not load the places offered to you. {state.message}</p>;
  }
  if (state.data.offers.length === 0) {
    return done ? (
      <p role="status" className="notice">
        {done}
      </p>
    ) : null;
  }
  const answered = (message: string) => {
    setDone(message);
    query.reload();
    onAnswered();
  };
  return (
    <section className="panel" aria-labelledby="offers-heading">
      <h2 id="offers-heading">Places offered to you</h2>
      {done ? (
        <p role="status" className="notice">
          {done}
        </p>
      ) : null}
      <ul className="offers">
        {state.data.offers.map((offer) => (
          <OfferItem key={offer.memberId} offer={offer} me={me} onAnswered={answered} />
        ))}
      </ul>
    </section>
  );
}

function OfferItem({
  offer,
  me,
  onAnswered,
}: {
  offer: PlaceOffer;
  me: Person;
  onAnswered: (message: string) => void;
}) {
  const client = useApiClient();
  const [confirmDecline, setConfirmDecline] = useState(false);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const { course } = offer;
  const headingId = `offer-${offer.memberId}`;

  const answer = async (choice: 'accept' | 'decline') => {
    setSending(true);
    setProblem(null);
    try {
      await client.call(schedulingRoutes.answerPlaceOffer, {
        params: { memberId: offer.memberId },
        body: { answer: choice },
      });
      onAnswered(
        choice === 'accept'
          ? `You accepted your place in ${course.title}.`
          : `You declined the place in ${course.title}.`,
      );
    } catch (error) {
      setProblem(toFormErrors(error, []).form ?? 'We could not send your answer.');
    } finally {
      setSending(false);
    }
  };

  return (
    <li aria-labelledby={headingId}>
      <h3 id={headingId}>You have been offered a place in {course.title}</h3>
      <p>
        {formatLabels[course.format]} course with {offer.therapist.displayName}:{' '}
        {course.sessionCount} weekly sessions of {course.durationMinutes} minutes
        {offer.relation !== 'member' ? `, as ${relationLabels[offer.relation].toLowerCase()}` : ''}.
        {offer.nextSessionStartsAt
          ? ` Next session: ${formatSessionWhen(
              offer.nextSessionStartsAt,
              new Date(
                Date.parse(offer.nextSessionStartsAt) + course.durationMinutes * 60_000,
              ).toISOString(),
              me.timeZone,
            )}.`
          : ''}
      </p>
      {confirmDecline ? (
        <div className="offers__actions">
          <p>Decline this place? Your coordinator will see that you declined.</p>
          <button
            className="button"
            type="button"
            disabled={sending}
            onClick={() => void answer('decline')}
          >
            {sending ? 'Declining…' : 'Yes, decline'}
          </button>
          <button
            className="button button--secondary"
            type="button"
            disabled={sending}
            onClick={() => setConfirmDecline(false)}
          >
            Keep the offer
          </button>
        </div>
      ) : (
        <div className="offers__actions">
          <button
            className="button"
            type="button"
            disabled={sending}
            onClick={() => void answer('accept')}
            aria-label={`Accept your place in ${course.title}`}
          >
            {sending ? 'Accepting…' : 'Accept'}
          </button>
          <button
            className="button button--secondary"
            type="button"
            disabled={sending}
            onClick={() => setConfirmDecline(true)}
            aria-label={`Decline the place in ${course.title}`}
          >
            Decline
          </button>
        </div>
      )}
      {problem ? <p role="alert">{problem}</p> : null}
    </li>
  );
}
