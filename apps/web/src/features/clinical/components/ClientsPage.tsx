import { Link } from 'react-router';
import { schedulingRoutes } from '@hearth/contracts';
import { useApiQuery } from '../../../api/useApiQuery';
import { coursePath } from '../../../app/paths';
import { useSession } from '../../auth/hooks/useSession';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';
import { AlertsSection } from './AlertsSection';

/**
 * A therapist's clients: the safety alerts from their check-ins first, then each course's roster,
 * where every client's records open.
 */
export function ClientsPage() {
  useDocumentTitle('Clients');
  const { person } = useSession();
  const { state } = useApiQuery('courses', (client) => client.call(schedulingRoutes.listCourses));
  if (!person) return null;
  const mine =
    state.kind === 'ready'
      ? state.data.courses.filter(
          (c) => c.therapist.personId === person.id || c.coTherapist?.personId === person.id,
        )
      : [];
  return (
    <article className="page">
      <h1>Clients</h1>
      <AlertsSection />
      <section className="panel" aria-labelledby="client-courses-heading">
        <h2 id="client-courses-heading">Clients by course</h2>
        {state.kind === 'loading' ? <p role="status">Loading your courses…</p> : null}
        {state.kind === 'failed' ? (
          <p role="alert">We could not load your courses. {state.message}</p>
        ) : null}
        {state.kind === 'ready' && mine.length === 0 ? (
          <p>No courses yet. Clients appear here once you run a course.</p>
        ) : null}
        {mine.length > 0 ? (
          <ul className="courses">
            {mine.map((course) => (
              <li key={course.id}>
                <Link to={coursePath(course.id)}>{course.title}</Link>
                <span className="muted">
                  {course.heldPlaces} {course.heldPlaces === 1 ? 'client' : 'clients'}: the roster
                  and each client’s records are on the course’s page.
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </article>
  );
}
