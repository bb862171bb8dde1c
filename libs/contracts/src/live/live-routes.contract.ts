import { z } from 'zod';
import { defineRoute } from '../http/route';
import { idParams } from '../primitives';

export const attendanceKindSchema = z.enum([
  'joined',
  'admitted',
  'sent_back',
  'denied',
  'removed',
  'dropped',
  'returned',
  'left',
]);
export type AttendanceKind = z.infer<typeof attendanceKindSchema>;

export const attendanceSchema = z.object({
  sessionId: z.uuid(),
  people: z.array(
    z.object({
      personId: z.uuid(),
      displayName: z.string(),
      /** First time they entered (waiting room or call), null if they never came. */
      firstJoinedAt: z.string().nullable(),
      firstAdmittedAt: z.string().nullable(),
      lastLeftAt: z.string().nullable(),
      events: z.array(z.object({ kind: attendanceKindSchema, at: z.string() })),
    }),
  ),
});
export type Attendance = z.infer<typeof attendanceSchema>;

export const liveSettingsSchema = z.object({
  /** Active roster members skip the waiting room (a locked session still admits nobody new). */
  autoAdmitMembers: z.boolean(),
});
export type LiveSettings = z.infer<typeof liveSettingsSchema>;

/** REST routes around live sessions: attendance and a course's live-room settings. */
export const liveRoutes = {
  getAttendance: defineRoute({
    method: 'GET',
    path: '/api/sessions/:sessionId/attendance',
    summary:
      'Who joined, was admitted and left the live session, and when (therapists, coordinators)',
    tags: ['live'],
    roles: ['therapist', 'coordinator'],
    params: idParams('sessionId'),
    response: attendanceSchema,
    errors: [403, 404],
  }),
  getLiveSettings: defineRoute({
    method: 'GET',
    path: '/api/courses/:courseId/live-settings',
    summary: "The course's live-room settings",
    tags: ['live'],
    roles: ['therapist', 'coordinator'],
    params: idParams('courseId'),
    response: liveSettingsSchema,
    errors: [403, 404],
  }),
  putLiveSettings: defineRoute({
    method: 'PUT',
    path: '/api/courses/:courseId/live-settings',
    summary: "Change the course's live-room settings (its coordinators and therapists)",
    tags: ['live'],
    roles: ['therapist', 'coordinator'],
    params: idParams('courseId'),
    body: liveSettingsSchema,
    response: liveSettingsSchema,
    errors: [403, 404],
  }),
} as const;
