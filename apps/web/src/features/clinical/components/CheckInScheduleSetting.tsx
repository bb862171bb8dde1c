import { useState } from 'react';
import { clinicalRoutes, type CheckInSchedule } from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { useApiQuery } from '../../../api/useApiQuery';
import { toFormErrors } from '../../forms/form-errors';

const scheduleLabels: Record<CheckInSchedule, string> = {
  every_session: 'Before every session',
  every_4th: 'Every 4th session (1, 5, 9, … and the last)',
};

/** The course's check-in schedule, changed by its coordinators and therapists. */
export function CheckInScheduleSetting({ courseId }: { courseId: string }) {
  const client = useApiClient();
  const query = useApiQuery(`clinical:schedule:${courseId}`, (c) =>
    c.call(clinicalRoutes.getCheckInSchedule, { params: { courseId } }),
  );
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  const { state } = query;
  if (state.kind !== 'ready') return null;

  const change = async (checkInSchedule: CheckInSchedule) => {
    setMessage(null);
    try {
      await client.call(clinicalRoutes.setCheckInSchedule, {
        params: { courseId },
        body: { checkInSchedule },
      });
      setMessage({
        text: `Check-ins: ${scheduleLabels[checkInSchedule].toLowerCase()}.`,
        bad: false,
      });
      query.reload();
    } catch (error) {
      setMessage({ text: toFormErrors(error, []).form ?? 'Not saved.', bad: true });
    }
  };

  return (
    <div className="field">
      <label htmlFor="check-in-schedule">Check-ins (PHQ-9, GAD-7 and mood)</label>
      <select
        id="check-in-schedule"
        value={state.data.checkInSchedule}
        onChange={(e) => void change(e.target.value as CheckInSchedule)}
      >
        {(Object.keys(scheduleLabels) as CheckInSchedule[]).map((value) => (
          <option key={value} value={value}>
            {scheduleLabels[value]}
          </option>
        ))}
      </select>
      {message ? <p role={message.bad ? 'alert' : 'status'}>{message.text}</p> : null}
    </div>
  );
}
