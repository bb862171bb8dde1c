import { Link, useParams } from 'react-router';
import {
  clinicalRoutes,
  schedulingRoutes,
  type CourseDetail,
  type Person,
} from '@hearth/contracts';
import { useApiQuery } from '../../../api/useApiQuery';
import { coursePath } from '../../../app/paths';
import { useSession } from '../../auth/hooks/useSession';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';
import { FocusSection } from './FocusSection';
import { InventorySection } from './InventorySection';
import { SessionNotesSection } from './SessionNotesSection';
import { CheckInTable } from './CheckInTable';
import { TrendChart } from './TrendChart';

/**
 * One client's records in one course: for the course's therapists, the check-in trend,
 * inventory (with review), focus and goals, progress and private notes; for the client
 * themself, their inventory to fill in, their focus and their progress.
 */
export function ClientRecordPage() {
  const { courseId = '', personId = '' } = useParams();
  const { person } = useSession();
  const course = useApiQuery(`course:${courseId}`, (client) =>
    client.call(schedulingRoutes.getCourse, { params: { courseId } }),
  );
  useDocumentTitle('Client record');
  if (!person) return null;
  const { state } = course;
  return (
    <article className="page page--wide">
      <p>
        <Link to={coursePath(courseId)}>Back to the course</Link>
      </p>
      {state.kind === 'loading' ? <p role="status">Loading…</p> : null}
      {state.kind === 'failed' ? (
        <>
          <h1>We can’t find that record</h1>
          <p role="alert">It may not exist, or it is not one you can see.</p>
        </>
      ) : null}
      {state.kind === 'ready' ? (
        <RecordView course={state.data} personId={personId} me={person} />
      ) : null}
    </article>
  );
}

function RecordView({
  course,
  personId,
  me,
}: {
  course: CourseDetail;
  personId: string;
  me: Person;
}) {
  const asTherapist =
    me.roles.includes('therapist') &&
    (course.therapist.personId === me.id || course.coTherapist?.personId === me.id);
  const member = course.members.find((m) => m.personId === personId);
  const self = personId === me.id;
  if (!member || (!asTherapist && !self)) {
    return (
      <>
        <h1>We can’t find that record</h1>
        <p role="alert">It may not exist, or it is not one you can see.</p>
      </>
    );
  }
  return (
    <>
      <h1>{self ? `Your important people and goals` : member.displayName}</h1>
      <p className="lead">{course.title}</p>
      {asTherapist ? (
        <CheckInsPanel course={course} personId={personId} name={member.displayName} />
      ) : null}
      <InventorySection courseId={course.id} personId={personId} asTherapist={asTherapist} />
      <FocusSection courseId={course.id} personId={personId} asTherapist={asTherapist} />
      <SessionNotesSection course={course} personId={personId} asTherapist={asTherapist} />
    </>
  );
}

function CheckInsPanel({
  course,
  personId,
  name,
}: {
  course: CourseDetail;
  personId: string;
  name: string;
}) {
  const query = useApiQuery(`clinical:overview:${course.id}`, (c) =>
    c.call(clinicalRoutes.courseClinical, { params: { courseId: course.id } }),
  );
  const { state } = query;
  const client =
    state.kind === 'ready' ? state.data.clients.find((c) => c.personId === personId) : undefined;
  return (
    <section className="panel" aria-labelledby="check-ins-heading">
      <h2 id="check-ins-heading">Check-ins</h2>
      {state.kind === 'loading' ? <p role="status">Loading…</p> : null}
      {state.kind === 'failed' ? (
        <p role="alert">We could not load the check-ins. {state.message}</p>
      ) : null}
      {client && client.checkIns.length === 0 ? <p>No check-ins yet.</p> : null}
      {client && client.checkIns.length > 0 ? (
        <>
          <TrendChart checkIns={client.checkIns} label={`${name}’s check-ins`} />
          <CheckInTable checkIns={client.checkIns} />
        </>
      ) : null}
    </section>
  );
}
