import { z } from 'zod';
import { defineRoute } from '../http/route';

export const mailKindSchema = z.enum([
  'invitation',
  'password_reset',
  'email_verification',
  'email_changed',
  'reminder',
  'sign_in_alert',
  'sign_up',
]);
export type MailKind = z.infer<typeof mailKindSchema>;

/** An email the mail server has not taken: still being retried, or given up. */
export const mailProblemSchema = z.object({
  id: z.uuid(),
  kind: mailKindSchema,
  to: z.string(),
  subject: z.string(),
  status: z.enum(['retrying', 'failed']),
  attempts: z.number().int().nonnegative(),
  /** The mail server's reply code or the connection error, never its text. */
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  lastAttemptAt: z.iso.datetime({ offset: true }).nullable(),
  /** When the next attempt is due; null once given up. */
  nextAttemptAt: z.iso.datetime({ offset: true }).nullable(),
});
export type MailProblem = z.infer<typeof mailProblemSchema>;

export const mailDeliverySchema = z.object({
  /** Whether an SMTP server is configured; without one, email is only noted in the log. */
  delivers: z.boolean(),
  /** Messages of the last 30 days not yet delivered, newest first. */
  problems: z.array(mailProblemSchema),
});
export type MailDelivery = z.infer<typeof mailDeliverySchema>;

export const mailRoutes = {
  mailDelivery: defineRoute({
    method: 'GET',
    path: '/api/mail/delivery',
    summary:
      "Whether email leaves this install, and the practice's emails the mail server has not taken (coordinators only)",
    tags: ['mail'],
    roles: ['coordinator'],
    response: mailDeliverySchema,
    errors: [403],
  }),
  retryMail: defineRoute({
    method: 'POST',
    path: '/api/mail/:mailId/retry',
    summary: 'Try an email that is waiting for its next attempt again now (coordinators only)',
    tags: ['mail'],
    roles: ['coordinator'],
    params: z.object({ mailId: z.uuid() }),
    response: z.object({ problem: mailProblemSchema.nullable() }),
    errors: [403, 404, 409],
  }),
} as const;
