import {
  ApiError,
  fieldIssueSchema,
  type AgendaItemBody,
  type FieldIssue,
} from '@hearth/contracts';
import { agendaLimits, isDomainError, validateAgenda, type AgendaProgress } from '@hearth/domain';
import { asSentence, toFormErrors } from '../forms/form-errors';

/** One item as the therapist is typing it: minutes stay text until the agenda is sent. */
export interface DraftItem {
  readonly id: string;
  readonly title: string;
  readonly minutes: string;
  readonly goRound: boolean;
}

/** Where a message shows beside an item: its title, its minutes, or the item as a whole. */
export type ItemField = 'title' | 'minutes' | 'item';

export interface EditorErrors {
  /** By item id, so a message stays with its item when items are moved. */
  readonly items: Readonly<Record<string, Readonly<Partial<Record<ItemField, string>>>>>;
  readonly form: string | null;
}

export interface AgendaEditorState {
  /** The agenda as the API last gave it: what "Reset changes" goes back to. */
  readonly saved: readonly AgendaItemBody[];
  readonly items: readonly DraftItem[];
  /** Numbers the ids of added items ("n1", "n2"…). */
  readonly counter: number;
  readonly errors: EditorErrors;
}

export type AgendaEditorAction =
  | {
      readonly type: 'edit';
      readonly id: string;
      readonly patch: Partial<Pick<DraftItem, 'title' | 'minutes' | 'goRound'>>;
    }
  | { readonly type: 'add' }
  | { readonly type: 'remove'; readonly id: string }
  | { readonly type: 'move'; readonly id: string; readonly by: -1 | 1 }
  | { readonly type: 'reset' }
  /** Start the draft over from a template (still to be saved). */
  | { readonly type: 'replace'; readonly items: readonly AgendaItemBody[] }
  /** The API answered with the agenda (after loading or saving). */
  | { readonly type: 'saved'; readonly items: readonly AgendaItemBody[] }
  | { readonly type: 'failed'; readonly errors: EditorErrors };

/** Minutes a new item starts with. */
export const newItemMinutes = 5;

const noErrors: EditorErrors = { items: {}, form: null };

function toDraft(item: AgendaItemBody): DraftItem {
  return { id: item.id, title: item.title, minutes: String(item.minutes), goRound: item.goRound };
}

export function initialEditorState(items: readonly AgendaItemBody[]): AgendaEditorState {
  return { saved: items, items: items.map(toDraft), counter: 0, errors: noErrors };
}

/** 'n' and the next number whose id no item has yet. */
export function newItemId(
  items: readonly { readonly id: string }[],
  counter: number,
): { id: string; counter: number } {
  const taken = new Set(items.map((item) => item.id));
  let next = counter + 1;
  while (taken.has(`n${next}`)) next += 1;
  return { id: `n${next}`, counter: next };
}

export function agendaEditorReducer(
  state: AgendaEditorState,
  action: AgendaEditorAction,
): AgendaEditorState {
  switch (action.type) {
    case 'edit': {
      const items = state.items.map((item) =>
        item.id === action.id ? { ...item, ...action.patch } : item,
      );
      // What was wrong with a field is no longer known once it is changed.
      const cleared = { ...state.errors.items[action.id] };
      if (action.patch.title !== undefined) delete cleared.title;
      if (action.patch.minutes !== undefined) delete cleared.minutes;
      return {
        ...state,
        items,
        errors: { ...state.errors, items: { ...state.errors.items, [action.id]: cleared } },
      };
    }
    case 'add': {
      if (state.items.length >= agendaLimits.maxItems) return state;
      const { id, counter } = newItemId(state.items, state.counter);
      const item = { id, title: '', minutes: String(newItemMinutes), goRound: false };
      return { ...state, items: [...state.items, item], counter };
    }
    case 'remove': {
      const { [action.id]: _dropped, ...errors } = state.errors.items;
      return {
        ...state,
        items: state.items.filter((item) => item.id !== action.id),
        errors: { ...state.errors, items: errors },
      };
    }
    case 'move': {
      const from = state.items.findIndex((item) => item.id === action.id);
      const to = from + action.by;
      if (from < 0 || to < 0 || to >= state.items.length) return state;
      const items = [...state.items];
      [items[from], items[to]] = [items[to]!, items[from]!];
      return { ...state, items };
    }
    case 'reset':
      return { ...state, items: state.saved.map(toDraft), errors: noErrors };
    case 'replace':
      return { ...state, items: action.items.map(toDraft), errors: noErrors };
    case 'saved':
      return { ...initialEditorState(action.items), counter: state.counter };
    case 'failed':
      return { ...state, errors: action.errors };
  }
}

