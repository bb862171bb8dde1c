import { useParams, Link } from 'react-router';
import { schedulingRoutes, type CourseDetail, type Person } from '@hearth/contracts';
import { useApiQuery } from '../../../api/useApiQuery';
import { paths } from '../../../app/paths';
import { timeZoneLabel } from '../../forms/time-zones';
import { formatLocalDate } from '../../scheduling/schedule-time';
import { focusAreaLabels, formatLabels, weekdayName } from '../../scheduling/scheduling-labels';
import { useSession } from '../../auth/hooks/useSession';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';
import { RosterSection } from './RosterSection';
import { CourseSessionsSection } from './CourseSessionsSection';
import { LiveRoomSettings } from './LiveRoomSettings';
import { CourseClinicalSection } from '../../clinical/components/CourseClinicalSection';

export function CoursePage() {
  const { courseId = '' } = useParams();
  const { person } = useSession();
  const query = useApiQuery(`course:${courseId}`, (client) =>
    client.call(schedulingRoutes.getCourse, { params: { courseId } }),
  );
  const { state } = query;
  useDocumentTitle(state.kind === 'ready' ? state.data.title : 'Course');
  if (!person) return null;

  return (
    <article className="page page--wide">
      <p>
        <Link to={paths.home}>Back to home</Link>
      </p>
      {state.kind === 'loading' ? <p role="status">Loading the course…</p> : null}
      {state.kind === 'failed' ? (
        <>
          <h1>{state.status === 404 ? 'We can’t find that course' : 'Course'}</h1>
          <p role="alert">
            {state.status === 404
              ? 'It may have been removed, or it is not one you can see.'
              : `We could not load the course. ${state.message}`}
          </p>
        </>
      ) : null}
      {state.kind === 'ready' ? (
        <CourseView course={state.data} me={person} onChanged={query.reload} />
      ) : null}
    </article>
  );
}

function CourseView({
  course,
  me,
  onChanged,
}: {
  course: CourseDetail;
  me: Person;
  onChanged: () => void;
}) {
  const isCoordinator = me.roles.includes('coordinator');
  const runsIt = course.therapist.personId === me.id || course.coTherapist?.personId === me.id;
  return (
    <>
      <h1>{course.title}</h1>
      <dl className="facts">
        <div>
          <dt>Format</dt>
          <dd>{formatLabels[course.format]}</dd>
        </div>
        <div>
          <dt>Focus</dt>
          <dd>{course.focusAreas.map((a) => focusAreaLabels[a]).join(', ')}</dd>
        </div>
        <div>
          <dt>Therapist</dt>
          <dd>
            {course.therapist.displayName}
            {course.coTherapist ? ` with ${course.coTherapist.displayName}` : ''}
          </dd>
        </div>
        <div>
          <dt>When</dt>
          <dd>
            {weekdayName(course.weekday)}s at {course.localTime}, {course.durationMinutes} minutes (
            {timeZoneLabel(course.timeZone)})
          </dd>
        </div>
        <div>
          <dt>Sessions</dt>
          <dd>
            {course.sessionCount}, from {formatLocalDate(course.startDate)}
          </dd>
        </div>
        <div>
          <dt>Places</dt>
          <dd>
            {course.heldPlaces} of {course.capacity.max} taken
          </dd>
        </div>
      </dl>
      <RosterSection course={course} canManage={isCoordinator} onChanged={onChanged} />
      <CourseSessionsSection
        course={course}
        canChange={isCoordinator || runsIt}
        onChanged={onChanged}
      />
      {isCoordinator || runsIt ? <LiveRoomSettings courseId={course.id} /> : null}
      <CourseClinicalSection course={course} me={me} />
    </>
  );
}
