import type { Person } from '@hearth/contracts';
import { InviteSection } from '../../people/components/InviteSection';
import { PeopleSection } from '../../people/components/PeopleSection';
import { describeRoles } from '../../people/people-format';
import { timeZoneLabel } from '../../forms/time-zones';
import { useSession } from '../../session/hooks/useSession';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';

export function HomePage() {
  useDocumentTitle('Home');
  const { person } = useSession();
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
      {is('coordinator') ? (
        <>
          <PeopleSection me={person} />
          <InviteSection me={person} />
        </>
      ) : null}
      {is('therapist') ? (
        <section className="panel" aria-labelledby="leading-heading">
          <h2 id="leading-heading">Sessions you lead</h2>
          <p>
            The sessions you lead will appear here. Hearth cannot schedule sessions yet, so there
            are none to show.
          </p>
        </section>
      ) : null}
      {is('client') ? (
        <section className="panel" aria-labelledby="upcoming-heading">
          <h2 id="upcoming-heading">Your upcoming sessions</h2>
          <p>
            Your upcoming sessions will appear here once your practice schedules them. Hearth cannot
            schedule sessions yet, so there are none to show.
          </p>
        </section>
      ) : null}
    </article>
  );
}
