import { z } from 'zod';
import { idParams, uuid } from '../primitives';
import { defineRoute } from '../http/route';
import { humanText } from '../primitives/text';

export const roles = ['coordinator', 'therapist', 'client'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email({ error: 'must be an email address' }));

// Length is what makes a password strong; composition rules only make people write them down.
const newPassword = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(200, 'must be at most 200 characters');

const displayName = humanText({ max: 80 });

// Zones Intl has accepted, so a valid one costs a Set lookup rather than a new
// Intl.DateTimeFormat (~50 µs) on every request; bounded, since names come from requests.
const knownZones = new Set<string>();

export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    if (knownZones.has(zone)) return true;
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
    } catch {
      return false;
    }
    if (knownZones.size < 2_000) knownZones.add(zone);
    return true;
  }, 'must be an IANA time zone such as Europe/London');

export const personSchema = z.object({
  id: uuid,
  practiceId: uuid,
  email: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  timeZone: z.string(),
});
export type Person = z.infer<typeof personSchema>;

/** The signed-in person, with the name of their practice. */
export const meSchema = personSchema.extend({ practiceName: z.string() });
export type Me = z.infer<typeof meSchema>;

export const sessionTokensSchema = z.object({
  accessToken: z.string(),
  /** Seconds until the access token expires; renew it with the refresh cookie before then. */
  expiresIn: z.number().int().positive(),
  person: personSchema,
  /**
   * Set when the practice requires a second factor of this person and they have none yet: until
   * they set one up, only their account and its second-factor routes answer.
   */
  mustEnrolSecondFactor: z.boolean().optional(),
});
export type SessionTokens = z.infer<typeof sessionTokensSchema>;

/** The ways someone can finish signing in or confirm a sensitive act. */
export const secondFactorMethodSchema = z.enum(['totp', 'recovery_code', 'passkey', 'password']);
export type SecondFactorMethod = z.infer<typeof secondFactorMethodSchema>;

/** The answer to a correct password when a second factor is still needed: no tokens yet. */
export const secondFactorChallengeSchema = z.object({
  secondFactor: z.object({
    /** Single-use, short-lived proof that the password was right; sent with the second step. */
    challenge: z.string(),
    methods: z.array(secondFactorMethodSchema),
    /** Seconds until the challenge expires and the password must be entered again. */
    expiresIn: z.number().int().positive(),
  }),
});
export type SecondFactorChallenge = z.infer<typeof secondFactorChallengeSchema>;

/** What sign-in answers: tokens, or a request for the second step. */
export const loginResultSchema = z.union([sessionTokensSchema, secondFactorChallengeSchema]);
export type LoginResult = z.infer<typeof loginResultSchema>;

export const signUpBodySchema = z.object({
  practiceName: humanText({ min: 2, max: 120 }),
  displayName,
  email,
  password: newPassword,
  timeZone: timeZoneSchema,
});

/** The secret of an emailed sign-up link. */
export const confirmSignUpBodySchema = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not a valid link; sign up again'),
});

export const loginBodySchema = z.object({
  email,
  password: z.string().min(1, 'must not be empty').max(200),
});

export const invitationCreateBodySchema = z.object({
  email,
  displayName,
  roles: z
    .array(roleSchema)
    .min(1, 'must name at least one role')
    .refine((list) => new Set(list).size === list.length, 'must not repeat a role'),
  /** Email the link to the invitee as well (it is always shown to the coordinator too). */
  sendEmail: z.boolean().default(false),
});

/** Where an invitation stands: accepted or revoked for good, otherwise pending until it expires. */
export const invitationStatusSchema = z.enum(['pending', 'accepted', 'expired', 'revoked']);
export type InvitationStatus = z.infer<typeof invitationStatusSchema>;

export const invitationSchema = z.object({
  id: uuid,
  email: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  expiresAt: z.iso.datetime({ offset: true }),
  status: invitationStatusSchema,
});

/** An invitation as its practice's coordinators see it in the list, with when it was sent. */
export const sentInvitationSchema = invitationSchema.extend({
  createdAt: z.iso.datetime({ offset: true }),
});

export const invitationListQuerySchema = z.object({
  status: invitationStatusSchema.optional(),
});

const invitationId = idParams('invitationId');

export const createdInvitationSchema = z.object({
  invitation: invitationSchema,
  /** Path of the single-use link (prefix it with the site's address); shown once, never stored. */
  acceptPath: z.string(),
  /**
   * `queued`: an email with the link is on its way; `logged`: one was asked for but this install
   * has no mail server (SMTP_URL), so it was not sent; `not_requested`: no email was asked for.
   */
  email: z.enum(['queued', 'logged', 'not_requested']),
});

