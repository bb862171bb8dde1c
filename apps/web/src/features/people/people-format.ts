import type { Role } from '@hearth/contracts';

const roleLabels: Record<Role, string> = {
  coordinator: 'Coordinator',
  therapist: 'Therapist',
  client: 'Client',
};

export function roleLabel(role: Role): string {
  return roleLabels[role];
}

/** "Coordinator", "Coordinator and therapist", "Coordinator, therapist and client". */
export function describeRoles(roles: readonly Role[]): string {
  const words = roles.map((role, index) => (index === 0 ? roleLabel(role) : role));
  return new Intl.ListFormat('en-GB', { type: 'conjunction' }).format(words);
}

/**
 * A moment as the person would read it on their own clock, with the zone named so nobody has to
 * guess whose evening "18:00" is: "Thursday, 16 July 2026 at 09:30 BST".
 */
export function formatDateTime(iso: string, timeZone: string, locale = 'en-GB'): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** The full link to send someone; the API gives only the path, since it cannot know our address. */
export function invitationLink(origin: string, acceptPath: string): string {
  return new URL(acceptPath, origin).toString();
}

/** How long an expired invitation stays in the pending list, so it can be sent again. */
export const recentlyExpiredDays = 14;

/**
 * The invitations still waiting for an answer: pending ones, and those that expired in the last
 * {@link recentlyExpiredDays} days (someone may still want to join); in the order given.
 */
export function awaitingAnswer<I extends { readonly status: string; readonly expiresAt: string }>(
  invitations: readonly I[],
  now: Date,
): I[] {
  const since = now.getTime() - recentlyExpiredDays * 86_400_000;
  return invitations.filter(
    (invitation) =>
      invitation.status === 'pending' ||
      (invitation.status === 'expired' && Date.parse(invitation.expiresAt) > since),
  );
}
