import type { identityRoutes, RouteOutput } from '@hearth/contracts';

export type InvitationStatus = RouteOutput<
  typeof identityRoutes.invitations
>['invitations'][number]['status'];

export interface InvitationDates {
  readonly acceptedAt: Date | null;
  readonly revokedAt: Date | null;
  readonly expiresAt: Date;
}

/**
 * Where an invitation stands at `now`. Accepting and revoking are final and each excludes the
 * other (both need the invitation to be pending, under a row lock); expiry applies only to an
 * invitation that is still open, so one accepted in time stays accepted after its expiry.
 */
export function invitationStatus(invitation: InvitationDates, now: Date): InvitationStatus {
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.revokedAt) return 'revoked';
  return invitation.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}
