import { useState } from 'react';
import { NavLink, useNavigate } from 'react-router';
import { paths } from '../../../app/paths';
import { useSession } from '../hooks/useSession';

/** The header's way in or out: "Sign in" for visitors, home and "Sign out" for everyone else. */
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
    <nav aria-label="Main" className="session-nav">
      <NavLink to={paths.home}>Home</NavLink>
      <NavLink className="session-nav__who" to={paths.account}>
        {session.person?.displayName}
      </NavLink>
      <button
        className="button button--secondary"
        type="button"
        onClick={() => void onSignOut()}
        disabled={leaving}
      >
        {leaving ? 'Signing out…' : 'Sign out'}
      </button>
    </nav>
  );
}
