import { z } from 'zod';
import { defineRoute } from '../http/route';
import { humanText } from '../primitives/text';
import { secondFactorMethodSchema, sessionTokensSchema } from './identity.contract';

// Second factors of staff: an authenticator app (TOTP, RFC 6238) with single-use recovery codes,
// and passkeys (WebAuthn). Sign-in asks for one after the password; sensitive acts ask for a
// fresh confirmation (step-up).

/** A WebAuthn credential as the browser gives it (checked in full by the server's verifier). */
const webAuthnResponseSchema = z.looseObject({
  id: z.string().max(1_400),
  rawId: z.string().max(1_400),
  type: z.literal('public-key'),
  response: z.looseObject({ clientDataJSON: z.string().max(10_000) }),
});

/** WebAuthn options for the browser (`navigator.credentials`), with the attempt they belong to. */
export const passkeyOptionsSchema = z.object({
  attemptId: z.uuid(),
  options: z.record(z.string(), z.unknown()),
});

const sixDigits = z
  .string()
  .trim()
  .max(12)
  .regex(/^\d{3} ?\d{3}$/, 'must be the six digits');
const recoveryCode = z.string().trim().min(1, 'must not be empty').max(40);
const challengeToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'has expired; sign in again');

export const secondStepBodySchema = z
  .object({
    challenge: challengeToken,
    code: sixDigits.optional(),
    recoveryCode: recoveryCode.optional(),
    passkey: z.object({ attemptId: z.uuid(), response: webAuthnResponseSchema }).optional(),
  })
  .refine((b) => [b.code, b.recoveryCode, b.passkey].filter((v) => v !== undefined).length === 1, {
    message: 'must give exactly one of code, recoveryCode or passkey',
  });

export const passkeySignInBodySchema = z.object({
  attemptId: z.uuid(),
  response: webAuthnResponseSchema,
});

export const passkeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type Passkey = z.infer<typeof passkeySchema>;

/** Which second factors one has. */
export const secondFactorsSchema = z.object({
  totp: z.boolean(),
  recoveryCodesLeft: z.number().int().nonnegative(),
  passkeys: z.array(passkeySchema),
  /** Whether one's practice requires a second factor of one (staff of a practice that does). */
  required: z.boolean(),
});
export type SecondFactors = z.infer<typeof secondFactorsSchema>;

export const totpSetupSchema = z.object({
  /** The secret in base32, for typing into an app by hand. */
  secret: z.string(),
  /** `otpauth://totp/…`, what the QR code holds. */
  uri: z.string(),
  /** The QR code as an SVG image. */
  qrSvg: z.string(),
});
export type TotpSetup = z.infer<typeof totpSetupSchema>;

export const recoveryCodesSchema = z.object({
  /** Shown once; the server keeps only their hashes. */
  recoveryCodes: z.array(z.string()),
});

export const addPasskeyBodySchema = z.object({
  attemptId: z.uuid(),
  name: humanText({ max: 60 }).pipe(z.string().min(1, 'must not be empty')),
  response: webAuthnResponseSchema,
});

export const stepUpBodySchema = z
  .object({
    code: sixDigits.optional(),
    recoveryCode: recoveryCode.optional(),
    password: z.string().min(1, 'must not be empty').max(200).optional(),
    passkey: z.object({ attemptId: z.uuid(), response: webAuthnResponseSchema }).optional(),
  })
  .refine(
    (b) =>
      [b.code, b.recoveryCode, b.password, b.passkey].filter((v) => v !== undefined).length === 1,
    { message: 'must give exactly one of code, recoveryCode, password or passkey' },
  );

export const stepUpResultSchema = z.object({
  /** Until when sensitive acts are allowed without asking again. */
  confirmedUntil: z.iso.datetime({ offset: true }),
});

/** What a confirmation may be made with: a factor when one has any, else the password. */
export const stepUpMethodsSchema = z.object({ methods: z.array(secondFactorMethodSchema) });

// Every one of these is allowed to someone who must still set up a second factor.
const enrolment = { beforeEnrolment: true } as const;

