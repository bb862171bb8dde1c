import type { Account } from '@hearth/contracts';
import { useSession } from '../../auth/hooks/useSession';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';
import { useAccount } from '../hooks/useAccount';
import { DetailsSection } from './DetailsSection';
import { DevicesSection } from './DevicesSection';
import { EmailSection } from './EmailSection';
import { PasswordSection } from './PasswordSection';
import { PracticeLocationsSection } from './PracticeLocationsSection';
import { SignInPolicySection } from './SignInPolicySection';
import { SecondFactorsSection } from '../../second-factor/components/SecondFactorsSection';

/** One's own account: details, email, password, second factors (staff), and devices. */
export function AccountPage() {
  useDocumentTitle('Your account');
  const { person } = useSession();
  const account = useAccount();

  return (
    <article className="page">
      <h1>Your account</h1>
      {account.state.kind === 'loading' ? <p role="status">Loading your account…</p> : null}
      {account.state.kind === 'failed' ? <p role="alert">{account.state.message}</p> : null}
      {account.state.kind === 'ready' ? (
        <Sections account={account.state.data} onChanged={account.reload} />
      ) : null}
      {person?.roles.includes('coordinator') ? <SignInPolicySection /> : null}
      {person?.roles.includes('coordinator') ? <PracticeLocationsSection /> : null}
    </article>
  );
}

function Sections({ account, onChanged }: { account: Account; onChanged: () => void }) {
  return (
    <>
      <DetailsSection account={account} onChanged={onChanged} />
      <EmailSection account={account} onChanged={onChanged} />
      <PasswordSection />
      {account.roles.some((role) => role !== 'client') ? (
        <SecondFactorsSection timeZone={account.timeZone} />
      ) : null}
      <DevicesSection timeZone={account.timeZone} />
    </>
  );
}
