/** A password reset link works once, for this long. */
export const passwordResetMinutes = 30;
/** An email confirmation link works once, for this long. */
export const emailVerificationHours = 48;

/** Whether a single-use link may still be used at `now`. */
export function accountLinkUsable(
  link: { readonly usedAt: Date | null; readonly expiresAt: Date },
  now: Date,
): boolean {
  return link.usedAt === null && link.expiresAt.getTime() > now.getTime();
}
