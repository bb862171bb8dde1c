import { accountLinkUsable } from './account-links';

describe('accountLinkUsable', () => {
  const now = new Date('2027-01-01T12:00:00Z');
  const later = new Date('2027-01-01T12:30:00Z');

  it('is usable once, until it expires', () => {
    expect(accountLinkUsable({ usedAt: null, expiresAt: later }, now)).toBe(true);
    expect(accountLinkUsable({ usedAt: now, expiresAt: later }, now)).toBe(false);
    expect(accountLinkUsable({ usedAt: null, expiresAt: later }, later)).toBe(false);
  });
});
