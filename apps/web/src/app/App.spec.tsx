import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { coordinator, fakeApi, renderApp, signedInAs } from '../testing/render-app';

describe('App routes', () => {
  it('welcomes visitors, explains who Hearth is for and links to sign in', async () => {
    renderApp('/');
    expect(screen.getByRole('heading', { level: 1, name: 'Welcome to Hearth' })).toBeDefined();
    for (const role of ['Coordinators', 'Therapists', 'Clients']) {
      expect(screen.getByRole('heading', { level: 3, name: role })).toBeDefined();
    }
    const main = screen.getByRole('main');
    expect(within(main).getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe(
      '/sign-in',
    );
    expect(document.title).toBe('Hearth');
    await screen.findByText('Service: ready');
  });

  it('frames every page with a header, a skip link to the main content and a footer', async () => {
    renderApp('/');
    const banner = screen.getByRole('banner');
    expect(within(banner).getByRole('link', { name: 'Hearth' }).getAttribute('href')).toBe('/');
    const skip = screen.getByRole('link', { name: 'Skip to main content' });
    expect(skip.getAttribute('href')).toBe(`#${screen.getByRole('main').id}`);
    expect(screen.getByRole('contentinfo')).toBeDefined();
    await screen.findByText('Service: ready');
  });

  it('offers visitors sign-in in the header, and signed-in people home and sign-out', async () => {
    renderApp('/');
    await screen.findByText('Service: ready');
    const banner = screen.getByRole('banner');
    expect(within(banner).getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe(
      '/sign-in',
    );
    expect(within(banner).queryByRole('button', { name: 'Sign out' })).toBeNull();
    expect(
      within(screen.getByRole('main')).getByRole('link', { name: 'Create a practice' }),
    ).toBeDefined();
  });

  it('shows a signed-in person the way home instead of sign-in', async () => {
    renderApp('/', fakeApi(signedInAs(coordinator)));
    const banner = screen.getByRole('banner');
    await within(banner).findByRole('button', { name: 'Sign out' });
    // The places to go are fetched once someone is signed in.
    const home = await within(banner).findByRole('link', { name: 'Home' });
    expect(home.getAttribute('href')).toBe('/home');
    expect(within(banner).queryByRole('link', { name: 'Sign in' })).toBeNull();
    expect(
      within(screen.getByRole('main')).getByRole('link', { name: 'Go to your home page' }),
    ).toBeDefined();
  });

  it('shows a not-found page with a way home for an unknown address', async () => {
    renderApp('/no/such/page');
    expect(
      screen.getByRole('heading', { level: 1, name: 'We can’t find that page' }),
    ).toBeDefined();
    expect(
      screen.getByRole('link', { name: 'Go to the Hearth home page' }).getAttribute('href'),
    ).toBe('/');
    expect(document.title).toBe('Page not found — Hearth');
    await screen.findByText('Service: ready');
  });

  it('moves focus to the new page after following a link', async () => {
    renderApp('/');
    await screen.findByText('Service: ready');
    const main = screen.getByRole('main');
    expect(document.activeElement).not.toBe(main);
    await act(async () => {
      fireEvent.click(within(main).getByRole('link', { name: 'Sign in' }));
    });
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeDefined();
    expect(document.activeElement).toBe(main);
  });
});
