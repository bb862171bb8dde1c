import type { ComponentProps } from 'react';
import { RouterProvider } from 'react-aria-components';
import { useHref, useNavigate } from 'react-router';
import { Menu } from '../../ui/Menu';

/**
 * The navigation's "More" menu, whose entries are links followed through the router (no page
 * load). Its own chunk: only a phone-sized coordinator's bar needs it.
 */
export default function PlacesMenu(props: ComponentProps<typeof Menu>) {
  const navigate = useNavigate();
  return (
    <RouterProvider navigate={(to) => void navigate(to)} useHref={useHref}>
      <Menu {...props} />
    </RouterProvider>
  );
}
