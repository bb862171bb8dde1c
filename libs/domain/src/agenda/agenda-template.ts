import { DomainError } from '../errors/domain-error';
import type { CourseFormat, FocusArea } from '../scheduling/course-format';
import { midpointSession, phaseOf, phaseSplit, type IptPhase } from '../scheduling/ipt-phases';

/** One item of a session's agenda. */
export interface AgendaItem {
  /** Stable within the agenda ("i1", "i2"…), so progress survives edits of other items. */
  readonly id: string;
  readonly title: string;
  /** The time box. */
  readonly minutes: number;
  /** Every client takes a turn (a go-round), in roster order. */
  readonly goRound: boolean;
}

/** Limits of an agenda, checked on every edit. */
export const agendaLimits = {
  maxItems: 15,
  titleMaxLength: 80,
  minMinutes: 1,
  maxMinutes: 120,
} as const;

/** The individual meetings group IPT adds around the group sessions. */
export type GroupMeeting = 'pre_group' | 'mid_point' | 'post_group';

/** What a session's template depends on. */
export interface AgendaTemplateInput {
  readonly format: CourseFormat;
  readonly focusAreas: readonly FocusArea[];
  readonly sessionNumber: number;
  readonly sessionCount: number;
  readonly durationMinutes: number;
}

/** An item before its time box is fitted to the session length: `weight` shares of the time. */
interface Draft {
  readonly title: string;
  readonly weight: number;
  readonly goRound?: boolean;
}

const focusWork: Record<FocusArea, string> = {
  disputes: 'Work on the dispute: stage, expectations, options',
  role_transitions: 'Work on the role transition: old role, new role, skills and support',
  grief: 'Work on grief: the relationship and the loss, re-engaging with others',
  deficits: 'Work on isolation: past relationships and new connections',
};

/**
 * The agenda a session starts from, by IPT phase (from its number in the course), format and the
 * course's focus areas, with time boxes fitted to the session's length. In groups, couples and
 * families the opening and closing rounds are go-rounds.
 */
export function agendaTemplate(input: AgendaTemplateInput): AgendaItem[] {
  const { format, focusAreas, sessionNumber, sessionCount, durationMinutes } = input;
  const phase = phaseOf(sessionNumber, sessionCount);
  const together = format !== 'individual';
  const drafts = phaseDrafts(phase, {
    together,
    focusAreas,
    first: sessionNumber === 1,
    lastOfInitial: sessionNumber === phaseSplit(sessionCount).initial[1],
    midpoint: sessionNumber === midpointSession(sessionCount),
    last: sessionNumber === sessionCount,
  });
  return fitTimeBoxes(drafts, durationMinutes);
}

/** The agenda of one of group IPT's individual meetings with a member. */
export function groupMeetingTemplate(meeting: GroupMeeting, durationMinutes: number): AgendaItem[] {
  const drafts: Record<GroupMeeting, Draft[]> = {
    pre_group: [
      { title: 'Symptom review and the sick role', weight: 3 },
      { title: 'Interpersonal inventory', weight: 4 },
      { title: 'Agreeing a focus and goals for the group', weight: 3 },
      { title: 'What to expect in the group', weight: 2 },
    ],
    mid_point: [
      { title: 'Progress on the goals so far', weight: 4 },
      { title: 'What is and is not working in the group', weight: 3 },
      { title: 'Goals for the second half', weight: 3 },
    ],
    post_group: [
      { title: 'Symptom review against the start', weight: 3 },
      { title: 'What changed and how', weight: 3 },
      { title: 'Relapse-prevention plan and warning signs', weight: 3 },
      { title: 'Further help if needed', weight: 2 },
    ],
  };
  return fitTimeBoxes(drafts[meeting], durationMinutes);
}

