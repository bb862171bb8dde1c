import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import {
  acceptMatchBodySchema,
  declineBodySchema,
  matchingRoutes,
  type AcceptedMatch,
  type Match,
  type TherapyRequestDetail,
} from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { coursePath, paths } from '../../../app/paths';
import { FormAlert } from '../../forms/components/FormAlert';
import { SelectField } from '../../forms/components/SelectField';
import { TextField } from '../../forms/components/TextField';
import { useFormSubmit } from '../../forms/hooks/useFormSubmit';
import { timeZoneLabel } from '../../forms/time-zones';
import { formatDateTime } from '../../people/people-format';
import {
  focusAreaLabels,
  formatLabels,
  weekdayName,
  weekdayNames,
} from '../../scheduling/scheduling-labels';
import { useSession } from '../../auth/hooks/useSession';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';
import { useTherapyRequest } from '../hooks/useTherapyRequests';
import { placementLabels, slotLabel, statusLabels } from '../matching-labels';
import { languageChoices, settingText, suggestedStartDate } from '../request-form';

/** `/requests/:requestId`: one request, its ranked matches, and the decision on it. */
export function TherapyRequestPage() {
  const { requestId = '' } = useParams();
  const query = useTherapyRequest(requestId);
  const { state } = query;
  useDocumentTitle(state.kind === 'ready' ? `Request from ${state.data.name}` : 'Request');
  const [accepted, setAccepted] = useState<AcceptedMatch | null>(null);
  return (
    <article className="page page--wide">
      <p>
        <Link to={paths.therapyRequests}>All requests</Link>
      </p>
      {state.kind === 'loading' ? <p role="status">Loading the request…</p> : null}
      {state.kind === 'failed' ? (
        <>
          <h1>{state.status === 404 ? 'We can’t find that request' : 'Request'}</h1>
          <p role="alert">
            {state.status === 404
              ? 'It may have been removed after the practice’s retention period.'
              : state.message}
          </p>
        </>
      ) : null}
      {state.kind === 'ready' ? (
        <RequestView
          request={state.data}
          accepted={accepted}
          onAccepted={(result) => {
            setAccepted(result);
            query.reload();
          }}
          onDeclined={query.reload}
        />
      ) : null}
    </article>
  );
}

function RequestView({
  request,
  accepted,
  onAccepted,
  onDeclined,
}: {
  request: TherapyRequestDetail;
  accepted: AcceptedMatch | null;
  onAccepted: (result: AcceptedMatch) => void;
  onDeclined: () => void;
}) {
  const client = useApiClient();
  const { person } = useSession();
  const languageName = (tag: string) => languageChoices.find((c) => c.tag === tag)?.label ?? tag;
  const download = async () => {
    const data = await client.call(matchingRoutes.exportRequest, {
      params: { requestId: request.id },
    });
    const url = URL.createObjectURL(
      new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }),
    );
    const link = document.createElement('a');
    link.href = url;
    link.download = `therapy-request-${request.reference}.json`;
    link.click();
    URL.revokeObjectURL(url);
  };
  const zone = person?.timeZone ?? request.timeZone;
  return (
    <>
      <h1>Request from {request.name}</h1>
      <dl className="facts">
        <div>
          <dt>Reference</dt>
          <dd>{request.reference}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{statusLabels[request.status]}</dd>
        </div>
        <div>
          <dt>Email</dt>
          <dd>{request.email}</dd>
        </div>
        <div>
          <dt>Looking for</dt>
          <dd>
            {formatLabels[request.format]} · {settingText(request.setting, request.location)}
          </dd>
        </div>
        <div>
          <dt>Focus</dt>
          <dd>{request.focusAreas.map((a) => focusAreaLabels[a]).join(', ') || 'Not sure'}</dd>
        </div>
        <div>
          <dt>Languages</dt>
          <dd>{request.languages.map(languageName).join(', ')}</dd>
        </div>
        <div>
          <dt>Free</dt>
          <dd>
            {request.availability
              .map((w) => `${weekdayName(w.weekday)} ${w.from}–${w.to}`)
              .join('; ')}{' '}
            ({timeZoneLabel(request.timeZone)})
          </dd>
        </div>
        <div>
          <dt>Received</dt>
          <dd>{formatDateTime(request.receivedAt, zone)}</dd>
        </div>
      </dl>
      <h2>What brings them</h2>
      <p className="concern">{request.concern}</p>
      <p>
        <button className="button button--secondary" type="button" onClick={() => void download()}>
          Export as JSON
        </button>
      </p>

      {accepted ? <AcceptedNotice accepted={accepted} /> : null}
      {request.decision ? (
        <section className="panel" aria-labelledby="decision-heading">
          <h2 id="decision-heading">Decision</h2>
          <p>
            {request.decision.kind === 'accepted' ? 'Accepted' : 'Declined'} by{' '}
            {request.decision.by.displayName} on {formatDateTime(request.decision.at, zone)}.
            {request.decision.reason ? ` Reason: ${request.decision.reason}` : ''}
          </p>
          {request.decision.courseId ? (
            <p>
              <Link to={coursePath(request.decision.courseId)}>Open the course</Link>
            </p>
          ) : null}
        </section>
      ) : (
        <>
          <section className="panel" aria-labelledby="matches-heading">
            <h2 id="matches-heading">Matches</h2>
            {request.matches.length === 0 ? (
              <p>
                No therapist or group fits this request now. Check therapists’ profiles, or decline
                with a reason.
              </p>
            ) : (
              <ol className="matches">
                {request.matches.map((match) => (
                  <MatchItem
                    key={match.group?.courseId ?? match.therapist.personId}
                    match={match}
                    request={request}
                    onAccepted={onAccepted}
                  />
                ))}
              </ol>
            )}
          </section>
          <DeclineForm requestId={request.id} onDeclined={onDeclined} />
        </>
      )}
    </>
  );
}

