import { Link } from 'react-router';
import { schedulingRoutes } from '@hearth/contracts';
import { useApiQuery } from '../../../api/useApiQuery';
import { coursePath, paths } from '../../../app/paths';
import { formatLabels, weekdayName } from '../../scheduling/scheduling-labels';

/** The practice's courses, for coordinators, with the ways to plan and see sessions. */
export function CoursesSection() {
  const { state } = useApiQuery('courses', (client) => client.call(schedulingRoutes.listCourses));
  return (
    <section className="panel" aria-labelledby="courses-heading">
      <h2 id="courses-heading">Courses</h2>
      <p className="actions">
        <Link className="button" to={paths.newCourse}>
          New course
        </Link>
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
