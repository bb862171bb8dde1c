import { Link } from 'react-router';
import { paths } from '../../../app/paths';
import { ConsentAdminSection } from '../../clinical/components/ConsentAdminSection';
import { MailProblemsSection } from '../../mail/components/MailProblemsSection';
import { useSession } from '../../auth/hooks/useSession';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';

/** The practice's settings: the consent its clients accept, and email that did not arrive. */
export function SettingsPage() {
  useDocumentTitle('Settings');
  const { person } = useSession();
  if (!person) return null;
  return (
    <article className="page">
      <h1>Settings</h1>
      <p className="lead">
        How your practice works in Hearth. Your own details, sign-in and the practice’s locations
        are on <Link to={paths.account}>your account page</Link>.
      </p>
      <ConsentAdminSection />
      <MailProblemsSection timeZone={person.timeZone} />
    </article>
  );
}
