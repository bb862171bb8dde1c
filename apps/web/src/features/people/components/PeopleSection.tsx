import { Link } from 'react-router';
import type { Person } from '@hearth/contracts';
import { therapistPath } from '../../../app/paths';
import { usePeople } from '../hooks/usePeople';
import { describeRoles } from '../people-format';
import './people.css';

export function PeopleSection({ me }: { me: Person }) {
  const state = usePeople();
  return (
    <section className="panel" aria-labelledby="people-heading">
      <h2 id="people-heading">People</h2>
      {state.kind === 'loading' ? <p role="status">Loading your practice’s people…</p> : null}
      {state.kind === 'failed' ? (
        <p role="alert">We could not load your practice’s people. {state.message}</p>
      ) : null}
      {state.kind === 'ready' ? (
        <>
          <p>
            {state.people.length === 1
              ? 'One person has an account in your practice.'
              : `${state.people.length} people have accounts in your practice.`}{' '}
            People you invite appear here once they accept.
          </p>
          <ul className="people">
            {state.people.map((person) => (
              <li key={person.id}>
                <span className="people__name">
                  {person.displayName}
                  {person.id === me.id ? ' (you)' : ''}
                </span>
                <span className="people__email">{person.email}</span>
                <span className="people__roles">{describeRoles(person.roles)}</span>
                {person.roles.includes('therapist') ? (
                  <Link className="people__profile" to={therapistPath(person.id)}>
                    Profile <span className="visually-hidden">of {person.displayName}</span>
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
