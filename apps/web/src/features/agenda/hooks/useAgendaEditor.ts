import { useCallback, useEffect, useReducer, useRef, useState, type RefObject } from 'react';
import { agendaRoutes, type Agenda, type AgendaItemBody } from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import {
  agendaEditorReducer,
  checkDraft,
  draftTotal,
  errorsFromSave,
  firstInvalidControl,
  hasErrors,
  initialEditorState,
  isChanged,
  toAgendaItems,
  type AgendaEditorState,
  type DraftItem,
} from '../agenda-editor';

/** Where focus goes once the list has re-rendered, so keyboard users never lose their place. */
type PendingFocus =
  | { readonly kind: 'added' }
  | { readonly kind: 'first' }
  | { readonly kind: 'move'; readonly id: string; readonly by: -1 | 1 }
  | { readonly kind: 'removed'; readonly index: number }
  | { readonly kind: 'errors' };

export interface AgendaEditor {
  readonly state: AgendaEditorState;
  readonly total: number;
  readonly changed: boolean;
  readonly saving: boolean;
  /** Said once a save went through (or that there was nothing to save). */
  readonly note: string | null;
  readonly alertRef: RefObject<HTMLDivElement | null>;
  controlId(id: string, control: 'title' | 'minutes' | 'go-round' | 'up' | 'down'): string;
  edit(id: string, patch: Partial<Pick<DraftItem, 'title' | 'minutes' | 'goRound'>>): void;
  add(): void;
  remove(id: string): void;
  move(id: string, by: -1 | 1): void;
  reset(): void;
  /** Replaces the draft with a template's items. */
  useTemplate(items: readonly AgendaItemBody[]): void;
  save(): Promise<void>;
}

/** The therapist's agenda editor: the draft, checks with the shared rules, and the PUT. */
export function useAgendaEditor(agenda: Agenda, onSaved: (agenda: Agenda) => void): AgendaEditor {
  const client = useApiClient();
  const [state, dispatch] = useReducer(agendaEditorReducer, agenda.items, initialEditorState);
  const [saving, setSaving] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const pending = useRef<PendingFocus | null>(null);
  const busy = useRef(false);

  const controlId = useCallback(
    (id: string, control: 'title' | 'minutes' | 'go-round' | 'up' | 'down') =>
      `agenda-item-${id}-${control}`,
    [],
  );

  useEffect(() => {
    const want = pending.current;
    if (!want) return;
    pending.current = null;
    const focus = (id: string | null) => {
      const element = id ? document.getElementById(id) : null;
      if (element && !(element as HTMLButtonElement).disabled) {
        element.focus();
        return true;
      }
      return false;
    };
    const { items, errors } = state;
    if (want.kind === 'added') {
      const last = items[items.length - 1];
      if (last) focus(controlId(last.id, 'title'));
    }
    // "Reset changes" disables itself: the restored list's start takes focus instead.
    if (want.kind === 'first' && items[0]) focus(controlId(items[0].id, 'title'));
    if (want.kind === 'move') {
      // At the top or bottom the button pressed is disabled: its twin takes focus.
      if (!focus(controlId(want.id, want.by < 0 ? 'up' : 'down'))) {
        focus(controlId(want.id, want.by < 0 ? 'down' : 'up'));
      }
    }
    if (want.kind === 'removed') {
      const next = items[Math.min(want.index, items.length - 1)];
      if (!next || !focus(controlId(next.id, 'title'))) focus('agenda-add-item');
    }
    if (want.kind === 'errors') {
      if (!focus(firstInvalidControl(errors, items, controlId))) alertRef.current?.focus();
    }
  }, [state, controlId]);

  const change = useCallback((action: Parameters<typeof dispatch>[0], focus?: PendingFocus) => {
    pending.current = focus ?? null;
    setNote(null);
    dispatch(action);
  }, []);

  const save = useCallback(async () => {
    if (busy.current) return;
    setNote(null);
    if (!isChanged(state)) {
      dispatch({ type: 'failed', errors: { items: {}, form: null } });
      setNote('There are no changes to save.');
      return;
    }
    const checked = checkDraft(state.items, agenda.durationMinutes);
    if (hasErrors(checked)) {
      pending.current = { kind: 'errors' };
      dispatch({ type: 'failed', errors: checked });
      return;
    }
    const items = toAgendaItems(state.items);
    busy.current = true;
    setSaving(true);
    try {
      const saved = await client.call(agendaRoutes.putAgenda, {
        params: { sessionId: agenda.sessionId },
        body: { items },
      });
      dispatch({ type: 'saved', items: saved.items });
      setNote('Saved. Everyone in the session now sees this agenda.');
      onSaved(saved);
    } catch (error) {
      pending.current = { kind: 'errors' };
      dispatch({ type: 'failed', errors: errorsFromSave(error, items) });
    } finally {
      busy.current = false;
      setSaving(false);
    }
  }, [agenda.durationMinutes, agenda.sessionId, client, onSaved, state]);

  return {
    state,
    total: draftTotal(state.items),
    changed: isChanged(state),
    saving,
    note,
    alertRef,
    controlId,
    edit: (id, patch) => change({ type: 'edit', id, patch }),
    // The reducer picks the new item's id; it is always the last one.
    add: () => change({ type: 'add' }, { kind: 'added' }),
    remove: (id) =>
      change(
        { type: 'remove', id },
        { kind: 'removed', index: state.items.findIndex((item) => item.id === id) },
      ),
    move: (id, by) => change({ type: 'move', id, by }, { kind: 'move', id, by }),
    reset: () => change({ type: 'reset' }, { kind: 'first' }),
    useTemplate: (items) => change({ type: 'replace', items }, { kind: 'first' }),
    save,
  };
}
