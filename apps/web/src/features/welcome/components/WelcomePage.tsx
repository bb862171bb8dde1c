import { Link } from 'react-router';
import { paths } from '../../../app/paths';
import { useSession } from '../../auth/hooks/useSession';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';
import './welcome.css';

export function WelcomePage() {
  useDocumentTitle();
  const { status } = useSession();
  return (
    <article className="page">
      <h1>Welcome to Hearth</h1>
      <p className="lead">
        Hearth is where this practice offers Interpersonal Psychotherapy (IPT) over video to groups,
        couples and families. Every session follows a time-limited course, and everyone in the call
        sees the session&rsquo;s agenda beside the video.
      </p>
      <h2>Who Hearth is for</h2>
      <ul className="roles">
        <li>
          <h3>Coordinators</h3>
          <p>
            Take in requests for therapy, match clients to a therapist or an open group, build
            rosters and schedule a course of weekly sessions.
          </p>
        </li>
        <li>
          <h3>Therapists</h3>
          <p>
            Run each session: admit people from the waiting room, lead the agenda, split a couple or
            family into separate rooms and bring them back, and follow check-in scores.
          </p>
        </li>
        <li>
          <h3>Clients</h3>
          <p>
            Group members, partners, parents and children join from a link or their account, test
            their camera and microphone, wait to be admitted, take part, and fill in a short
            check-in. A phone&rsquo;s browser is enough.
          </p>
        </li>
      </ul>
      {status === 'signed-in' ? (
        <p className="actions">
          <Link className="button" to={paths.home}>
            Go to your home page
          </Link>
        </p>
      ) : (
        <p className="actions">
          <Link className="button" to={paths.signIn}>
            Sign in
          </Link>
          <Link to={paths.signUp}>Create a practice</Link>
        </p>
      )}
    </article>
  );
}
