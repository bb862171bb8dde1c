import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  apiError,
  coordinator,
  fakeApi,
  renderApp,
  tokensFor,
  type FakeReply,
  type FakeRequest,
} from '../../../testing/render-app';

const token = 'A'.repeat(43);

async function openLink(confirm: FakeReply) {
  const requests: FakeRequest[] = [];
  renderApp(
    `/confirm-sign-up/${token}`,
    fakeApi({ 'POST /api/auth/sign-up/confirm': confirm }, requests),
  );
  await screen.findByText('Service: ready');
  // The page's code arrives on its own (it is not part of the first page).
  await screen.findByRole('heading', { level: 1, name: 'Create your practice' });
  return requests;
}

async function press() {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Create my practice' }));
  });
}

describe('sign-up confirmation page', () => {
  it('creates the practice only when asked, then signs in and goes home', async () => {
    const requests = await openLink({ status: 201, body: tokensFor(coordinator) });
    expect(document.title).toBe('Create your practice — Hearth');
    // Opening the link spends nothing (a mail scanner may open it).
    expect(requests.some((r) => r.path === '/api/auth/sign-up/confirm')).toBe(false);
    await press();
    await screen.findByRole('heading', { level: 1, name: 'Hello, Cora Coordinator' });
    expect(requests.find((r) => r.path === '/api/auth/sign-up/confirm')?.body).toEqual({ token });
  });

  it('says when the link was used or has expired', async () => {
    await openLink(apiError(404, 'not_found', 'This link is not valid or has expired'));
    await press();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('it was used, or it expired');
    expect(screen.getByRole('link', { name: 'Sign up' }).getAttribute('href')).toBe('/sign-up');
  });
});
