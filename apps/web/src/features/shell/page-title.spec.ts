import { describe, expect, it } from 'vitest';
import { pageTitle } from './page-title';

describe('pageTitle', () => {
  it('puts the page before the product name', () => {
    expect(pageTitle('Sign in')).toBe('Sign in — Hearth');
  });

  it('is just the product name without a page', () => {
    expect(pageTitle()).toBe('Hearth');
    expect(pageTitle('  ')).toBe('Hearth');
  });
});
