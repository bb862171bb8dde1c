import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  courseCreateBodySchema,
  idempotencyKeyHeader,
  schedulingRoutes,
  type CoursePreview,
  type MemberRelation,
  type Person,
} from '@hearth/contracts';
import { memberRelations, sessionCountLimits, sessionDurationLimits } from '@hearth/domain';
import { useApiClient } from '../../../api/useApiClient';
import { coursePath, paths } from '../../../app/paths';
import { FieldError } from '../../forms/components/FieldMessage';
import { FocusAreaChoices, FormatChoices } from '../../forms/components/CourseChoices';
import { FormAlert } from '../../forms/components/FormAlert';
import { SelectField } from '../../forms/components/SelectField';
import { TextField } from '../../forms/components/TextField';
import { TimeZoneField } from '../../forms/components/TimeZoneField';
import { asSentence } from '../../forms/form-errors';
import { useFormSubmit } from '../../forms/hooks/useFormSubmit';
import { usePeople } from '../../people/hooks/usePeople';
import { doubleBookings } from '../../scheduling/conflict-messages';
import { capacityText, relationLabels, weekdayNames } from '../../scheduling/scheduling-labels';
import { useSession } from '../../auth/hooks/useSession';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';
import {
  courseFields,
  defaultRelation,
  initialCourseValues,
  memberIssues,
  newIdempotencyKey,
  peopleWithRole,
  toCourseBody,
  withFormat,
  type CourseFormValues,
} from '../course-form';
import { ChoiceGroup } from '../../ui/ChoiceGroup';
import { SeriesPreview } from './SeriesPreview';

const formId = 'course';

interface ShownPreview {
  readonly preview: CoursePreview;
  /** One key per previewed plan: saving it twice (a double click, a retry) creates one course. */
  readonly key: string;
}

export function CourseBuilderPage() {
  useDocumentTitle('New course');
  const { person } = useSession();
  if (!person) return null;
  if (!person.roles.includes('coordinator')) {
    return (
      <article className="page">
        <h1>New course</h1>
        <p>Only coordinators plan courses. Ask your practice’s coordinator.</p>
      </article>
    );
  }
  return <CourseBuilder me={person} />;
}

