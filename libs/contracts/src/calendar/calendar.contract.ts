import { z } from 'zod';
import { defineRoute } from '../http/route';

export const calendarFeedSchema = z.object({
  /** Path of the feed (prefix it with the site's address); shown once, only its hash is stored. */
  path: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
});

export const calendarRoutes = {
  createFeed: defineRoute({
    method: 'POST',
    path: '/api/me/calendar-feed',
    summary:
      'Create a secret calendar (ICS) feed of your sessions; any earlier feed address stops working',
    tags: ['calendar'],
    response: calendarFeedSchema,
    status: 201,
  }),
  revokeFeed: defineRoute({
    method: 'DELETE',
    path: '/api/me/calendar-feed',
    summary: 'Stop your calendar feed: its address stops working',
    tags: ['calendar'],
    response: z.object({ revoked: z.boolean() }),
  }),
  feed: defineRoute({
    method: 'GET',
    path: '/api/calendar/:file',
    summary:
      'The calendar feed (text/calendar) of the person the secret address belongs to: their sessions, cancelled ones marked',
    tags: ['calendar'],
    public: true,
    params: z.object({
      file: z.string().regex(/^[A-Za-z0-9_-]{43}\.ics$/, 'is not a calendar feed address'),
    }),
    response: z.string(),
    contentType: 'text/calendar',
    errors: [404],
  }),
} as const;
