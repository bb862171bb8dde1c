import { useSession } from '../../auth/hooks/useSession';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';
import { Toasts } from '../../ui/Toast';
import { InviteSection } from './InviteSection';
import { PeopleSection } from './PeopleSection';

/** The practice's people, and inviting more (with the invitations still waiting). */
export function PeoplePage() {
  useDocumentTitle('People');
  const { person } = useSession();
  if (!person) return null;
  return (
    <article className="page">
      <h1>People</h1>
      <PeopleSection me={person} />
      <InviteSection me={person} />
      {/* Short notices of this page ("Link copied."), which close by themselves. */}
      <Toasts />
    </article>
  );
}