function CourseBuilder({ me }: { me: Person }) {
  const client = useApiClient();
  const navigate = useNavigate();
  const people = usePeople();
  // Two submits with their own alerts, each beside its button; field ids are shared, so a
  // failed save still takes focus to the field the API named.
  const check = useFormSubmit(formId, courseFields);
  const save = useFormSubmit(formId, courseFields);
  const [values, setValues] = useState(() => initialCourseValues(new Date(), me.timeZone));
  const [shown, setShown] = useState<ShownPreview | null>(null);
  const [memberErrors, setMemberErrors] = useState<Readonly<Record<string, string>>>({});
  const previewRef = useRef<HTMLElement>(null);

  const everyone = people.kind === 'ready' ? people.people : [];
  const therapists = peopleWithRole(everyone, 'therapist');
  const clients = peopleWithRole(everyone, 'client');
  const nameOf = (id: string) => everyone.find((p) => p.id === id)?.displayName;

  // Any change makes the shown series out of date; it must be previewed again before saving.
  const change = (next: CourseFormValues) => {
    setValues(next);
    setShown(null);
    setMemberErrors({});
  };
  const set = <K extends keyof CourseFormValues>(key: K, value: CourseFormValues[K]) =>
    change({ ...values, [key]: value });

  // A fresh preview takes focus so keyboard and screen-reader users land on the series; a failed
  // save only updates it, and focus stays on the save's alert.
  const focusPreview = useRef(false);
  useEffect(() => {
    if (!shown || !focusPreview.current) return;
    focusPreview.current = false;
    previewRef.current?.focus();
  }, [shown]);

  const fieldError = (field: (typeof courseFields)[number]) =>
    (shown ? save.errors.fields[field] : undefined) ?? check.errors.fields[field];

  const onPreview = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void check.submit(courseCreateBodySchema, toCourseBody(values), async (body) => {
      try {
        const preview = await client.call(schedulingRoutes.previewCourse, { body });
        focusPreview.current = true;
        setShown({ preview, key: newIdempotencyKey() });
      } catch (error) {
        setMemberErrors(memberIssues(error, values.members));
        throw error;
      }
    });
  };

  const onSave = () => {
    if (!shown) return;
    void save.submit(courseCreateBodySchema, toCourseBody(values), async (body) => {
      try {
        const course = await client.call(
          schedulingRoutes.createCourse,
          { body },
          { headers: { [idempotencyKeyHeader]: shown.key } },
        );
        navigate(coursePath(course.id));
      } catch (error) {
        setMemberErrors(memberIssues(error, values.members));
        const conflicts = doubleBookings(error);
        // Nothing was created, so the next attempt is a new request with a key of its own; a
        // clash booked since the preview is shown on the sessions it hits.
        setShown((current) =>
          current
            ? {
                key: newIdempotencyKey(),
                preview:
                  conflicts.length > 0
                    ? {
                        ...current.preview,
                        hasConflicts: true,
                        sessions: current.preview.sessions.map((s) => ({
                          ...s,
                          conflicts: conflicts.filter((c) => c.sessionNumber === s.number),
                        })),
                      }
                    : current.preview,
              }
            : current,
        );
        throw error;
      }
    });
  };

  // The chosen clients in the order they were ticked (the API's errors name them by position);
  // a newly ticked one gets the format's usual relation.
  const chooseClients = (ids: readonly string[]) =>
    set('members', [
      ...values.members.filter((m) => ids.includes(m.personId)),
      ...ids
        .filter((id) => !values.members.some((m) => m.personId === id))
        .map((personId) => ({ personId, relation: defaultRelation(values.format) })),
    ]);

  const setRelation = (personId: string, relation: MemberRelation) =>
    set(
      'members',
      values.members.map((m) => (m.personId === personId ? { ...m, relation } : m)),
    );

  const group = (field: 'format' | 'focusAreas' | 'members') => ({
    id: check.fieldId(field),
    error: fieldError(field),
  });
  const format = group('format');
  const focus = group('focusAreas');
  const members = group('members');

  return (
    <article className="page page--wide">
      <p>
        <Link to={paths.home}>Back to home</Link>
      </p>
      <h1>New course</h1>
      <p className="lead">
        Plan a weekly course, preview every session with any clashes, then save it.
      </p>
      {people.kind === 'loading' ? <p role="status">Loading your practice’s people…</p> : null}
      {people.kind === 'failed' ? (
        <p role="alert">We could not load your practice’s people. {people.message}</p>
      ) : null}
      <form className="form builder" onSubmit={onPreview} noValidate aria-label="Course plan">
        <fieldset className="builder__section">
          <legend>About the course</legend>
          <TextField
            id={check.fieldId('title')}
            label="Title"
            name="title"
            autoComplete="off"
            hint="Shown to everyone on the course, e.g. “Okafor family” or “Tuesday evening group”."
            value={values.title}
            onChange={(event) => set('title', event.target.value)}
            error={fieldError('title')}
          />
          <FormatChoices
            type="radio"
            {...format}
            legend="Format"
            value={values.format}
            onChange={(f) => change(withFormat(values, f))}
          />
          <FocusAreaChoices
            {...focus}
            legend="Focus areas"
            value={values.focusAreas}
            onChange={(areas) => set('focusAreas', areas)}
          />
        </fieldset>

        <fieldset className="builder__section">
          <legend>People</legend>
          <SelectField
            id={check.fieldId('therapistId')}
            label="Therapist"
            name="therapistId"
            value={values.therapistId}
            onChange={(event) => set('therapistId', event.target.value)}
            error={fieldError('therapistId')}
            hint={
              people.kind === 'ready' && therapists.length === 0
                ? 'Nobody in your practice is a therapist yet: invite one from your home page.'
                : undefined
            }
          >
            <option value="">Choose a therapist</option>
            {therapists.map((t) => (
              <option key={t.id} value={t.id}>
                {t.displayName}
              </option>
            ))}
          </SelectField>
          <SelectField
            id={check.fieldId('coTherapistId')}
            label="Co-therapist (optional)"
            name="coTherapistId"
            value={values.coTherapistId}
            onChange={(event) => set('coTherapistId', event.target.value)}
            error={fieldError('coTherapistId')}
          >
            <option value="">None</option>
            {therapists.map((t) => (
              <option key={t.id} value={t.id}>
                {t.displayName}
              </option>
            ))}
          </SelectField>
          <ChoiceGroup
            type="checkbox"
            id={members.id}
            legend="Clients"
            description={`${capacityText(values.format)} ${values.members.length} chosen.`}
            error={members.error}
            options={clients.map((c) => {
              const chosen = values.members.find((m) => m.personId === c.id);
              const relationId = `${formId}-relation-${c.id}`;
              const issue = memberErrors[c.id];
              return {
                value: c.id,
                label: c.displayName,
                extra: chosen ? (
                  <SelectField
                    id={relationId}
                    label={`Relation of ${c.displayName}`}
                    value={chosen.relation}
                    error={issue ? asSentence(issue) : undefined}
                    onChange={(event) => setRelation(c.id, event.target.value as MemberRelation)}
                  >
                    {memberRelations.map((r) => (
                      <option key={r} value={r}>
                        {relationLabels[r]}
                      </option>
                    ))}
                  </SelectField>
                ) : issue ? (
                  <FieldError id={relationId} message={asSentence(issue)} />
                ) : null,
              };
            })}
            value={values.members.map((m) => m.personId)}
            onChange={chooseClients}
          >
            {people.kind === 'ready' && clients.length === 0 ? (
              <p>Nobody in your practice is a client yet: invite them from your home page.</p>
            ) : null}
          </ChoiceGroup>
        </fieldset>

        <fieldset className="builder__section">
          <legend>When</legend>
          <div className="field-row">
            {values.format === 'group' ? (
              <TextField
                id={check.fieldId('maxMembers')}
                label="Most clients"
                name="maxMembers"
                type="number"
                inputMode="numeric"
                min={3}
                max={12}
                hint="Leave empty for 9."
                value={values.maxMembers}
                onChange={(event) => set('maxMembers', event.target.value)}
                error={fieldError('maxMembers')}
              />
            ) : null}
            <TextField
              id={check.fieldId('sessionCount')}
              label="Sessions"
              name="sessionCount"
              type="number"
              inputMode="numeric"
              min={sessionCountLimits.min}
              max={sessionCountLimits.max}
              hint={`${sessionCountLimits.min}–${sessionCountLimits.max}, usually 12–16.`}
              value={values.sessionCount}
              onChange={(event) => set('sessionCount', event.target.value)}
              error={fieldError('sessionCount')}
            />
            <TextField
              id={check.fieldId('durationMinutes')}
              label="Minutes each"
              name="durationMinutes"
              type="number"
              inputMode="numeric"
              min={sessionDurationLimits.min}
              max={sessionDurationLimits.max}
              step={sessionDurationLimits.step}
              hint={`${sessionDurationLimits.min}–${sessionDurationLimits.max} in steps of ${sessionDurationLimits.step}.`}
              value={values.durationMinutes}
              onChange={(event) => set('durationMinutes', event.target.value)}
              error={fieldError('durationMinutes')}
            />
          </div>
          <div className="field-row">
            <SelectField
              id={check.fieldId('weekday')}
              label="Day"
              name="weekday"
              value={values.weekday}
              onChange={(event) => set('weekday', event.target.value)}
              error={fieldError('weekday')}
            >
              {weekdayNames.map((day, index) => (
                <option key={day} value={String(index + 1)}>
                  {day}
                </option>
              ))}
            </SelectField>
            <TextField
              id={check.fieldId('localTime')}
              label="Start time"
              name="localTime"
              type="time"
              value={values.localTime}
              onChange={(event) => set('localTime', event.target.value)}
              error={fieldError('localTime')}
            />
            <TextField
              id={check.fieldId('startDate')}
              label="Starting from"
              name="startDate"
              type="date"
              hint="Session 1 is the first such day on or after this date."
              value={values.startDate}
              onChange={(event) => set('startDate', event.target.value)}
              error={fieldError('startDate')}
            />
          </div>
          <TimeZoneField
            id={check.fieldId('timeZone')}
            label="Course time zone"
            hint="Sessions keep this wall-clock time all year, across daylight-saving changes."
            value={values.timeZone}
            onChange={(zone) => set('timeZone', zone)}
            error={fieldError('timeZone')}
          />
        </fieldset>
        <FormAlert message={check.errors.form} alertRef={check.alertRef} />
        <button className="button" type="submit" disabled={check.submitting}>
          {check.submitting ? 'Working out the series…' : 'Preview the series'}
        </button>
      </form>
      {shown ? (
        <SeriesPreview
          preview={shown.preview}
          nameOf={nameOf}
          sectionRef={previewRef}
          alert={<FormAlert message={save.errors.form} alertRef={save.alertRef} />}
          saving={save.submitting}
          onSave={onSave}
        />
      ) : null}
    </article>
  );
}
