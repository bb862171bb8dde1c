import { ApiError } from '@hearth/contracts';
import { agendaNotStarted } from '@hearth/domain';
import { describe, expect, it } from 'vitest';
import {
  agendaEditorReducer,
  checkDraft,
  draftTotal,
  errorsFromSave,
  firstInvalidControl,
  hasErrors,
  initialEditorState,
  isBeingWorkedOn,
  isChanged,
  newItemId,
  parseMinutes,
  toAgendaItems,
  totalLine,
  type AgendaEditorAction,
  type AgendaEditorState,
} from './agenda-editor';

const saved = [
  { id: 'i1', title: 'Check-in', minutes: 10, goRound: true },
  { id: 'i2', title: 'Work on the dispute', minutes: 30, goRound: false },
  { id: 'i3', title: 'Summary', minutes: 10, goRound: false },
];

function run(...actions: AgendaEditorAction[]): AgendaEditorState {
  return actions.reduce(agendaEditorReducer, initialEditorState(saved));
}

const ids = (state: AgendaEditorState) => state.items.map((item) => item.id);

describe('the agenda editor’s draft', () => {
  it('starts as the saved agenda, unchanged, with minutes as text', () => {
    const state = run();
    expect(state.items[0]).toEqual({ id: 'i1', title: 'Check-in', minutes: '10', goRound: true });
    expect(isChanged(state)).toBe(false);
    expect(draftTotal(state.items)).toBe(50);
  });

  it('edits a title, the minutes and the go-round of one item', () => {
    const state = run(
      { type: 'edit', id: 'i2', patch: { title: 'Role play' } },
      { type: 'edit', id: 'i2', patch: { minutes: '25' } },
      { type: 'edit', id: 'i3', patch: { goRound: true } },
    );
    expect(toAgendaItems(state.items)).toEqual([
      saved[0],
      { id: 'i2', title: 'Role play', minutes: 25, goRound: false },
      { id: 'i3', title: 'Summary', minutes: 10, goRound: true },
    ]);
    expect(isChanged(state)).toBe(true);
    expect(draftTotal(state.items)).toBe(45);
  });

  it('adds items at the end with ids no existing item has', () => {
    const state = agendaEditorReducer(
      initialEditorState([...saved, { id: 'n1', title: 'Taken', minutes: 1, goRound: false }]),
      { type: 'add' },
    );
    expect(ids(state)).toEqual(['i1', 'i2', 'i3', 'n1', 'n2']);
    expect(state.items[4]).toEqual({ id: 'n2', title: '', minutes: '5', goRound: false });
    const again = agendaEditorReducer(state, { type: 'add' });
    expect(ids(again).slice(-1)).toEqual(['n3']);
    expect(newItemId([{ id: 'n4' }], 3)).toEqual({ id: 'n5', counter: 5 });
  });

  it('never adds a sixteenth item', () => {
    let state = run();
    for (let k = 0; k < 20; k += 1) state = agendaEditorReducer(state, { type: 'add' });
    expect(state.items).toHaveLength(15);
  });

  it('removes an item and moves items up and down, not past either end', () => {
    expect(ids(run({ type: 'remove', id: 'i2' }))).toEqual(['i1', 'i3']);
    expect(ids(run({ type: 'move', id: 'i3', by: -1 }))).toEqual(['i1', 'i3', 'i2']);
    expect(ids(run({ type: 'move', id: 'i1', by: 1 }))).toEqual(['i2', 'i1', 'i3']);
    expect(ids(run({ type: 'move', id: 'i1', by: -1 }))).toEqual(['i1', 'i2', 'i3']);
    expect(ids(run({ type: 'move', id: 'i3', by: 1 }))).toEqual(['i1', 'i2', 'i3']);
    // Moving an item back where it was is no change at all.
    expect(
      isChanged(run({ type: 'move', id: 'i1', by: 1 }, { type: 'move', id: 'i1', by: -1 })),
    ).toBe(false);
  });

  it('resets to the saved agenda, and a save makes the answer the new saved agenda', () => {
    const edited = run({ type: 'remove', id: 'i1' }, { type: 'add' });
    expect(ids(agendaEditorReducer(edited, { type: 'reset' }))).toEqual(['i1', 'i2', 'i3']);
    const answer = toAgendaItems(edited.items).map((item) => ({ ...item, title: 'x' }));
    const after = agendaEditorReducer(edited, { type: 'saved', items: answer });
    expect(isChanged(after)).toBe(false);
    expect(after.saved).toEqual(answer);
    // Ids handed out before stay handed out.
    expect(ids(agendaEditorReducer(after, { type: 'add' })).slice(-1)).toEqual(['n2']);
  });

  it('clears an item’s message once that field is edited', () => {
    const failed = run({
      type: 'failed',
      errors: { items: { i2: { title: 'Must not be empty', minutes: 'Too long' } }, form: null },
    });
    const edited = agendaEditorReducer(failed, { type: 'edit', id: 'i2', patch: { title: 'A' } });
    expect(edited.errors.items['i2']).toEqual({ minutes: 'Too long' });
    expect(agendaEditorReducer(failed, { type: 'remove', id: 'i2' }).errors.items).toEqual({});
  });
});