/** A whole number typed into the minutes box, or NaN for anything else (left to validation). */
export function parseMinutes(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

/** The time boxes that are whole numbers, added up. */
export function draftTotal(items: readonly DraftItem[]): number {
  return items.reduce((sum, item) => {
    const minutes = parseMinutes(item.minutes);
    return Number.isNaN(minutes) ? sum : sum + minutes;
  }, 0);
}

/** The request body's items. */
export function toAgendaItems(items: readonly DraftItem[]): AgendaItemBody[] {
  return items.map((item) => ({
    id: item.id,
    title: item.title.trim(),
    minutes: parseMinutes(item.minutes),
    goRound: item.goRound,
  }));
}

/** True once the draft differs from the saved agenda. */
export function isChanged(state: AgendaEditorState): boolean {
  const draft = toAgendaItems(state.items);
  return (
    draft.length !== state.saved.length ||
    draft.some((item, index) => {
      const saved = state.saved[index]!;
      return (
        item.id !== saved.id ||
        item.title !== saved.title ||
        item.minutes !== saved.minutes ||
        item.goRound !== saved.goRound
      );
    })
  );
}

export interface TotalLine {
  readonly total: number;
  readonly over: number;
  readonly text: string;
}

/** "45 of 50 minutes planned" — or how far the time boxes run past the session's length. */
export function totalLine(total: number, durationMinutes: number): TotalLine {
  const over = Math.max(0, total - durationMinutes);
  const text =
    over > 0
      ? `${total} minutes planned: ${over} ${over === 1 ? 'minute' : 'minutes'} more than the session’s ${durationMinutes}`
      : `${total} of ${durationMinutes} minutes planned`;
  return { total, over, text };
}

/** The item whose work has begun cannot be removed while the session is on it. */
export function isBeingWorkedOn(id: string, progress: AgendaProgress): boolean {
  return progress.finishedAt === null && progress.currentItemId === id;
}

/**
 * Puts each problem beside the item it names ("items.2.minutes" → the third item sent, by id);
 * anything about the agenda as a whole goes to the form.
 */
export function errorsFromIssues(
  issues: readonly FieldIssue[],
  sent: readonly { readonly id: string }[],
): EditorErrors {
  const items: Record<string, Partial<Record<ItemField, string>>> = {};
  const rest: string[] = [];
  for (const issue of issues) {
    const match = /^items\.(\d+)(?:\.(\w+))?/.exec(issue.path);
    const id = match ? sent[Number(match[1])]?.id : undefined;
    if (issue.location === 'body' && match && id !== undefined) {
      const field: ItemField = match[2] === 'title' || match[2] === 'minutes' ? match[2] : 'item';
      const own = (items[id] ??= {});
      own[field] ??= asSentence(issue.message);
    } else {
      rest.push(asSentence(issue.message));
    }
  }
  return { items, form: rest.length > 0 ? rest.join(' ') : null };
}

/** What the shared agenda rules say about the draft, before anything is sent. */
export function checkDraft(items: readonly DraftItem[], durationMinutes: number): EditorErrors {
  try {
    validateAgenda(toAgendaItems(items), durationMinutes);
    return noErrors;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const issues = fieldIssueSchema.array().safeParse(error.details?.['issues']);
    return issues.success
      ? errorsFromIssues(issues.data, items)
      : { items: {}, form: asSentence(error.message) };
  }
}

export function hasErrors(errors: EditorErrors): boolean {
  return (
    errors.form !== null ||
    Object.values(errors.items).some((fields) => Object.keys(fields).length > 0)
  );
}

/** What a refused save says: field problems beside their items, anything else for the form. */
export function errorsFromSave(
  error: unknown,
  sent: readonly { readonly id: string }[],
): EditorErrors {
  if (error instanceof ApiError && error.status === 400) {
    const issues = fieldIssueSchema.array().safeParse(error.details?.['issues']);
    if (issues.success && issues.data.length > 0) return errorsFromIssues(issues.data, sent);
  }
  return { items: {}, form: toFormErrors(error, []).form ?? null };
}

/** The id of the first control with a message, in the order they appear on screen. */
export function firstInvalidControl(
  errors: EditorErrors,
  items: readonly DraftItem[],
  controlId: (id: string, field: 'title' | 'minutes') => string,
): string | null {
  for (const item of items) {
    const own = errors.items[item.id];
    if (own?.title) return controlId(item.id, 'title');
    if (own?.minutes) return controlId(item.id, 'minutes');
    if (own?.item) return controlId(item.id, 'title');
  }
  return null;
}