function phaseDrafts(
  phase: IptPhase,
  at: {
    together: boolean;
    focusAreas: readonly FocusArea[];
    first: boolean;
    lastOfInitial: boolean;
    midpoint: boolean;
    last: boolean;
  },
): Draft[] {
  const round = at.together;
  if (phase === 'initial') {
    if (at.first) {
      return [
        { title: 'Welcome and introductions', weight: 2, goRound: round },
        { title: 'Symptom review', weight: 3 },
        { title: 'The sick role', weight: 2 },
        { title: 'Interpersonal inventory: important people', weight: 4 },
        { title: 'Summary and next steps', weight: 1 },
      ];
    }
    if (at.lastOfInitial) {
      return [
        { title: 'Check-in: mood and the week', weight: 2, goRound: round },
        { title: 'Interpersonal inventory: review', weight: 3 },
        { title: 'Agreeing the focus and goals', weight: 4 },
        { title: 'What the middle sessions will look like', weight: 2 },
        { title: 'Summary and next steps', weight: 1 },
      ];
    }
    return [
      { title: 'Check-in: mood and the week', weight: 2, goRound: round },
      { title: 'Symptom review', weight: 2 },
      { title: 'Interpersonal inventory', weight: 5 },
      { title: 'Linking symptoms to relationships', weight: 2 },
      { title: 'Summary and next steps', weight: 1 },
    ];
  }
  if (phase === 'middle') {
    const drafts: Draft[] = [{ title: 'Check-in: mood and the week', weight: 2, goRound: round }];
    if (at.midpoint) drafts.push({ title: 'Mid-point review of goals', weight: 2, goRound: round });
    for (const area of at.focusAreas.length > 0 ? at.focusAreas : (['disputes'] as const)) {
      drafts.push({ title: focusWork[area], weight: 6 / Math.max(1, at.focusAreas.length) });
    }
    drafts.push({ title: 'Communication analysis or role play', weight: 3 });
    drafts.push({ title: 'Summary and practice for the week', weight: 1 });
    return drafts;
  }
  if (at.last) {
    return [
      { title: 'Check-in: mood and the week', weight: 1, goRound: round },
      { title: 'Progress review: what changed', weight: 3, goRound: round },
      { title: 'Relapse-prevention plan', weight: 3 },
      { title: 'Goodbye round', weight: 3, goRound: round },
    ];
  }
  return [
    { title: 'Check-in: mood and the week', weight: 2, goRound: round },
    { title: 'Progress review: what changed', weight: 3 },
    { title: 'Relapse-prevention plan and warning signs', weight: 3 },
    { title: 'Feelings about ending', weight: 2 },
    { title: 'Summary and next steps', weight: 1 },
  ];
}

/**
 * Time boxes from weights: whole minutes, at least one each, summing to the session length
 * (largest remainders get the spare minutes, earlier items first on a tie).
 */
function fitTimeBoxes(drafts: Draft[], durationMinutes: number): AgendaItem[] {
  const total = drafts.reduce((sum, draft) => sum + draft.weight, 0);
  const exact = drafts.map((draft) => (draft.weight / total) * durationMinutes);
  const minutes = exact.map((m) => Math.max(1, Math.floor(m)));
  let spare = durationMinutes - minutes.reduce((sum, m) => sum + m, 0);
  const byRemainder = exact
    .map((m, index) => ({ index, remainder: m - Math.floor(m) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (let k = 0; spare > 0; k = (k + 1) % byRemainder.length, spare -= 1) {
    minutes[byRemainder[k]!.index]! += 1;
  }
  return drafts.map((draft, index) => ({
    id: `i${index + 1}`,
    title: draft.title,
    minutes: minutes[index]!,
    goRound: draft.goRound ?? false,
  }));
}

/**
 * Checks an edited agenda: 1–15 items with unique ids, non-empty titles of at most 80
 * characters, whole-minute time boxes of 1–120 and a total within the session's length.
 * Throws `validation_failed` naming every problem.
 */
export function validateAgenda(items: readonly AgendaItem[], durationMinutes: number): void {
  const issues: { location: 'body'; path: string; message: string }[] = [];
  const problem = (path: string, message: string) =>
    issues.push({ location: 'body', path, message });
  if (items.length === 0) problem('items', 'must list at least one item');
  if (items.length > agendaLimits.maxItems) {
    problem('items', `must list at most ${agendaLimits.maxItems} items`);
  }
  const ids = new Set<string>();
  items.forEach((item, index) => {
    if (ids.has(item.id)) problem(`items.${index}.id`, 'must not repeat another item’s id');
    ids.add(item.id);
    const title = item.title.trim();
    if (title.length === 0) problem(`items.${index}.title`, 'must not be empty');
    if (title.length > agendaLimits.titleMaxLength) {
      problem(`items.${index}.title`, `must be at most ${agendaLimits.titleMaxLength} characters`);
    }
    if (
      !Number.isInteger(item.minutes) ||
      item.minutes < agendaLimits.minMinutes ||
      item.minutes > agendaLimits.maxMinutes
    ) {
      problem(
        `items.${index}.minutes`,
        `must be a whole number of minutes from ${agendaLimits.minMinutes} to ${agendaLimits.maxMinutes}`,
      );
    }
  });
  const total = items.reduce(
    (sum, item) => sum + (Number.isFinite(item.minutes) ? item.minutes : 0),
    0,
  );
  if (issues.length === 0 && total > durationMinutes) {
    problem(
      'items',
      `the time boxes add up to ${total} minutes; the session is ${durationMinutes}`,
    );
  }
  if (issues.length > 0) {
    throw new DomainError('validation_failed', 'The agenda is not valid', { issues });
  }
}
