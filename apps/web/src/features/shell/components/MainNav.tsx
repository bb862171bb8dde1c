import { lazy, Suspense } from 'react';
import { NavLink, useLocation } from 'react-router';
import { matchPath } from 'react-router';
import { useSession } from '../../auth/hooks/useSession';
import { navFor, splitForPhone, type NavItem } from '../nav-items';
import { NavIcon } from './NavIcon';
import './main-nav.css';

const PlacesMenu = lazy(() => import('./PlacesMenu'));

function Place({ item, className }: { item: NavItem; className?: string }) {
  return (
    <li className={className}>
      <NavLink
        to={item.to}
        end={item.to === '/home'}
        className="main-nav__link"
        // The calendar and the course pages sit below their list; the list stays marked.
      >
        <NavIcon name={item.icon} />
        <span className="main-nav__label">{item.label}</span>
      </NavLink>
    </li>
  );
}

/**
 * The signed-in person's places, by role: a row under the header on a wide screen, a bar at the
 * bottom on a phone (with "More" when they do not all fit). One list, so screen readers meet one
 * "Main" navigation whatever the screen.
 */
export function MainNav() {
  const { person } = useSession();
  const { pathname } = useLocation();
  if (!person) return null;
  const items = navFor(person.roles);
  const { more } = splitForPhone(items);
  const inMore = new Set(more.map((item) => item.to));
  const moreCurrent = more.some((item) => matchPath({ path: item.to, end: false }, pathname));
  return (
    <nav aria-label="Main" className="main-nav">
      <ul className="main-nav__list">
        {items.map((item) => (
          <Place
            key={item.to}
            item={item}
            {...(inMore.has(item.to) ? { className: 'main-nav__overflow' } : {})}
          />
        ))}
        {more.length > 0 ? (
          <li className="main-nav__more">
            <Suspense fallback={null}>
              <PlacesMenu
                label="More places"
                className={`main-nav__link${moreCurrent ? ' active' : ''}`}
                trigger={
                  <>
                    <svg
                      className="main-nav__icon"
                      viewBox="0 0 24 24"
                      aria-hidden="true"
                      focusable="false"
                      fill="currentColor"
                    >
                      <circle cx="5" cy="12" r="2" />
                      <circle cx="12" cy="12" r="2" />
                      <circle cx="19" cy="12" r="2" />
                    </svg>
                    <span className="main-nav__label">More</span>
                  </>
                }
                items={more.map((item) => ({
                  id: item.to,
                  label: item.label,
                  href: item.to,
                  current: Boolean(matchPath({ path: item.to, end: false }, pathname)),
                }))}
              />
            </Suspense>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
