import { useSession } from '../../auth/hooks/useSession';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';
import { CoursesSection } from './CoursesSection';

/** The courses one may see: the practice's for a coordinator, one's own for a therapist. */
export function CoursesPage() {
  useDocumentTitle('Courses');
  const { person } = useSession();
  if (!person) return null;
  const coordinator = person.roles.includes('coordinator');
  return (
    <article className="page">
      <h1>Courses</h1>
      <p className="lead">
        {coordinator
          ? 'Every course of your practice: plan a new one, or open one to see its sessions and roster.'
          : 'The courses you run: open one to see its sessions, roster and clients’ records.'}
      </p>
      <CoursesSection canPlan={coordinator} />
    </article>
  );
}
