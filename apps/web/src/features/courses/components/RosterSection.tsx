import { useState, type FormEvent } from 'react';
import {
  idempotencyKeyHeader,
  memberAddBodySchema,
  schedulingRoutes,
  type CourseDetail,
  type MemberRelation,
  type RosterMember,
} from '@hearth/contracts';
import { memberRelations } from '@hearth/domain';
import { useApiClient } from '../../../api/useApiClient';
import { FormAlert } from '../../forms/components/FormAlert';
import { SelectField } from '../../forms/components/SelectField';
import { toFormErrors } from '../../forms/form-errors';
import { useFormSubmit } from '../../forms/hooks/useFormSubmit';
import { usePeople } from '../../people/hooks/usePeople';
import { conflictSummary, doubleBookings } from '../../scheduling/conflict-messages';
import { relationLabels, rosterStatusLabels } from '../../scheduling/scheduling-labels';
import { defaultRelation, newIdempotencyKey, peopleWithRole } from '../course-form';
import { MarkActiveForm } from './MarkActiveForm';
import './courses.css';

const addFields = ['personId', 'relation', 'waitlist'] as const;

export function RosterSection({
  course,
  canManage,
  onChanged,
}: {
  course: CourseDetail;
  canManage: boolean;
  onChanged: () => void;
}) {
  const client = useApiClient();
  const [withdrawing, setWithdrawing] = useState<string | null>(null);
  const [activating, setActivating] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | undefined>();

  const withdraw = async (member: RosterMember) => {
    setWithdrawing(member.id);
    setProblem(undefined);
    try {
      await client.call(schedulingRoutes.updateMember, {
        params: { courseId: course.id, memberId: member.id },
        body: { status: 'withdrawn' },
      });
      onChanged();
    } catch (error) {
      setProblem(toFormErrors(error, []).form);
    } finally {
      setWithdrawing(null);
    }
  };

  return (
    <section className="panel" aria-labelledby="roster-heading">
      <h2 id="roster-heading">Roster</h2>
      <p>
        Clients accept the place offered to them from their home page (or with their invitation,
        when they were placed before they had an account). You can mark a place active for a client
        who agreed another way; say why.
      </p>
      <p>
        {course.readiness.ready
          ? 'Enough clients have accepted for the course to start.'
          : `The course needs ${course.readiness.needed} more ${course.readiness.needed === 1 ? 'client' : 'clients'} to accept before it can start.`}
      </p>
      {course.members.length === 0 ? (
        <p>Nobody is on the roster yet.</p>
      ) : (
        <ul className="roster">
          {course.members.map((member) => (
            <li key={member.id} data-status={member.status}>
              <span className="roster__name">{member.displayName}</span>
              <span>{relationLabels[member.relation]}</span>
              <span className="roster__status">{rosterStatusLabels[member.status]}</span>
              {canManage && member.status !== 'withdrawn' ? (
                <button
                  className="button button--secondary button--small"
                  type="button"
                  disabled={withdrawing !== null}
                  onClick={() => void withdraw(member)}
                  aria-label={`Withdraw ${member.displayName}`}
                >
                  {withdrawing === member.id ? 'Withdrawing…' : 'Withdraw'}
                </button>
              ) : null}
              {canManage && member.status !== 'active' && activating !== member.id ? (
                <button
                  className="button button--secondary button--small"
                  type="button"
                  onClick={() => setActivating(member.id)}
                  aria-label={`Mark active: ${member.displayName}’s place`}
                >
                  Mark active
                </button>
              ) : null}
              {activating === member.id ? (
                <MarkActiveForm
                  course={course}
                  member={member}
                  onCancel={() => setActivating(null)}
                  onDone={() => {
                    setActivating(null);
                    onChanged();
                  }}
                />
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <p role="alert" className="form-alert">
        {problem ?? ''}
      </p>
      {canManage ? <AddMemberForm course={course} onAdded={onChanged} /> : null}
    </section>
  );
}

function AddMemberForm({ course, onAdded }: { course: CourseDetail; onAdded: () => void }) {
  const client = useApiClient();
  const people = usePeople();
  const form = useFormSubmit('add-member', addFields);
  const [personId, setPersonId] = useState('');
  const [relation, setRelation] = useState<MemberRelation>(defaultRelation(course.format));
  const [waitlist, setWaitlist] = useState(false);
  const [clashes, setClashes] = useState<string[]>([]);
  // One key per add: a retry after a lost answer must not add the client twice.
  const [key, setKey] = useState(newIdempotencyKey);

  const onRoster = new Set(course.members.map((m) => m.personId));
  const staff = new Set([course.therapist.personId, course.coTherapist?.personId]);
  const candidates = peopleWithRole(people.kind === 'ready' ? people.people : [], 'client').filter(
    (p) => !onRoster.has(p.id) && !staff.has(p.id),
  );
  const full = course.heldPlaces >= course.capacity.max;
  const nameOf = (id: string) =>
    (people.kind === 'ready' ? people.people : []).find((p) => p.id === id)?.displayName;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setClashes([]);
    void form.submit(
      memberAddBodySchema,
      { personId, relation, waitlist: course.format === 'group' && waitlist },
      async (body) => {
        try {
          await client.call(
            schedulingRoutes.addMember,
            { params: { courseId: course.id }, body },
            { headers: { [idempotencyKeyHeader]: key } },
          );
        } catch (error) {
          setKey(newIdempotencyKey());
          setClashes(conflictSummary(doubleBookings(error), nameOf, course.timeZone));
          throw error;
        }
        setKey(newIdempotencyKey());
        setPersonId('');
        setWaitlist(false);
        onAdded();
      },
    );
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="add-member-heading">
      <h3 id="add-member-heading">Add a client</h3>
      {full ? (
        <p>
          This course is full.{' '}
          {course.format === 'group'
            ? 'You can put a client on the waitlist; they get a place when one frees up.'
            : 'Withdraw someone before adding another client.'}
        </p>
      ) : null}
      <SelectField
        id={form.fieldId('personId')}
        label="Client"
        value={personId}
        onChange={(event) => setPersonId(event.target.value)}
        error={form.errors.fields.personId}
      >
        <option value="">Choose a client</option>
        {candidates.map((p) => (
          <option key={p.id} value={p.id}>
            {p.displayName}
          </option>
        ))}
      </SelectField>
      <SelectField
        id={form.fieldId('relation')}
        label="Relation"
        value={relation}
        onChange={(event) => setRelation(event.target.value as MemberRelation)}
        error={form.errors.fields.relation}
      >
        {memberRelations.map((r) => (
          <option key={r} value={r}>
            {relationLabels[r]}
          </option>
        ))}
      </SelectField>
      {course.format === 'group' ? (
        <div className="choice">
          <input
            id={form.fieldId('waitlist')}
            type="checkbox"
            checked={waitlist}
            onChange={(event) => setWaitlist(event.target.checked)}
          />
          <label htmlFor={form.fieldId('waitlist')}>Put on the waitlist if the group is full</label>
        </div>
      ) : null}
      <FormAlert message={form.errors.form} alertRef={form.alertRef} />
      {clashes.length > 0 ? (
        <ul className="series__conflicts">
          {clashes.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      <button className="button" type="submit" disabled={form.submitting}>
        {form.submitting ? 'Adding…' : 'Add to the roster'}
      </button>
    </form>
  );
}