function AcceptedNotice({ accepted }: { accepted: AcceptedMatch }) {
  const link = accepted.invitation
    ? `${window.location.origin}${accepted.invitation.acceptPath}`
    : undefined;
  return (
    <section className="panel" aria-labelledby="accepted-heading" role="status">
      <h2 id="accepted-heading">Match accepted</h2>
      <p>
        {accepted.request.name} now has {placementLabels[accepted.placement]}.{' '}
        <Link to={coursePath(accepted.courseId)}>Open the course</Link>
      </p>
      {link ? (
        <p>
          {accepted.invitation?.email === 'queued'
            ? `Hearth is emailing an invitation to ${accepted.request.email}.`
            : `Hearth could not email an invitation to ${accepted.request.email} (no mail server is set up); send them the link yourself.`}{' '}
          Their link (works once):{' '}
          <a href={link} className="invitation-link">
            {link}
          </a>
        </p>
      ) : (
        <p>They already have an account and will see it when they sign in.</p>
      )}
    </section>
  );
}

const acceptFields = ['weekday', 'localTime', 'startDate', 'focusAreas'] as const;

function MatchItem({
  match,
  request,
  onAccepted,
}: {
  match: Match;
  request: TherapyRequestDetail;
  onAccepted: (result: AcceptedMatch) => void;
}) {
  const client = useApiClient();
  const id = `match-${match.rank}`;
  const form = useFormSubmit(id, acceptFields);
  const slot = match.suggestedSlot;
  const [weekday, setWeekday] = useState(String(slot?.weekday ?? 1));
  const [localTime, setLocalTime] = useState(slot?.localTime ?? '18:00');
  const [startDate, setStartDate] = useState(() =>
    suggestedStartDate(new Date(), slot?.weekday ?? 1),
  );
  const title =
    match.kind === 'group' && match.group ? match.group.title : match.therapist.displayName;
  const accept = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body =
      match.kind === 'group' && match.group
        ? { kind: 'group' as const, courseId: match.group.courseId }
        : {
            kind: 'therapist' as const,
            therapistId: match.therapist.personId,
            weekday: Number(weekday),
            localTime,
            startDate,
          };
    void form.submit(acceptMatchBodySchema, body, async (sent) => {
      onAccepted(
        await client.call(matchingRoutes.acceptMatch, {
          params: { requestId: request.id },
          body: sent,
        }),
      );
    });
  };
  return (
    <li className="match" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        {title} <span className="muted">— score {match.score} of 100</span>
      </h3>
      {match.kind === 'group' && match.group ? (
        <p className="muted">Run by {match.therapist.displayName}</p>
      ) : null}
      <ul className="match__reasons" aria-label={`Why ${title}`}>
        {match.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      {match.cautions.length > 0 ? (
        <ul className="match__cautions" aria-label={`Against ${title}`}>
          {match.cautions.map((caution) => (
            <li key={caution}>{caution}</li>
          ))}
        </ul>
      ) : null}
      <form className="form" onSubmit={accept} noValidate aria-label={`Accept ${title}`}>
        {match.kind === 'therapist' ? (
          <div className="field-row">
            <SelectField
              id={form.fieldId('weekday')}
              label="Day"
              value={weekday}
              onChange={(event) => setWeekday(event.target.value)}
              error={form.errors.fields.weekday}
            >
              {weekdayNames.map((day, d) => (
                <option key={day} value={String(d + 1)}>
                  {day}
                </option>
              ))}
            </SelectField>
            <TextField
              id={form.fieldId('localTime')}
              label="Time"
              type="time"
              hint={`Their time: ${timeZoneLabel(request.timeZone)}${slotLabel(slot) ? `; first shared time ${slotLabel(slot)}` : ''}.`}
              value={localTime}
              onChange={(event) => setLocalTime(event.target.value)}
              error={form.errors.fields.localTime}
            />
            <TextField
              id={form.fieldId('startDate')}
              label="Starting from"
              type="date"
              value={startDate}
              onChange={(event) => setStartDate(event.target.value)}
              error={form.errors.fields.startDate}
            />
          </div>
        ) : null}
        <FormAlert
          message={form.errors.form ?? form.errors.fields.focusAreas}
          alertRef={form.alertRef}
        />
        <button className="button" type="submit" disabled={form.submitting}>
          {form.submitting
            ? 'Accepting…'
            : match.kind === 'group'
              ? `Offer a place in ${title}`
              : `Accept ${title}`}
        </button>
      </form>
    </li>
  );
}

const declineFields = ['reason'] as const;

function DeclineForm({ requestId, onDeclined }: { requestId: string; onDeclined: () => void }) {
  const client = useApiClient();
  const form = useFormSubmit('decline', declineFields);
  const [reason, setReason] = useState('');
  const decline = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void form.submit(declineBodySchema, { reason }, async (body) => {
      await client.call(matchingRoutes.declineRequest, { params: { requestId }, body });
      onDeclined();
    });
  };
  return (
    <section className="panel" aria-labelledby="decline-heading">
      <h2 id="decline-heading">Decline</h2>
      <form className="form" onSubmit={decline} noValidate aria-label="Decline the request">
        <TextField
          id={form.fieldId('reason')}
          label="Reason"
          hint="Kept with the request, for the practice only."
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          error={form.errors.fields.reason}
        />
        <FormAlert message={form.errors.form} alertRef={form.alertRef} />
        <button className="button button--secondary" type="submit" disabled={form.submitting}>
          Decline the request
        </button>
      </form>
    </section>
  );
}
