import { z } from 'zod';

/** The body of every error response: `{ error: { code, message, details } }`. */
export const apiErrorBodySchema = z.object({
  error: z.object({
    code: z.string().describe('Stable machine-readable reason, e.g. "validation_failed"'),
    message: z.string().describe('Human-readable explanation, safe to show'),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

/** One problem with one field of a request, as listed in `details.issues` of a 400. */
export const fieldIssueSchema = z.object({
  location: z.enum(['body', 'query', 'params', 'header']),
  path: z
    .string()
    .describe('Dotted path of the field, e.g. "members.0.email"; empty for the whole input'),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof fieldIssueSchema>;
