import type { WeeklyTimeRow } from '../forms/components/WeeklyTimeRows';
import type {
  CourseFormat,
  FocusArea,
  TherapyRequestBody,
  TherapySetting,
} from '@hearth/contracts';

/** The request form's fields in screen order: focus moves to the first wrong one. */
export const requestFields = [
  'name',
  'email',
  'concern',
  'focusAreas',
  'format',
  'setting',
  'locationId',
  'languages',
  'timeZone',
  'availability',
  'consent',
  'formToken',
] as const;
export type RequestField = (typeof requestFields)[number];

/** Languages offered as choices: those most asked for in London practices. */
export const languageChoices: readonly { tag: string; label: string }[] = [
  { tag: 'en', label: 'English' },
  { tag: 'pl', label: 'Polish' },
  { tag: 'es', label: 'Spanish' },
  { tag: 'pt', label: 'Portuguese' },
  { tag: 'fr', label: 'French' },
  { tag: 'it', label: 'Italian' },
  { tag: 'ro', label: 'Romanian' },
  { tag: 'ar', label: 'Arabic' },
  { tag: 'bn', label: 'Bengali' },
  { tag: 'ur', label: 'Urdu' },
  { tag: 'tr', label: 'Turkish' },
  { tag: 'zh', label: 'Chinese' },
];

/** The choice on the form that means "by video, wherever I am" rather than a location's id. */
export const online = 'online';

/** "By video", "In person at Leeds Wellbeing Centre", "By video or in person at York". */
export function settingText(
  setting: TherapySetting,
  location: { readonly name: string } | null,
): string {
  if (setting === 'remote') return 'By video';
  const place = location ? `in person at ${location.name}` : 'in person';
  return setting === 'either' ? `By video or ${place}` : place[0]!.toUpperCase() + place.slice(1);
}

/** One weekly time as its inputs hold it. */
export type TimeRow = WeeklyTimeRow;

export interface RequestFormValues {
  readonly name: string;
  readonly email: string;
  readonly concern: string;
  readonly focusAreas: readonly FocusArea[];
  readonly format: CourseFormat;
  /** {@link online}, or the id of the location they would come to. */
  readonly place: string;
  /** With a location chosen: sessions by video would do as well. */
  readonly videoToo: boolean;
  readonly languages: readonly string[];
  readonly timeZone: string;
  readonly availability: readonly TimeRow[];
  readonly consent: boolean;
  /** The hidden field people never see; anything in it marks a script. */
  readonly website: string;
}

let nextKey = 0;
export function newTimeRow(weekday = '1', from = '18:00', to = '20:00'): TimeRow {
  nextKey += 1;
  return { key: nextKey, weekday, from, to };
}

export function emptyRequest(timeZone: string): RequestFormValues {
  return {
    name: '',
    email: '',
    concern: '',
    focusAreas: [],
    format: 'individual',
    place: online,
    videoToo: false,
    languages: ['en'],
    timeZone,
    availability: [newTimeRow()],
    consent: false,
    website: '',
  };
}

/** The body the API takes; unticked consent is sent as false so the server names it. */
export function toRequestBody(values: RequestFormValues, formToken: string): TherapyRequestBody {
  return {
    name: values.name,
    email: values.email,
    concern: values.concern,
    focusAreas: [...values.focusAreas],
    format: values.format,
    ...(values.place === online
      ? { setting: 'remote' as const }
      : { setting: values.videoToo ? 'either' : 'in_person', locationId: values.place }),
    languages: languageChoices.map((c) => c.tag).filter((tag) => values.languages.includes(tag)),
    timeZone: values.timeZone,
    availability: values.availability.map((row) => ({
      weekday: Number(row.weekday),
      from: row.from,
      to: row.to,
    })),
    consent: values.consent as true,
    formToken,
    ...(values.website ? { website: values.website } : {}),
  };
}

/** 'YYYY-MM-DD' of the first `weekday` (1 = Monday) at least a week after `today`. */
export function suggestedStartDate(today: Date, weekday: number): string {
  const start = new Date(Date.UTC(today.getFullYear(), today.getMonth(), today.getDate() + 7));
  const current = start.getUTCDay() || 7;
  start.setUTCDate(start.getUTCDate() + ((weekday - current + 7) % 7));
  return start.toISOString().slice(0, 10);
}
