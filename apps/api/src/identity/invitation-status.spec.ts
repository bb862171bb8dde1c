import { invitationStatus } from './invitation-status';

describe('invitationStatus', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const later = new Date('2026-03-12T12:00:00Z');
  const earlier = new Date('2026-03-08T12:00:00Z');
  const open = { acceptedAt: null, revokedAt: null, expiresAt: later };

  it('is pending until the moment it expires, then expired', () => {
    expect(invitationStatus(open, now)).toBe('pending');
    expect(invitationStatus({ ...open, expiresAt: now }, now)).toBe('expired');
    expect(invitationStatus({ ...open, expiresAt: earlier }, now)).toBe('expired');
  });

  it('stays accepted or revoked after the expiry passes', () => {
    expect(invitationStatus({ ...open, acceptedAt: earlier, expiresAt: earlier }, now)).toBe(
      'accepted',
    );
    expect(invitationStatus({ ...open, revokedAt: earlier, expiresAt: earlier }, now)).toBe(
      'revoked',
    );
  });
});
