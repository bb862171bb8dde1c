import { type AvailabilityWindow } from '../profiles/availability';
import { courseFormatRules, type CourseFormat, type FocusArea } from '../scheduling/course-format';
import {
  fitsAvailability,
  sharedSlots,
  type PartOfDay,
  type SharedSlot,
} from './availability-overlap';
import { type TherapySetting } from '../vocabulary';

export { therapySettings, type TherapySetting } from '../vocabulary';

/** What a person asked for, as the ranking needs it. */
export interface MatchRequest {
  readonly format: CourseFormat;
  /** IPT focus areas they recognise; empty when they are not sure. */
  readonly focusAreas: readonly FocusArea[];
  readonly setting: TherapySetting;
  /**
   * The practice's location they would come to (with 'in_person' or 'either'); null for remote,
   * or when the location they chose is no longer offered.
   */
  readonly location: { readonly id: string; readonly name: string } | null;
  /** Language tags they can have therapy in (any one will do). */
  readonly languages: readonly string[];
  readonly timeZone: string;
  /** Weekly windows in the requester's own time zone. */
  readonly availability: readonly AvailabilityWindow[];
}

/** A therapist of the practice with their profile and how many courses they run now. */
export interface TherapistCandidate {
  readonly personId: string;
  readonly displayName: string;
  readonly timeZone: string;
  readonly formats: readonly CourseFormat[];
  readonly focusAreas: readonly FocusArea[];
  readonly languages: readonly string[];
  readonly remote: boolean;
  /** The practice's locations where they see clients in person. */
  readonly inPersonLocationIds: readonly string[];
  /** Weekly windows in the therapist's own time zone. */
  readonly availability: readonly AvailabilityWindow[];
  /** Courses they run or co-run that still have sessions ahead. */
  readonly caseload: number;
}

/** An IPT group that has not started yet. */
export interface GroupCandidate {
  readonly courseId: string;
  readonly title: string;
  readonly therapistId: string;
  readonly therapistName: string;
  readonly focusAreas: readonly FocusArea[];
  /** Languages the group can be run in: those its therapists speak. */
  readonly languages: readonly string[];
  readonly firstSessionAt: Date;
  readonly durationMinutes: number;
  readonly maxMembers: number;
  /** Invited and active members. */
  readonly heldPlaces: number;
}

/** One ranked suggestion with the reasons for it and against it. */
export type Match =
  | (MatchBase & {
      readonly kind: 'therapist';
      readonly therapistId: string;
      readonly displayName: string;
      /** The first shared time, on the requester's clock: a starting point for the course. */
      readonly suggestedSlot: { readonly weekday: number; readonly localTime: string } | null;
    })
  | (MatchBase & {
      readonly kind: 'group';
      readonly courseId: string;
      readonly title: string;
      readonly therapistId: string;
      readonly displayName: string;
      readonly firstSessionAt: Date;
      readonly placesLeft: number;
    });

interface MatchBase {
  readonly rank: number;
  /** 0–100: focus 30 + times 30 + caseload or places 20 + setting or start date 20. */
  readonly score: number;
  readonly reasons: readonly string[];
  readonly cautions: readonly string[];
}

/** Above this many current courses a therapist is not offered new clients. */
export const therapistCaseloadLimit = 20;

/** A group starting later than this many days ahead earns no points for its start date. */
const groupStartHorizonDays = 90;

const focusLabels: Record<FocusArea, string> = {
  disputes: 'interpersonal disputes',
  role_transitions: 'role transitions',
  grief: 'grief and loss',
  deficits: 'interpersonal deficits',
};

const formatPhrases: Record<CourseFormat, string> = {
  individual: 'runs individual IPT',
  couple: 'runs couple IPT',
  family: 'runs family IPT',
  group: 'runs group IPT',
};

// Language tags compare case-insensitively, and 'pt' serves someone who asked for 'pt-BR'.
const base = (tag: string) => tag.toLowerCase().split('-')[0]!;

function sharedLanguages(wanted: readonly string[], offered: readonly string[]): string[] {
  const bases = new Set(offered.map(base));
  return wanted.filter((tag) => bases.has(base(tag)));
}

function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

const list = (items: readonly string[]) =>
  items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;

