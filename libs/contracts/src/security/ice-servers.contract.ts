import { z } from 'zod';
import { defineRoute } from '../http/route';

/** One entry of `RTCConfiguration.iceServers`, as the browser takes it. */
export const iceServerSchema = z.object({
  urls: z.array(z.string()),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof iceServerSchema>;

export const iceServersSchema = z.object({
  /** Empty when the practice runs no TURN server (the SFU's own addresses then suffice). */
  iceServers: z.array(iceServerSchema),
  /** When the TURN credentials stop working; ask again before then. Null without TURN. */
  expiresAt: z.iso.datetime({ offset: true }).nullable(),
});
export type IceServers = z.infer<typeof iceServersSchema>;

export const iceServerRoutes = {
  iceServers: defineRoute({
    method: 'GET',
    path: '/api/ice-servers',
    summary:
      'TURN servers for the signed-in person, with short-lived credentials, for browsers behind restrictive networks',
    tags: ['live'],
    response: iceServersSchema,
  }),
} as const;
