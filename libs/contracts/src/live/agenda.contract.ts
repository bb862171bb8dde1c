import { z } from 'zod';
import { defineRoute } from '../http/route';
import { idParams } from '../primitives';
import { humanText } from '../primitives/text';

export const agendaItemSchema = z.object({
  /** Stable within the agenda; new items get a new id (any short string). */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,20}$/, 'must be 1–20 letters, digits, - or _'),
  title: humanText({ max: 80 }),
  minutes: z.number().int('must be whole minutes').min(1).max(120),
  /** Every client takes a turn. */
  goRound: z.boolean(),
});
export type AgendaItemBody = z.infer<typeof agendaItemSchema>;

export const agendaProgressSchema = z.object({
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  currentItemId: z.string().nullable(),
  itemStartedAt: z.string().nullable(),
  extensions: z.record(z.string(), z.number()),
  turnOrder: z.array(z.uuid()),
  turn: z.number().int().nonnegative(),
});

/** A session's agenda with its progress; timers come from these server times. */
export const agendaSchema = z.object({
  sessionId: z.uuid(),
  durationMinutes: z.number().int().positive(),
  items: z.array(agendaItemSchema),
  progress: agendaProgressSchema,
  /** The server's clock when this was sent: clients correct their own by it. */
  serverNow: z.string(),
});
export type Agenda = z.infer<typeof agendaSchema>;

export const agendaBodySchema = z.object({
  items: z.array(agendaItemSchema).min(1, 'must list at least one item').max(15),
});

export const agendaRoutes = {
  getAgenda: defineRoute({
    method: 'GET',
    path: '/api/sessions/:sessionId/agenda',
    summary:
      "A session's agenda (from its IPT template until a therapist edits it) and how far it has got",
    tags: ['agenda'],
    params: idParams('sessionId'),
    response: agendaSchema,
    errors: [404],
  }),
  putAgenda: defineRoute({
    method: 'PUT',
    path: '/api/sessions/:sessionId/agenda',
    summary: "Edit a session's agenda before or during the session (its therapists)",
    tags: ['agenda'],
    roles: ['therapist'],
    params: idParams('sessionId'),
    body: agendaBodySchema,
    response: agendaSchema,
    errors: [403, 404, 409],
  }),
} as const;
