import { useSession } from '../../auth/hooks/useSession';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';
import { ClientClinicalHome } from './ClientClinicalHome';

/** A client's check-ins and questionnaires to fill in before their sessions. */
export function CheckInsPage() {
  useDocumentTitle('Check-ins');
  const { person } = useSession();
  if (!person) return null;
  return (
    <article className="page">
      <h1>Check-ins</h1>
      <p className="lead">
        A few questions before each session help your therapist see how you are doing.
      </p>
      <ClientClinicalHome me={person} part="tasks" />
    </article>
  );
}