export const secondFactorRoutes = {
  secondStep: defineRoute({
    method: 'POST',
    path: '/api/auth/second-factor',
    summary:
      'Finish signing in with a code from an authenticator app, a recovery code or a passkey; sets the refresh cookie',
    tags: ['auth'],
    public: true,
    body: secondStepBodySchema,
    response: sessionTokensSchema,
    errors: [401, 429],
  }),
  secondStepPasskeyOptions: defineRoute({
    method: 'POST',
    path: '/api/auth/second-factor/passkey-options',
    summary: 'WebAuthn options for finishing a sign-in with one of the person’s passkeys',
    tags: ['auth'],
    public: true,
    body: z.object({ challenge: challengeToken }),
    response: passkeyOptionsSchema,
    errors: [401, 429],
  }),
  passkeySignInOptions: defineRoute({
    method: 'POST',
    path: '/api/auth/passkey/options',
    summary: 'WebAuthn options for signing in with a passkey alone',
    tags: ['auth'],
    public: true,
    response: passkeyOptionsSchema,
    errors: [429],
  }),
  passkeySignIn: defineRoute({
    method: 'POST',
    path: '/api/auth/passkey',
    summary: 'Sign in with a passkey (it proves both who and that it is them); sets the cookie',
    tags: ['auth'],
    public: true,
    body: passkeySignInBodySchema,
    response: sessionTokensSchema,
    errors: [401, 429],
  }),
  secondFactors: defineRoute({
    method: 'GET',
    path: '/api/account/second-factors',
    summary: 'Which second factors one has, and whether one’s practice requires one',
    tags: ['account'],
    ...enrolment,
    response: secondFactorsSchema,
  }),
  startTotp: defineRoute({
    method: 'POST',
    path: '/api/account/totp',
    summary:
      'Start setting up an authenticator app: a new secret, as a QR code and as text (replaces an unconfirmed one)',
    tags: ['account'],
    ...enrolment,
    response: totpSetupSchema,
    errors: [409],
  }),
  confirmTotp: defineRoute({
    method: 'POST',
    path: '/api/account/totp/confirm',
    summary:
      'Confirm the authenticator app with a code from it; answers new recovery codes, shown once',
    tags: ['account'],
    ...enrolment,
    body: z.object({ code: sixDigits }),
    response: recoveryCodesSchema,
    errors: [409, 429],
  }),
  removeTotp: defineRoute({
    method: 'DELETE',
    path: '/api/account/totp',
    summary: 'Stop using the authenticator app (needs a recent confirmation)',
    tags: ['account'],
    stepUp: true,
    response: secondFactorsSchema,
    errors: [403, 404, 409],
  }),
  newRecoveryCodes: defineRoute({
    method: 'POST',
    path: '/api/account/recovery-codes',
    summary:
      'Replace one’s recovery codes by new ones, shown once; the old ones stop working (needs a recent confirmation)',
    tags: ['account'],
    stepUp: true,
    response: recoveryCodesSchema,
    errors: [403, 409],
  }),
  passkeyRegistrationOptions: defineRoute({
    method: 'POST',
    path: '/api/account/passkeys/options',
    summary: 'WebAuthn options for registering a new passkey',
    tags: ['account'],
    ...enrolment,
    response: passkeyOptionsSchema,
  }),
  addPasskey: defineRoute({
    method: 'POST',
    path: '/api/account/passkeys',
    summary: 'Register a passkey under a name of one’s choosing',
    tags: ['account'],
    ...enrolment,
    body: addPasskeyBodySchema,
    response: secondFactorsSchema,
    status: 201,
    errors: [409],
  }),
  removePasskey: defineRoute({
    method: 'DELETE',
    path: '/api/account/passkeys/:passkeyId',
    summary: 'Remove one of one’s passkeys (needs a recent confirmation)',
    tags: ['account'],
    stepUp: true,
    params: z.object({ passkeyId: z.uuid() }),
    response: secondFactorsSchema,
    errors: [403, 404, 409],
  }),
  stepUpMethods: defineRoute({
    method: 'GET',
    path: '/api/account/step-up',
    summary: 'How one can confirm a sensitive act: with a second factor, or the password',
    tags: ['account'],
    response: stepUpMethodsSchema,
  }),
  stepUpPasskeyOptions: defineRoute({
    method: 'POST',
    path: '/api/account/step-up/passkey-options',
    summary: 'WebAuthn options for confirming a sensitive act with one of one’s passkeys',
    tags: ['account'],
    response: passkeyOptionsSchema,
    errors: [409],
  }),
  stepUp: defineRoute({
    method: 'POST',
    path: '/api/account/step-up',
    summary:
      'Confirm it is still you (second factor, or password for people without one): sensitive acts are allowed for five minutes',
    tags: ['account'],
    body: stepUpBodySchema,
    response: stepUpResultSchema,
    errors: [429],
  }),
} as const;
