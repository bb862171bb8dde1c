import type {
  CourseFormat,
  FocusArea,
  IptPhase,
  MemberRelation,
  RosterStatus,
} from '@hearth/contracts';
import { courseFormatRules } from '@hearth/domain';

export const formatLabels: Record<CourseFormat, string> = {
  individual: 'Individual',
  couple: 'Couple',
  family: 'Family',
  group: 'Group',
};

/** One line each, so a coordinator new to IPT formats can choose without a manual. */
export const formatExplanations: Record<CourseFormat, string> = {
  individual: 'One client and their therapist.',
  couple: 'Two partners working on their relationship together.',
  family: 'Two or more related people, such as partners, parents, children, siblings or carers.',
  group: 'Several clients who do not know each other, usually 6–9, often with a co-therapist.',
};

export const focusAreaLabels: Record<FocusArea, string> = {
  disputes: 'Interpersonal disputes',
  role_transitions: 'Role transitions',
  grief: 'Grief and loss',
  deficits: 'Interpersonal deficits',
};

export const relationLabels: Record<MemberRelation, string> = {
  member: 'Member',
  partner: 'Partner',
  parent: 'Parent',
  child: 'Child',
  sibling: 'Sibling',
  carer: 'Carer',
  other: 'Other',
};

export const rosterStatusLabels: Record<RosterStatus, string> = {
  invited: 'Invited',
  active: 'Active',
  withdrawn: 'Withdrawn',
  waitlisted: 'Waitlisted',
};

export const phaseLabels: Record<IptPhase, string> = {
  initial: 'Initial phase',
  middle: 'Middle phase',
  termination: 'Termination phase',
};

/** ISO weekdays, Monday = 1. */
export const weekdayNames = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;

export function weekdayName(isoWeekday: number): string {
  return weekdayNames[isoWeekday - 1] ?? `Day ${isoWeekday}`;
}

const clients = (n: number) => `${n} ${n === 1 ? 'client' : 'clients'}`;

/** "A couple course has exactly 2 clients." — the domain's rule in words. */
export function capacityText(format: CourseFormat): string {
  const rule = courseFormatRules[format];
  if (format === 'group') {
    return `A group has ${rule.minMembers}–${rule.maxMembers} clients (at most ${rule.defaultMaxMembers} unless you choose otherwise); you can add more later.`;
  }
  const article = format === 'individual' ? 'An' : 'A';
  if (rule.minMembers === rule.maxMembers) {
    return `${article} ${format} course has exactly ${clients(rule.minMembers)}.`;
  }
  return `${article} ${format} course has ${rule.minMembers}–${rule.maxMembers} clients.`;
}

/** "Session 7 of 16 · Middle phase" */
export function sessionHeading(label: string, phase: IptPhase): string {
  return `${label} · ${phaseLabels[phase]}`;
}
