import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { answering, readyBody, renderApp } from '../testing/render-app';

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

  it('offers a labelled sign-in form that says honestly that sign-in is not available yet', async () => {
    const requested: string[] = [];
    renderApp('/sign-in', answering(200, readyBody, requested));
    await screen.findByText('Service: ready');
    expect(document.title).toBe('Sign in — Hearth');

    const email = screen.getByLabelText('Email address') as HTMLInputElement;
    const password = screen.getByLabelText('Password') as HTMLInputElement;
    expect(email.type).toBe('email');
    expect(password.type).toBe('password');
    const message = within(screen.getByRole('main')).getByRole('status');
    expect(message.textContent).toBe('');

    fireEvent.change(email, { target: { value: 'sam@example.org' } });
    fireEvent.change(password, { target: { value: 'correct horse' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(message.textContent).toMatch(/not available yet/);
    expect(message.textContent).toMatch(/once your practice’s accounts are set up/);
    // Still on the sign-in page, nothing sent anywhere, and the password not kept on screen.
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeDefined();
    expect(requested).toEqual(['/health/ready']);
    expect(password.value).toBe('');
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
