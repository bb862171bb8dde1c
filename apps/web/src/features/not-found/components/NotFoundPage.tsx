import { Link } from 'react-router';
import { paths } from '../../../app/paths';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <article className="page">
      <h1>We can&rsquo;t find that page</h1>
      <p>The address may be mistyped, or the page may have moved.</p>
      <p>
        <Link to={paths.welcome}>Go to the Hearth home page</Link>
      </p>
    </article>
  );
}
