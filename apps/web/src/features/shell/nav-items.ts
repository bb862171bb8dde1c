import type { Person } from '@hearth/contracts';
import { paths } from '../../app/paths';

type Role = Person['roles'][number];

export type NavIcon =
  | 'home'
  | 'calendar'
  | 'courses'
  | 'people'
  | 'clients'
  | 'requests'
  | 'check-ins'
  | 'settings'
  | 'account';

export interface NavItem {
  readonly to: string;
  readonly label: string;
  readonly icon: NavIcon;
  readonly roles: readonly Role[];
}

/** Every place the main navigation can lead, in the order it lists them, and who sees each. */
export const navItems: readonly NavItem[] = [
  { to: paths.home, label: 'Home', icon: 'home', roles: ['coordinator', 'therapist', 'client'] },
  { to: paths.calendar, label: 'Calendar', icon: 'calendar', roles: ['coordinator', 'therapist'] },
  { to: paths.courses, label: 'Courses', icon: 'courses', roles: ['coordinator', 'therapist'] },
  { to: paths.people, label: 'People', icon: 'people', roles: ['coordinator'] },
  { to: paths.clients, label: 'Clients', icon: 'clients', roles: ['therapist'] },
  { to: paths.therapyRequests, label: 'Requests', icon: 'requests', roles: ['coordinator'] },
  { to: paths.checkIns, label: 'Check-ins', icon: 'check-ins', roles: ['client'] },
  { to: paths.settings, label: 'Settings', icon: 'settings', roles: ['coordinator'] },
  { to: paths.account, label: 'Account', icon: 'account', roles: ['client'] },
];

/** The places one person's roles open, once each (someone can be coordinator and therapist). */
export function navFor(roles: readonly Role[]): NavItem[] {
  return navItems.filter((item) => item.roles.some((role) => roles.includes(role)));
}

/** How many places fit a phone's bottom bar; the rest go under "More". */
export const phoneBarSize = 5;

/** The bottom bar's places and those under "More" (none when everything fits). */
export function splitForPhone(items: readonly NavItem[]): {
  bar: NavItem[];
  more: NavItem[];
} {
  if (items.length <= phoneBarSize) return { bar: [...items], more: [] };
  return { bar: items.slice(0, phoneBarSize - 1), more: items.slice(phoneBarSize - 1) };
}
