import { z } from 'zod';
import { defineRoute } from '../http/route';

export const livenessSchema = z.object({ status: z.literal('live') });

export const dependencyCheckSchema = z.object({
  status: z.enum(['up', 'down']),
  latencyMs: z.number().nonnegative().optional(),
});

export const readinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({
    database: dependencyCheckSchema,
    /** The media server: how many mediasoup workers run (of how many configured). */
    media: z.object({
      status: z.enum(['up', 'down']),
      workers: z.number().int().nonnegative(),
      configured: z.number().int().positive(),
    }),
    /**
     * Redis, when REDIS_URL links several nodes: a node that cannot reach it cannot renew its
     * session leases, so it must not take new people (absent on a single node).
     */
    redis: dependencyCheckSchema.optional(),
  }),
});
export type Readiness = z.infer<typeof readinessSchema>;

export const healthRoutes = {
  live: defineRoute({
    method: 'GET',
    path: '/health/live',
    summary: 'Liveness: the process is up and serving requests',
    tags: ['health'],
    public: true,
    response: livenessSchema,
  }),
  ready: defineRoute({
    method: 'GET',
    path: '/health/ready',
    summary:
      'Readiness: the database answers and a media worker runs; 503 with the same body when not',
    tags: ['health'],
    public: true,
    response: readinessSchema,
    errors: [503],
  }),
} as const;
