import { lazy, Suspense, useCallback, useState } from 'react';
import { Link } from 'react-router';
import type { Person } from '@hearth/contracts';
import { paths } from '../../../app/paths';
import { CalendarFeedSlot } from '../../calendar-feed/components/CalendarFeedSlot';
import { AlertsSection } from '../../clinical/components/AlertsSection';
import { ClientClinicalHome } from '../../clinical/components/ClientClinicalHome';
import { describeRoles } from '../../people/people-format';
import { timeZoneLabel } from '../../forms/time-zones';
import { NextSessionCard } from '../../sessions/components/NextSessionCard';
import { UpcomingSessions } from '../../sessions/components/UpcomingSessions';
import { useSession } from '../../auth/hooks/useSession';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';
import { PlaceOffersSection } from './PlaceOffersSection';
import './home.css';

const CoordinatorSections = lazy(async () => ({
  default: (await import('./CoordinatorSections')).CoordinatorSections,
}));

/**
 * Where everyone lands. A client's and a therapist's Home leads with their next session; the
 * coordinator's gives what waits for them and the way to each part of the practice (each its own
 * page in the main navigation).
 */
export function HomePage() {
  useDocumentTitle('Home');
  const { person } = useSession();
  // Accepting a place or the consent changes whether Join works: the sessions are read again.
  const [joinRound, setJoinRound] = useState(0);
  const joinChanged = useCallback(() => setJoinRound((n) => n + 1), []);
  // RequireSignedIn renders this page only with a person; nothing to show in between.
  if (!person) return null;
  const is = (role: Person['roles'][number]) => person.roles.includes(role);
  const staff = is('therapist');
  const attends = staff || is('client');

  return (
    <article className="page home">
      <h1>Hello, {person.displayName}</h1>
      {attends ? <NextSessionCard me={person} reloadKey={joinRound} /> : null}
      {is('client') ? <PlaceOffersSection me={person} onAnswered={joinChanged} /> : null}
      {is('client') ? (
        <ClientClinicalHome me={person} onConsentAccepted={joinChanged} part="consent" />
      ) : null}
      {staff ? <AlertsSection /> : null}
      {staff ? (
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
          <CoordinatorSections />
        </Suspense>
      ) : null}
      {staff ? (
        <p className="home__more">
          <Link to={paths.profile}>Your therapist profile</Link>: the approaches, languages and
          times you offer.
        </p>
      ) : null}
      {!staff && is('client') ? (
        // The rest of a client's weeks, out of the way until wanted; Join is on the card above.
        <details className="home__details">
          <summary>All your upcoming sessions</summary>
          <UpcomingSessions
            me={person}
            heading="Your upcoming sessions"
            reloadKey={joinRound}
            showJoin={false}
          />
        </details>
      ) : null}
      <details className="home__details">
        <summary>About you</summary>
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
      </details>
      {/* The calendar subscribe link lives here once its API lands (a separate piece of work). */}
      {attends ? <CalendarFeedSlot /> : null}
    </article>
  );
}
