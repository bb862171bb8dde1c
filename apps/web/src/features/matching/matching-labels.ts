import type { Match, TherapyRequestStatus } from '@hearth/contracts';
import { weekdayName } from '../scheduling/scheduling-labels';

export const statusLabels: Record<TherapyRequestStatus, string> = {
  open: 'Open',
  matched: 'Matched',
  declined: 'Declined',
};

export const placementLabels = {
  course: 'a new course',
  roster_place: 'a place in the group',
  waitlist: 'the group’s waitlist',
} as const;

/** "Monday 13:00" on the requester's clock, or nothing when no time is shared. */
export function slotLabel(slot: Match['suggestedSlot']): string | undefined {
  return slot ? `${weekdayName(slot.weekday)} ${slot.localTime}` : undefined;
}

/** The public address of a practice's request form, to share on its website or in emails. */
export function requestFormUrl(origin: string, practiceId: string): string {
  return `${origin}/practices/${encodeURIComponent(practiceId)}/request-therapy`;
}
