import { Link } from 'react-router';
import { paths } from '../../../app/paths';
import { TherapyRequestsSection } from '../../matching/components/TherapyRequestsSection';

const places = [
  { to: paths.courses, title: 'Courses', text: 'Plan a course, see its sessions and roster.' },
  { to: paths.people, title: 'People', text: 'Your practice’s people, and inviting more.' },
  { to: paths.calendar, title: 'Calendar', text: 'Every session of the week at a glance.' },
  {
    to: paths.settings,
    title: 'Settings',
    text: 'The consent clients accept, and email problems.',
  },
] as const;

/**
 * The coordinator's part of Home: what waits for them, and a card for each part of the practice
 * (each its own page). Its own chunk, so clients and therapists skip it.
 */
export function CoordinatorSections() {
  return (
    <>
      <TherapyRequestsSection />
      <section className="home__places" aria-labelledby="practice-heading">
        <h2 id="practice-heading">Your practice</h2>
        <ul>
          {places.map((place) => (
            <li key={place.to}>
              <Link to={place.to}>{place.title}</Link>
              <span className="muted">{place.text}</span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