export const invitationPreviewSchema = z.object({
  practiceName: z.string(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  expiresAt: z.iso.datetime({ offset: true }),
});

const invitationToken = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not a valid invitation token'),
});

export const acceptInvitationBodySchema = z.object({
  displayName: displayName.optional(),
  password: newPassword,
  timeZone: timeZoneSchema,
});

export const identityRoutes = {
  signUp: defineRoute({
    method: 'POST',
    path: '/api/auth/sign-up',
    summary:
      'Ask to create a practice with its first coordinator: a link to confirm the address is emailed (to an address that already has an account, an email saying so instead); the answer is the same either way',
    tags: ['auth'],
    public: true,
    body: signUpBodySchema,
    response: z.object({ sent: z.literal(true) }),
    status: 202,
    errors: [429],
  }),
  confirmSignUp: defineRoute({
    method: 'POST',
    path: '/api/auth/sign-up/confirm',
    summary:
      'Open the emailed sign-up link: creates the practice and its coordinator (address confirmed) and signs them in; the link then stops working',
    tags: ['auth'],
    public: true,
    body: confirmSignUpBodySchema,
    response: sessionTokensSchema,
    status: 201,
    errors: [404, 409, 429],
  }),
  login: defineRoute({
    method: 'POST',
    path: '/api/auth/login',
    summary:
      'Sign in with email and password; sets the refresh cookie, or asks for a second factor first',
    tags: ['auth'],
    public: true,
    body: loginBodySchema,
    response: loginResultSchema,
    errors: [401, 429],
  }),
  refresh: defineRoute({
    method: 'POST',
    path: '/api/auth/refresh',
    summary: 'Exchange the refresh cookie for a new access token (the cookie rotates)',
    tags: ['auth'],
    public: true,
    response: sessionTokensSchema,
    errors: [401],
  }),
  logout: defineRoute({
    method: 'POST',
    path: '/api/auth/logout',
    summary: 'Sign out: revokes the refresh cookie and every token rotated from it',
    tags: ['auth'],
    public: true,
    response: z.object({ signedOut: z.literal(true) }),
  }),
  me: defineRoute({
    method: 'GET',
    path: '/api/me',
    summary: 'The signed-in person and their practice',
    tags: ['auth'],
    beforeEnrolment: true,
    response: meSchema,
  }),
  people: defineRoute({
    method: 'GET',
    path: '/api/people',
    summary: "The practice's people (coordinators only)",
    tags: ['people'],
    roles: ['coordinator'],
    response: z.object({ people: z.array(personSchema) }),
    errors: [403],
  }),
  invite: defineRoute({
    method: 'POST',
    path: '/api/invitations',
    summary: 'Invite a therapist or client by a single-use link that expires (coordinators only)',
    tags: ['people'],
    roles: ['coordinator'],
    body: invitationCreateBodySchema,
    response: createdInvitationSchema,
    status: 201,
    errors: [403, 409],
  }),
  invitations: defineRoute({
    method: 'GET',
    path: '/api/invitations',
    summary:
      "The practice's invitations, newest first, optionally only those of one status (coordinators only)",
    tags: ['people'],
    roles: ['coordinator'],
    query: invitationListQuerySchema,
    response: z.object({ invitations: z.array(sentInvitationSchema) }),
    errors: [403],
  }),
  revokeInvitation: defineRoute({
    method: 'POST',
    path: '/api/invitations/:invitationId/revoke',
    summary: 'Revoke a pending invitation: its link stops working at once (coordinators only)',
    tags: ['people'],
    roles: ['coordinator'],
    params: invitationId,
    response: z.object({ invitation: sentInvitationSchema }),
    errors: [403, 404, 409],
  }),
  resendInvitation: defineRoute({
    method: 'POST',
    path: '/api/invitations/:invitationId/resend',
    summary:
      'Replace a pending or expired invitation by a new single-use link with a fresh expiry; the old link stops working (coordinators only)',
    tags: ['people'],
    roles: ['coordinator'],
    params: invitationId,
    body: z.object({ sendEmail: z.boolean().default(false) }).optional(),
    response: createdInvitationSchema,
    status: 201,
    errors: [403, 404, 409],
  }),
  previewInvitation: defineRoute({
    method: 'GET',
    path: '/api/invitations/:token',
    summary: 'What an invitation link is for, before accepting it',
    tags: ['people'],
    public: true,
    params: invitationToken,
    response: invitationPreviewSchema,
    errors: [404],
  }),
  acceptInvitation: defineRoute({
    method: 'POST',
    path: '/api/invitations/:token/accept',
    summary:
      'Accept an invitation: creates the account and signs it in; the link then stops working',
    tags: ['people'],
    public: true,
    params: invitationToken,
    body: acceptInvitationBodySchema,
    response: sessionTokensSchema,
    status: 201,
    errors: [404, 409, 429],
  }),
} as const;
