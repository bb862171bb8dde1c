import { useState, type FormEvent } from 'react';
import type { Agenda } from '@hearth/contracts';
import { agendaLimits, groupMeetingTemplate, type GroupMeeting } from '@hearth/domain';
import { FormAlert } from '../../forms/components/FormAlert';
import { TextField } from '../../forms/components/TextField';
import { isBeingWorkedOn, totalLine } from '../agenda-editor';
import { useAgendaEditor } from '../hooks/useAgendaEditor';
import './agenda.css';

/**
 * The session's therapists edit its agenda: titles, time boxes, go-rounds, order, items added
 * and removed. The shared rules check it before it is sent; the API has the last word.
 */
export function AgendaEditor({
  agenda,
  onSaved,
}: {
  agenda: Agenda;
  onSaved: (agenda: Agenda) => void;
}) {
  const editor = useAgendaEditor(agenda, onSaved);
  const { state, controlId } = editor;
  const total = totalLine(editor.total, agenda.durationMinutes);
  const full = state.items.length >= agendaLimits.maxItems;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void editor.save();
  };

  return (
    <form
      className="panel form agenda-editor"
      aria-labelledby="agenda-editor-heading"
      onSubmit={onSubmit}
      noValidate
    >
      <h2 id="agenda-editor-heading">Edit the agenda</h2>
      <p className="muted">
        Saved changes reach everyone’s agenda at once, during the session too.
      </p>
      {agenda.progress.startedAt === null ? (
        <TemplatePicker
          onUse={(meeting) =>
            editor.useTemplate(groupMeetingTemplate(meeting, agenda.durationMinutes))
          }
        />
      ) : null}
      <ol className="agenda-editor__items">
        {state.items.map((item, index) => {
          const errors = state.errors.items[item.id] ?? {};
          const current = isBeingWorkedOn(item.id, agenda.progress);
          const number = index + 1;
          return (
            <li key={item.id}>
              <fieldset
                className="agenda-editor__item"
                data-invalid={Object.keys(errors).length > 0 ? true : undefined}
              >
                <legend>
                  Item {number}
                  {current ? ' (being worked on now)' : ''}
                </legend>
                {errors.item ? (
                  <p className="field__error">
                    <span className="visually-hidden">Error: </span>
                    {errors.item}
                  </p>
                ) : null}
                <div className="agenda-editor__fields">
                  <TextField
                    id={controlId(item.id, 'title')}
                    label="Title"
                    value={item.title}
                    maxLength={agendaLimits.titleMaxLength}
                    onChange={(event) => editor.edit(item.id, { title: event.target.value })}
                    error={errors.title}
                  />
                  <TextField
                    id={controlId(item.id, 'minutes')}
                    label="Minutes"
                    type="number"
                    inputMode="numeric"
                    min={agendaLimits.minMinutes}
                    max={agendaLimits.maxMinutes}
                    step={1}
                    className="agenda-editor__minutes"
                    value={item.minutes}
                    onChange={(event) => editor.edit(item.id, { minutes: event.target.value })}
                    error={errors.minutes}
                  />
                </div>
                <div className="choice">
                  <input
                    id={controlId(item.id, 'go-round')}
                    type="checkbox"
                    checked={item.goRound}
                    onChange={(event) => editor.edit(item.id, { goRound: event.target.checked })}
                  />
                  <label htmlFor={controlId(item.id, 'go-round')}>
                    Go-round: every client takes a turn
                  </label>
                </div>
                <div className="agenda-editor__actions">
                  <button
                    id={controlId(item.id, 'up')}
                    type="button"
                    className="button button--secondary button--small"
                    disabled={index === 0}
                    aria-label={`Move up item ${number}`}
                    onClick={() => editor.move(item.id, -1)}
                  >
                    Move up
                  </button>
                  <button
                    id={controlId(item.id, 'down')}
                    type="button"
                    className="button button--secondary button--small"
                    disabled={index === state.items.length - 1}
                    aria-label={`Move down item ${number}`}
                    onClick={() => editor.move(item.id, 1)}
                  >
                    Move down
                  </button>
                  {current ? (
                    <span className="muted">In progress: move on before removing it.</span>
                  ) : (
                    <button
                      type="button"
                      className="button button--danger button--small"
                      disabled={state.items.length === 1}
                      aria-label={`Remove item ${number}`}
                      onClick={() => editor.remove(item.id)}
                    >
                      Remove
                    </button>
                  )}
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div className="agenda-editor__add">
        <button
          id="agenda-add-item"
          type="button"
          className="button button--secondary"
          disabled={full}
          aria-describedby={full ? 'agenda-add-item-hint' : undefined}
          onClick={editor.add}
        >
          Add an item
        </button>
        {full ? (
          <span id="agenda-add-item-hint" className="muted">
            An agenda has at most {agendaLimits.maxItems} items.
          </span>
        ) : null}
      </div>
      <p className="agenda-page__total" data-over={total.over > 0 ? true : undefined}>
        Total: {total.text}
      </p>
      {/* Always rendered, so the warning is announced the moment the total runs over. */}
      <p className="agenda-editor__warning" role="status">
        {total.over > 0
          ? `Over the session’s length by ${total.over} ${total.over === 1 ? 'minute' : 'minutes'}: shorten or remove items before saving.`
          : ''}
      </p>
      <FormAlert message={state.errors.form ?? undefined} alertRef={editor.alertRef} />
      <div className="agenda-editor__buttons">
        <button className="button" type="submit" disabled={editor.saving}>
          {editor.saving ? 'Saving…' : 'Save'}
        </button>
        <button
          className="button button--secondary"
          type="button"
          disabled={!editor.changed || editor.saving}
          onClick={editor.reset}
        >
          Reset changes
        </button>
      </div>
      <p role="status" className="agenda-editor__note">
        {editor.note ?? ''}
      </p>
    </form>
  );
}

const meetings: { value: GroupMeeting; label: string }[] = [
  { value: 'pre_group', label: 'Group IPT: individual pre-group meeting' },
  { value: 'mid_point', label: 'Group IPT: individual mid-point meeting' },
  { value: 'post_group', label: 'Group IPT: individual post-group meeting' },
];

/**
 * Group IPT adds individual meetings with each member before, half-way through and after the
 * group; when one is held as a session, its agenda starts from that meeting's template.
 */
function TemplatePicker({ onUse }: { onUse: (meeting: GroupMeeting) => void }) {
  const [meeting, setMeeting] = useState<GroupMeeting>('pre_group');
  return (
    <div className="agenda-editor__template">
      <label htmlFor="agenda-template">Start from a template</label>
      <select
        id="agenda-template"
        value={meeting}
        onChange={(event) => setMeeting(event.target.value as GroupMeeting)}
      >
        {meetings.map((m) => (
          <option key={m.value} value={m.value}>
            {m.label}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={() => onUse(meeting)}
      >
        Use this template
      </button>
    </div>
  );
}
