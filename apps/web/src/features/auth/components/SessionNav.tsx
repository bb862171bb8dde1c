import { useState } from 'react';
import { NavLink, useNavigate } from 'react-router';
import { buttonClass } from '../../ui/button-class';
import { paths } from '../../../app/paths';
import { useSession } from '../hooks/useSession';
import './session-nav.css';

/**
 * The header's way in or out: "Sign in" for visitors; for everyone else their name (to their
 * account) and "Sign out". The places to go are the main navigation (shell/MainNav).
 */
export function SessionNav() {
  const session = useSession();
  const navigate = useNavigate();
  const [leaving, setLeaving] = useState(false);

  if (session.status === 'loading') return null;
  if (session.status === 'signed-out') {
    return (
      <nav aria-label="Main">
        <NavLink to={paths.signIn}>Sign in</NavLink>
      </nav>
    );
  }

  const onSignOut = async () => {
    setLeaving(true);
    try {
      await session.signOut();
      navigate(paths.signIn, { replace: true });
    } finally {
      setLeaving(false);
    }
  };

  return (
    <div className="session-nav">
      <NavLink className="session-nav__who" to={paths.account}>
        {session.person?.displayName}
      </NavLink>
      {/* A plain button: the header is on the first page, which stays light. */}
      <button
        type="button"
        className={buttonClass('secondary', 'small')}
        onClick={() => void onSignOut()}
        disabled={leaving}
      >
        {leaving ? 'Signing out…' : 'Sign out'}
      </button>
    </div>
  );
}
