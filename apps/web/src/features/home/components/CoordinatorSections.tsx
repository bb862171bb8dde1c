import type { Person } from '@hearth/contracts';
import { ConsentAdminSection } from '../../clinical/components/ConsentAdminSection';
import { CoursesSection } from '../../courses/components/CoursesSection';
import { MailProblemsSection } from '../../mail/components/MailProblemsSection';
import { TherapyRequestsSection } from '../../matching/components/TherapyRequestsSection';
import { InviteSection } from '../../people/components/InviteSection';
import { PeopleSection } from '../../people/components/PeopleSection';

/** The coordinator's part of the home page: its own chunk, so clients and therapists skip it. */
export function CoordinatorSections({ me }: { me: Person }) {
  return (
    <>
      <TherapyRequestsSection />
      <CoursesSection />
      <PeopleSection me={me} />
      <InviteSection me={me} />
      <MailProblemsSection timeZone={me.timeZone} />
      <ConsentAdminSection />
    </>
  );
}