/** Points and words for how well the offered focus areas cover the requested ones (0–30). */
function focusFit(
  wanted: readonly FocusArea[],
  offered: readonly FocusArea[],
  subject: string,
): { points: number; reasons: string[]; cautions: string[] } {
  if (wanted.length === 0) {
    return { points: 15, reasons: [], cautions: [] };
  }
  const covered = wanted.filter((area) => offered.includes(area));
  const missing = wanted.filter((area) => !offered.includes(area));
  return {
    points: Math.round((30 * covered.length) / wanted.length),
    reasons: covered.length ? [`${subject} ${list(covered.map((a) => focusLabels[a]))}`] : [],
    cautions: missing.length ? [`no focus on ${list(missing.map((a) => focusLabels[a]))}`] : [],
  };
}

function slotWords(slots: readonly SharedSlot[]): string {
  const counts = new Map<PartOfDay, number>();
  for (const slot of slots) counts.set(slot.partOfDay, (counts.get(slot.partOfDay) ?? 0) + 1);
  const n = slots.length;
  const noun = n === 1 ? 'slot' : 'slots';
  if (counts.size === 1) return `${n} shared ${[...counts.keys()][0]!} ${noun} a week`;
  const parts = (['morning', 'afternoon', 'evening'] as const)
    .filter((p) => counts.has(p))
    .map((p) => `${counts.get(p)!} ${p}`);
  return `${n} shared ${noun} a week (${list(parts)})`;
}

function settingFit(
  request: MatchRequest,
  t: TherapistCandidate,
): { ok: boolean; points: number; reason: string } {
  const place = request.setting === 'remote' ? null : request.location;
  const inPerson = place !== null && t.inPersonLocationIds.includes(place.id);
  const remote = t.remote && request.setting !== 'in_person';
  if (!inPerson && !remote) return { ok: false, points: 0, reason: '' };
  // Someone who can go either way is best served by a therapist who offers both.
  if (inPerson && remote) {
    return { ok: true, points: 20, reason: `remote or in person at ${place.name}` };
  }
  if (inPerson)
    return {
      ok: true,
      points: request.setting === 'either' ? 15 : 20,
      reason: `in person at ${place.name}`,
    };
  return {
    ok: true,
    points: request.setting === 'either' ? 15 : 20,
    reason: 'sees clients remotely',
  };
}

/**
 * Ranks the practice's therapists (for an individual, couple or family request) or its upcoming
 * groups (for a group request) for one request. Pure and deterministic: the same inputs and
 * `asOf` always give the same list in the same order.
 *
 * Hard filters — a candidate is left out when any fails:
 * - therapist: offers the format; speaks one of the requested languages; sees people the way
 *   they asked (remote, or in person at the location chosen); has fewer than {@link therapistCaseloadLimit}
 *   current courses;
 * - group: is a group course whose first session is after `asOf`; one of its therapists speaks a
 *   requested language; the request is not for in-person only (groups meet by video). A full
 *   group stays in, as a waitlist place, with a caution.
 *
 * Score (0–100, whole points):
 * - focus 0–30: the share of the requested IPT focus areas the therapist (or group) works on;
 *   15 when the requester was not sure;
 * - times 0–30: therapist — 10 per weekly time both are free for a whole session (computed in
 *   real instants across both time zones), at most 3; group — 30 when its sessions fall inside
 *   the requester's windows, 0 otherwise;
 * - load 0–20: therapist — 20 scaled down by their current courses towards the limit;
 *   group — 20 with a place free, 0 when only the waitlist is left;
 * - therapist setting 15–20: 20 when it is exactly what was asked (or both, for "either");
 *   group start 0–20: 20 starting within 14 days, falling linearly to 0 at 90 days.
 *
 * Ties are broken, in order, by: therapists — fewer current courses, then display name (by code
 * point), then person id; groups — earlier first session, then more places left, then course id.
 */
export function rankMatches(
  request: MatchRequest,
  candidates: { therapists: readonly TherapistCandidate[]; groups: readonly GroupCandidate[] },
  asOf: Date,
): Match[] {
  return request.format === 'group'
    ? rankGroups(request, candidates.groups, asOf)
    : rankTherapists(request, candidates.therapists, asOf);
}

