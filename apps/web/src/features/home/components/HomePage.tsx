import { lazy, Suspense, useCallback, useState } from 'react';
import { Link } from 'react-router';
import type { Person } from '@hearth/contracts';
import { paths } from '../../../app/paths';
import { CalendarFeedSlot } from '../../calendar-feed/components/CalendarFeedSlot';
import { AlertsSection } from '../../clinical/components/AlertsSection';
import { ClientClinicalHome } from '../../clinical/components/ClientClinicalHome';
import { describeRoles } from '../../people/people-format';
import { timeZoneLabel } from '../../forms/time-zones';
import { UpcomingSessions } from '../../sessions/components/UpcomingSessions';
import { useSession } from '../../auth/hooks/useSession';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';
import { PlaceOffersSection } from './PlaceOffersSection';

const CoordinatorSections = lazy(async () => ({
  default: (await import('./CoordinatorSections')).CoordinatorSections,
}));

export function HomePage() {
  useDocumentTitle('Home');
  const { person } = useSession();
  // Accepting a place or the consent changes whether Join works: the sessions are read again.
  const [joinRound, setJoinRound] = useState(0);
  const joinChanged = useCallback(() => setJoinRound((n) => n + 1), []);
  // RequireSignedIn renders this page only with a person; nothing to show in between.
  if (!person) return null;
  const is = (role: Person['roles'][number]) => person.roles.includes(role);

  return (
    <article className="page">
      <h1>Hello, {person.displayName}</h1>
      <dl className="facts">
        <div>
          <dt>{person.roles.length === 1 ? 'Your role' : 'Your roles'}</dt>
          <dd>{describeRoles(person.roles)}</dd>
        </div>
        <div>
          <dt>Your time zone</dt>
          <dd>{timeZoneLabel(person.timeZone)}</dd>
        </div>
        <div>
          <dt>Signed in as</dt>
          <dd>{person.email}</dd>
        </div>
      </dl>
      {is('therapist') ? (
        <p>
          <Link to={paths.profile}>Your therapist profile</Link>: the approaches, languages and
          times you offer.
        </p>
      ) : null}
      {is('client') ? <PlaceOffersSection me={person} onAnswered={joinChanged} /> : null}
      {is('client') ? <ClientClinicalHome me={person} onConsentAccepted={joinChanged} /> : null}
      {is('therapist') ? <AlertsSection /> : null}
      {is('therapist') || is('client') ? (
        <UpcomingSessions me={person} heading="Your upcoming sessions" reloadKey={joinRound} />
      ) : null}
      {is('coordinator') ? (
        <Suspense
          fallback={
            <p role="status" className="muted">
              Loading your practice…
            </p>
          }
        >
          <CoordinatorSections me={person} />
        </Suspense>
      ) : null}
      {/* The calendar subscribe link lives here once its API lands (a separate piece of work). */}
      {is('therapist') || is('client') ? <CalendarFeedSlot /> : null}
    </article>
  );
}
