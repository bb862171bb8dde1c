import { Link } from 'react-router';
import { schedulingRoutes } from '@hearth/contracts';
import { useApiQuery } from '../../../api/useApiQuery';
import { coursePath, paths } from '../../../app/paths';
import { formatLabels, weekdayName } from '../../scheduling/scheduling-labels';

/**
 * The courses the viewer may see (all of the practice's for coordinators, their own for
 * therapists), with the ways to plan (`canPlan`, coordinators) and to see sessions.
 */
export function CoursesSection({ canPlan = true }: { canPlan?: boolean }) {
  const { state } = useApiQuery('courses', (client) => client.call(schedulingRoutes.listCourses));
  return (
    <section className="panel" aria-labelledby="courses-heading">
      <h2 id="courses-heading">Courses</h2>
      <p className="actions">
        {canPlan ? (
          <Link className="button" to={paths.newCourse}>
            New course
          </Link>
        ) : null}
        <Link to={paths.calendar}>Calendar</Link>
      </p>
      {state.kind === 'loading' ? <p role="status">Loading courses…</p> : null}
      {state.kind === 'failed' ? (
        <p role="alert">We could not load the courses. {state.message}</p>
      ) : null}
      {state.kind === 'ready' && state.data.courses.length === 0 ? <p>No courses yet.</p> : null}
      {state.kind === 'ready' && state.data.courses.length > 0 ? (
        <ul className="courses">
          {state.data.courses.map((course) => (
            <li key={course.id}>
              <Link to={coursePath(course.id)}>{course.title}</Link>
              <span className="muted">
                {formatLabels[course.format]} · {weekdayName(course.weekday)}s at {course.localTime}{' '}
                · {course.therapist.displayName} · {course.heldPlaces} of {course.capacity.max}{' '}
                places
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