function rankTherapists(
  request: MatchRequest,
  therapists: readonly TherapistCandidate[],
  asOf: Date,
): Match[] {
  const minutes = courseFormatRules[request.format].defaultDurationMinutes;
  const scored = therapists.flatMap((t) => {
    const languages = sharedLanguages(request.languages, t.languages);
    const setting = settingFit(request, t);
    if (
      !t.formats.includes(request.format) ||
      languages.length === 0 ||
      !setting.ok ||
      t.caseload >= therapistCaseloadLimit
    ) {
      return [];
    }
    const focus = focusFit(request.focusAreas, t.focusAreas, 'works with');
    const slots = sharedSlots(
      { timeZone: request.timeZone, windows: request.availability },
      { timeZone: t.timeZone, windows: t.availability },
      asOf,
      minutes,
    );
    const timePoints = Math.min(3, slots.length) * 10;
    const loadPoints = Math.round(20 * (1 - t.caseload / therapistCaseloadLimit));
    const reasons = [
      formatPhrases[request.format],
      ...focus.reasons,
      ...(slots.length ? [slotWords(slots)] : []),
      setting.reason,
      `speaks ${list(languages.map(languageName))}`,
      t.caseload === 0
        ? 'no current courses'
        : `${t.caseload} current ${t.caseload === 1 ? 'course' : 'courses'}`,
    ];
    const cautions = [...focus.cautions, ...(slots.length ? [] : ['no shared times this week'])];
    const first = slots[0];
    return [
      {
        kind: 'therapist' as const,
        therapistId: t.personId,
        displayName: t.displayName,
        suggestedSlot: first ? { weekday: first.weekday, localTime: first.localTime } : null,
        score: focus.points + timePoints + loadPoints + setting.points,
        reasons,
        cautions,
        caseload: t.caseload,
      },
    ];
  });
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      a.caseload - b.caseload ||
      byCodePoint(a.displayName, b.displayName) ||
      byCodePoint(a.therapistId, b.therapistId),
  );
  return scored.map(({ caseload: _caseload, ...match }, index) => ({ ...match, rank: index + 1 }));
}

function rankGroups(request: MatchRequest, groups: readonly GroupCandidate[], asOf: Date): Match[] {
  if (request.setting === 'in_person') return [];
  const scored = groups.flatMap((g) => {
    const languages = sharedLanguages(request.languages, g.languages);
    if (g.firstSessionAt.getTime() <= asOf.getTime() || languages.length === 0) return [];
    const focus = focusFit(request.focusAreas, g.focusAreas, 'focuses on');
    const fits = fitsAvailability(
      { timeZone: request.timeZone, windows: request.availability },
      g.firstSessionAt,
      g.durationMinutes,
    );
    const placesLeft = Math.max(0, g.maxMembers - g.heldPlaces);
    const daysAway = (g.firstSessionAt.getTime() - asOf.getTime()) / 86_400_000;
    const startPoints =
      daysAway <= 14
        ? 20
        : Math.max(
            0,
            Math.round((20 * (groupStartHorizonDays - daysAway)) / (groupStartHorizonDays - 14)),
          );
    const when = whenOnRequesterClock(request.timeZone, g.firstSessionAt);
    const reasons = [
      'runs group IPT',
      ...focus.reasons,
      ...(fits ? [`meets ${when}, inside your availability`] : []),
      `starts ${dateWords(request.timeZone, g.firstSessionAt)}`,
      `speaks ${list(languages.map(languageName))}`,
      ...(placesLeft > 0
        ? [`${placesLeft} of ${g.maxMembers} ${g.maxMembers === 1 ? 'place' : 'places'} left`]
        : []),
    ];
    const cautions = [
      ...focus.cautions,
      ...(fits ? [] : [`meets ${when}, outside the times given`]),
      ...(placesLeft > 0 ? [] : ['full: would join the waitlist']),
    ];
    return [
      {
        kind: 'group' as const,
        courseId: g.courseId,
        title: g.title,
        therapistId: g.therapistId,
        displayName: g.therapistName,
        firstSessionAt: g.firstSessionAt,
        placesLeft,
        score: focus.points + (fits ? 30 : 0) + (placesLeft > 0 ? 20 : 0) + startPoints,
        reasons,
        cautions,
      },
    ];
  });
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      a.firstSessionAt.getTime() - b.firstSessionAt.getTime() ||
      b.placesLeft - a.placesLeft ||
      byCodePoint(a.courseId, b.courseId),
  );
  return scored.map((match, index) => ({ ...match, rank: index + 1 }));
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function whenOnRequesterClock(timeZone: string, at: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('weekday')}s at ${get('hour')}:${get('minute')} your time`;
}

function dateWords(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(at);
}
