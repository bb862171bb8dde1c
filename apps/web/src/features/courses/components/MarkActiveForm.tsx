import { useState, type FormEvent } from 'react';
import {
  memberUpdateBodySchema,
  schedulingRoutes,
  type CourseDetail,
  type RosterMember,
} from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { FormAlert } from '../../forms/components/FormAlert';
import { TextField } from '../../forms/components/TextField';
import { useFormSubmit } from '../../forms/hooks/useFormSubmit';

const fields = ['reason'] as const;

/**
 * A coordinator makes a client's place active for them (the client agreed by phone, say): the
 * reason is required and kept in the place's history; the change is audited.
 */
export function MarkActiveForm({
  course,
  member,
  onDone,
  onCancel,
}: {
  course: CourseDetail;
  member: RosterMember;
  onDone: () => void;
  onCancel: () => void;
}) {
  const client = useApiClient();
  const form = useFormSubmit(`mark-active-${member.id}`, fields);
  const [reason, setReason] = useState('');

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void form.submit(memberUpdateBodySchema, { status: 'active', reason }, async (body) => {
      await client.call(schedulingRoutes.updateMember, {
        params: { courseId: course.id, memberId: member.id },
        body,
      });
      onDone();
    });
  };

  return (
    <form
      className="form roster__mark-active"
      onSubmit={onSubmit}
      noValidate
      aria-label={`Mark active: ${member.displayName}’s place`}
    >
      <TextField
        id={form.fieldId('reason')}
        label={`Why is ${member.displayName}’s place active without their answer?`}
        hint="For example: agreed by phone on Monday. Kept in the place’s history."
        value={reason}
        maxLength={500}
        onChange={(event) => setReason(event.target.value)}
        error={form.errors.fields.reason}
      />
      <FormAlert message={form.errors.form} alertRef={form.alertRef} />
      <button className="button" type="submit" disabled={form.submitting}>
        {form.submitting ? 'Saving…' : 'Mark active'}
      </button>
      <button className="button button--secondary" type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
