import { z } from 'zod';
import { defineRoute } from '../http/route';
import { personSchema, roleSchema, timeZoneSchema } from './identity.contract';

const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email({ error: 'must be an email address' }));

const newPassword = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(200, 'must be at most 200 characters');

const currentPassword = z.string().min(1, 'must not be empty').max(200);

const displayName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(80, 'must be at most 80 characters');

/** A single-use link's secret, as it appears in the emailed link. */
export const accountTokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, 'is not a valid link; ask for a new one');

/** The signed-in person's own account. */
export const accountSchema = personSchema.extend({
  /** Whether the current address has been confirmed from an emailed link. */
  emailVerified: z.boolean(),
  /** A new address waiting to be confirmed; the account keeps `email` until then. */
  pendingEmail: z.string().nullable(),
});
export type Account = z.infer<typeof accountSchema>;

export const accountUpdateBodySchema = z
  .object({ displayName: displayName.optional(), timeZone: timeZoneSchema.optional() })
  .refine((body) => body.displayName !== undefined || body.timeZone !== undefined, {
    message: 'must change the name or the time zone',
  });

export const emailChangeBodySchema = z.object({ email, currentPassword });

export const passwordChangeBodySchema = z
  .object({ currentPassword, newPassword })
  .refine((body) => body.currentPassword !== body.newPassword, {
    message: 'must differ from the current password',
    path: ['newPassword'],
  });

export const forgotPasswordBodySchema = z.object({ email });

export const resetPasswordBodySchema = z.object({
  token: accountTokenSchema,
  password: newPassword,
});

export const verifyEmailBodySchema = z.object({ token: accountTokenSchema });

/** One signed-in device, from its sign-in's browser and system. */
export const deviceSchema = z.object({
  id: z.uuid(),
  /** "Firefox on Windows" */
  label: z.string(),
  signedInAt: z.iso.datetime({ offset: true }),
  lastUsedAt: z.iso.datetime({ offset: true }),
  /** Whether this is the device asking. */
  current: z.boolean(),
});
export type Device = z.infer<typeof deviceSchema>;

/** How long a practice's sign-ins last. */
export const signInPolicySchema = z.object({
  /** The longest a sign-in lasts, however active (1 hour to 90 days). */
  sessionMaxHours: z.number().int().min(1).max(2160),
  /** A sign-in unused this long ends (15 minutes to 90 days). */
  sessionIdleMinutes: z.number().int().min(15).max(129_600),
  /** Whether therapists and coordinators must sign in with a second factor. */
  requireStaffSecondFactor: z.boolean(),
});
export type SignInPolicy = z.infer<typeof signInPolicySchema>;

/** A change of the policy; leaving out the second-factor rule keeps it as it is. */
export const signInPolicyBodySchema = signInPolicySchema.partial({
  requireStaffSecondFactor: true,
});
export type SignInPolicyBody = z.infer<typeof signInPolicyBodySchema>;

export const rolesBodySchema = z.object({
  roles: z
    .array(roleSchema)
    .min(1, 'must name at least one role')
    .refine((list) => new Set(list).size === list.length, 'must not repeat a role'),
});

const sent = z.object({ sent: z.literal(true) });

export const accountRoutes = {
  forgotPassword: defineRoute({
    method: 'POST',
    path: '/api/auth/forgot-password',
    summary:
      'Email a single-use password reset link (30 minutes) to this address if it has an account; the answer is the same either way',
    tags: ['auth'],
    public: true,
    body: forgotPasswordBodySchema,
    response: sent,
    status: 202,
    errors: [429],
  }),
  resetPassword: defineRoute({
    method: 'POST',
    path: '/api/auth/reset-password',
    summary:
      'Choose a new password with a reset link; every sign-in of the account ends, and the link stops working',
    tags: ['auth'],
    public: true,
    body: resetPasswordBodySchema,
    response: z.object({ reset: z.literal(true) }),
    errors: [404, 429],
  }),
  verifyEmail: defineRoute({
    method: 'POST',
    path: '/api/auth/verify-email',
    summary: 'Confirm an email address with the emailed link (a change of address takes effect)',
    tags: ['auth'],
    public: true,
    body: verifyEmailBodySchema,
    response: z.object({ verified: z.literal(true), email: z.string() }),
    errors: [404, 409, 429],
  }),
  account: defineRoute({
    method: 'GET',
    path: '/api/account',
    summary: 'The signed-in person’s own account',
    tags: ['account'],
    beforeEnrolment: true,
    response: accountSchema,
  }),
  updateAccount: defineRoute({
    method: 'PATCH',
    path: '/api/account',
    summary: 'Change one’s own name or time zone',
    tags: ['account'],
    body: accountUpdateBodySchema,
    response: accountSchema,
  }),
  changeEmail: defineRoute({
    method: 'POST',
    path: '/api/account/email',
    summary:
      'Ask to use a new email address (current password needed): it takes effect once confirmed from the link sent to it',
    tags: ['account'],
    body: emailChangeBodySchema,
    response: accountSchema,
    errors: [409, 429],
  }),
  resendVerification: defineRoute({
    method: 'POST',
    path: '/api/account/email/verification',
    summary: 'Send the confirmation link again (to the new address when a change is waiting)',
    tags: ['account'],
    response: sent,
    status: 202,
    errors: [409, 429],
  }),
  changePassword: defineRoute({
    method: 'POST',
    path: '/api/account/password',
    summary:
      'Change one’s password with the current one; every other signed-in device is signed out',
    tags: ['account'],
    body: passwordChangeBodySchema,
    response: z.object({ changed: z.literal(true) }),
    errors: [429],
  }),
  devices: defineRoute({
    method: 'GET',
    path: '/api/account/devices',
    summary: 'The devices signed in to one’s account, most recently used first',
    tags: ['account'],
    response: z.object({ devices: z.array(deviceSchema) }),
  }),
  signOutDevice: defineRoute({
    method: 'POST',
    path: '/api/account/devices/:deviceId/sign-out',
    summary: 'Sign out one of one’s devices: its access ends at once',
    tags: ['account'],
    params: z.object({ deviceId: z.uuid() }),
    response: z.object({ signedOut: z.literal(true) }),
    errors: [404],
  }),
  signOutEverywhere: defineRoute({
    method: 'POST',
    path: '/api/account/sign-out-everywhere',
    summary: 'Sign out every device, this one included',
    tags: ['account'],
    response: z.object({ signedOut: z.literal(true) }),
  }),
  setRoles: defineRoute({
    method: 'PUT',
    path: '/api/people/:personId/roles',
    summary:
      "Set a person's roles; their access tokens and live connections end at once and are renewed with the new roles (coordinators only)",
    tags: ['people'],
    roles: ['coordinator'],
    stepUp: true,
    params: z.object({ personId: z.uuid() }),
    body: rolesBodySchema,
    response: personSchema,
    errors: [403, 404, 409],
  }),
  signInPolicy: defineRoute({
    method: 'GET',
    path: '/api/practice/sign-in-policy',
    summary: 'How long the practice’s sign-ins last (coordinators only)',
    tags: ['account'],
    roles: ['coordinator'],
    response: signInPolicySchema,
    errors: [403],
  }),
  updateSignInPolicy: defineRoute({
    method: 'PUT',
    path: '/api/practice/sign-in-policy',
    summary:
      'Set how long the practice’s sign-ins last; sign-ins already past the new limits end (coordinators only)',
    tags: ['account'],
    roles: ['coordinator'],
    body: signInPolicyBodySchema,
    response: signInPolicySchema,
    errors: [403, 409],
  }),
} as const;