describe('totals and minutes', () => {
  it('reads only whole numbers as minutes', () => {
    expect(parseMinutes('12')).toBe(12);
    expect(parseMinutes(' 7 ')).toBe(7);
    expect(parseMinutes('')).toBeNaN();
    expect(parseMinutes('2.5')).toBeNaN();
    expect(parseMinutes('-3')).toBeNaN();
    expect(draftTotal(run({ type: 'edit', id: 'i1', patch: { minutes: '' } }).items)).toBe(40);
  });

  it('says the total against the session, and by how much it runs over', () => {
    expect(totalLine(45, 50)).toEqual({ total: 45, over: 0, text: '45 of 50 minutes planned' });
    expect(totalLine(51, 50).over).toBe(1);
    expect(totalLine(51, 50).text).toBe('51 minutes planned: 1 minute more than the session’s 50');
    expect(totalLine(60, 50).text).toContain('10 minutes more');
  });

  it('knows the item being worked on while the session runs', () => {
    const running = { ...agendaNotStarted, startedAt: 'x', currentItemId: 'i2' };
    expect(isBeingWorkedOn('i2', running)).toBe(true);
    expect(isBeingWorkedOn('i1', running)).toBe(false);
    expect(isBeingWorkedOn('i2', { ...running, finishedAt: 'y' })).toBe(false);
  });
});

describe('checking the draft with the shared agenda rules', () => {
  it('passes a valid agenda', () => {
    expect(hasErrors(checkDraft(run().items, 50))).toBe(false);
  });

  it('puts each problem beside its item, by id', () => {
    const state = run(
      { type: 'edit', id: 'i1', patch: { title: '  ' } },
      { type: 'edit', id: 'i3', patch: { minutes: '0' } },
      { type: 'edit', id: 'i2', patch: { minutes: '' } },
    );
    const errors = checkDraft(state.items, 50);
    expect(errors).toEqual({
      items: {
        i1: { title: 'Must not be empty' },
        i2: { minutes: 'Must be a whole number of minutes from 1 to 120' },
        i3: { minutes: 'Must be a whole number of minutes from 1 to 120' },
      },
      form: null,
    });
    expect(firstInvalidControl(errors, state.items, (id, field) => `${id}-${field}`)).toBe(
      'i1-title',
    );
  });

  it('refuses a total over the session’s length, for the form as a whole', () => {
    const state = run({ type: 'edit', id: 'i2', patch: { minutes: '35' } });
    expect(checkDraft(state.items, 50)).toEqual({
      items: {},
      form: 'The time boxes add up to 55 minutes; the session is 50',
    });
  });
});

describe('a refused save', () => {
  const sent = [{ id: 'i1' }, { id: 'n1' }, { id: 'i3' }];

  it('lands the API’s field errors beside the items that were sent at those places', () => {
    const error = new ApiError(400, 'validation_failed', 'The agenda is not valid', {
      issues: [
        { location: 'body', path: 'items.1.minutes', message: 'must be whole minutes' },
        { location: 'body', path: 'items.2.title', message: 'must not be empty' },
        { location: 'body', path: 'items.0.id', message: 'must not repeat another item’s id' },
        { location: 'body', path: 'items', message: 'must list at most 15 items' },
      ],
    });
    expect(errorsFromSave(error, sent)).toEqual({
      items: {
        n1: { minutes: 'Must be whole minutes' },
        i3: { title: 'Must not be empty' },
        i1: { item: 'Must not repeat another item’s id' },
      },
      form: 'Must list at most 15 items',
    });
  });

  it('shows the API’s message for a refusal and a conflict, and ours for no network', () => {
    const forbidden = new ApiError(403, 'forbidden', 'Only the course’s therapists may do that');
    expect(errorsFromSave(forbidden, sent)).toEqual({
      items: {},
      form: 'Only the course’s therapists may do that',
    });
    const conflict = new ApiError(409, 'conflict', 'The agenda is finished');
    expect(errorsFromSave(conflict, sent).form).toBe('The agenda is finished');
    expect(errorsFromSave(new TypeError('offline'), sent).form).toContain('could not reach');
  });
});

describe('starting from a template', () => {
  it('replaces the draft and clears old messages, until saved or reset', () => {
    const start = initialEditorState([
      { id: 'i1', title: 'Check-in', minutes: 10, goRound: false },
    ]);
    const failed = agendaEditorReducer(start, {
      type: 'failed',
      errors: { items: { i1: { title: 'must not be empty' } }, form: null },
    });
    const replaced = agendaEditorReducer(failed, {
      type: 'replace',
      items: [{ id: 'i1', title: 'Progress on the goals so far', minutes: 20, goRound: false }],
    });
    expect(replaced.items).toEqual([
      { id: 'i1', title: 'Progress on the goals so far', minutes: '20', goRound: false },
    ]);
    expect(replaced.errors).toEqual({ items: {}, form: null });
    expect(agendaEditorReducer(replaced, { type: 'reset' }).items[0]?.title).toBe('Check-in');
  });
});
