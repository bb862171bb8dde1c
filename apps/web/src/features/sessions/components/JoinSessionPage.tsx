import { Link } from 'react-router';
import { paths } from '../../../app/paths';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';

/** Where Join leads. The video room is not built yet, and this page says so rather than pretend. */
export function JoinSessionPage() {
  useDocumentTitle('Join session');
  return (
    <article className="page">
      <h1>Join session</h1>
      <p>
        The live session view arrives with the video work. Until then, Hearth cannot connect you to
        this session.
      </p>
      <p>
        <Link to={paths.home}>Back to your sessions</Link>
      </p>
    </article>
  );
}
