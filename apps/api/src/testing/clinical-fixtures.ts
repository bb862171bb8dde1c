import { type CourseDetail, schedulingRoutes } from '@hearth/contracts';
import { type Actor, type Practice, courseBody } from './scheduling-harness';

/** Tomorrow on London's calendar, with its ISO weekday: a course starting then has session 1 open for check-ins. */
export function tomorrowInLondon(now = new Date()): { date: string; weekday: number } {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
    new Date(now.getTime() + 86_400_000),
  );
  const weekday = ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
  return { date, weekday };
}

export const answers = (item9: number, rest = 1) => ({
  phq9: [rest, rest, rest, rest, rest, rest, rest, rest, item9],
  gad7: [2, 2, 1, 1, 0, 0, 0],
  mood: 6,
});

/** A group course of three active clients, run by a therapist and a co-therapist, starting tomorrow. */
export async function groupCourse(
  practice: Practice,
  people: { therapist: Actor; coTherapist: Actor; clients: Actor[] },
): Promise<CourseDetail> {
  const { date, weekday } = tomorrowInLondon();
  return practice.coordinator.call(schedulingRoutes.createCourse, {
    body: courseBody({
      title: 'Thursday group',
      format: 'group',
      focusAreas: ['grief', 'disputes'],
      therapistId: people.therapist.personId,
      coTherapistId: people.coTherapist.personId,
      maxMembers: 3,
      sessionCount: 12,
      weekday,
      localTime: '10:00',
      startDate: date,
      members: people.clients.map((c) => ({
        personId: c.personId,
        relation: 'member' as const,
        status: 'active' as const,
      })),
    }),
  });
}
