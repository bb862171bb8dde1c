import { useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { clinicalRoutes, type CheckInForm } from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { useApiQuery } from '../../../api/useApiQuery';
import { paths } from '../../../app/paths';
import { FormAlert } from '../../forms/components/FormAlert';
import { toFormErrors } from '../../forms/form-errors';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';
import { answerOptions, gad7Items, phq9Items, phq9Stem } from '../instruments';
import '../clinical.css';

const closedMessages: Record<Exclude<CheckInForm['availability'], 'open'>, string> = {
  not_scheduled: 'This session has no check-in: your course asks for one every 4th session.',
  cancelled: 'This session was cancelled, so it has no check-in.',
  not_yet_open: 'This check-in opens 72 hours before the session. Please come back then.',
  closed: 'This session has ended, so its check-in is closed.',
};

/** A client's check-in before a session: the PHQ-9, the GAD-7 and a 0–10 mood. */
export function CheckInPage() {
  const { sessionId = '' } = useParams();
  useDocumentTitle('Check-in');
  const query = useApiQuery(`clinical:check-in:${sessionId}`, (client) =>
    client.call(clinicalRoutes.getCheckIn, { params: { sessionId } }),
  );
  const { state } = query;
  return (
    <article className="page check-in">
      <p>
        <Link to={paths.home}>Back to home</Link>
      </p>
      {state.kind === 'loading' ? <p role="status">Loading your check-in…</p> : null}
      {state.kind === 'failed' ? (
        <>
          <h1>Check-in</h1>
          <p role="alert">
            {state.status === 404
              ? 'We can’t find a check-in for you in that session.'
              : state.message}
          </p>
        </>
      ) : null}
      {state.kind === 'ready' ? <CheckInView form={state.data} onSent={query.reload} /> : null}
    </article>
  );
}

function CheckInView({ form, onSent }: { form: CheckInForm; onSent: () => void }) {
  const heading = `Check-in before session ${form.number} of ${form.sessionCount}`;
  return (
    <>
      <h1>{heading}</h1>
      <p className="lead">{form.courseTitle}</p>
      {form.submitted ? (
        <div role="status">
          <p>
            Thank you — you filled this in on{' '}
            {new Date(form.submitted.submittedAt).toLocaleDateString('en-GB', {
              day: 'numeric',
              month: 'long',
            })}
            . Your therapist will look at it with you.
          </p>
          {form.submitted.phq9[8]! > 0 ? <SafetyNote /> : null}
        </div>
      ) : form.availability === 'open' ? (
        <Questions sessionId={form.sessionId} onSent={onSent} />
      ) : (
        <p>{closedMessages[form.availability]}</p>
      )}
    </>
  );
}

/** Shown to a client who answers question 9 above 0: where to turn now, whatever else happens. */
function SafetyNote() {
  return (
    <p className="notice notice--bad">
      If you feel you might act on thoughts of hurting yourself, please do not wait for your
      session: call your local emergency number (999 or 112 in the UK), or Samaritans on 116 123,
      any time, free.
    </p>
  );
}

type Answers = (number | null)[];

function Questions({ sessionId, onSent }: { sessionId: string; onSent: () => void }) {
  const client = useApiClient();
  const [phq9, setPhq9] = useState<Answers>(() => phq9Items.map(() => null));
  const [gad7, setGad7] = useState<Answers>(() => gad7Items.map(() => null));
  const [mood, setMood] = useState<number | null>(null);
  const [showMissing, setShowMissing] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);

  const missing = [
    ...phq9.flatMap((a, i) => (a === null ? [`phq9-${i}`] : [])),
    ...gad7.flatMap((a, i) => (a === null ? [`gad7-${i}`] : [])),
    ...(mood === null ? ['mood'] : []),
  ];

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (missing.length > 0) {
      setShowMissing(true);
      setProblem(`Please answer every question: ${missing.length} still need an answer.`);
      document.getElementById(`${missing[0]}-legend`)?.scrollIntoView?.({ block: 'center' });
      document.querySelector<HTMLInputElement>(`input[name="${missing[0]}"]`)?.focus();
      return;
    }
    setSending(true);
    setProblem(undefined);
    try {
      await client.call(clinicalRoutes.submitCheckIn, {
        params: { sessionId },
        body: { phq9: phq9 as number[], gad7: gad7 as number[], mood: mood! },
      });
      onSent();
    } catch (error) {
      setProblem(toFormErrors(error, []).form);
    } finally {
      setSending(false);
    }
  };

  const question = (
    name: string,
    text: string,
    value: number | null,
    set: (answer: number) => void,
  ) => (
    <fieldset key={name} data-invalid={showMissing && value === null ? true : undefined}>
      <legend id={`${name}-legend`}>{text}</legend>
      {showMissing && value === null ? (
        <p className="field__error">Please choose an answer.</p>
      ) : null}
      <div className="check-in__answers">
        {answerOptions.map((option) => (
          <div className="choice" key={option.value}>
            <input
              type="radio"
              id={`${name}-${option.value}`}
              name={name}
              checked={value === option.value}
              onChange={() => set(option.value)}
            />
            <label htmlFor={`${name}-${option.value}`}>{option.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );

  const update = (list: Answers, i: number, answer: number) =>
    list.map((a, j) => (j === i ? answer : a));

  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate aria-label="Check-in">
      <p>
        It takes about three minutes. Only you and your therapists see your answers — never the
        other people in your course.
      </p>
      <section aria-labelledby="phq9-heading">
        <h2 id="phq9-heading">Mood (PHQ-9)</h2>
        <p>{phq9Stem}</p>
        {phq9Items.map((text, i) =>
          question(`phq9-${i}`, `${i + 1}. ${text}`, phq9[i] ?? null, (a) =>
            setPhq9(update(phq9, i, a)),
          ),
        )}
        {phq9[8] !== null && phq9[8]! > 0 ? <SafetyNote /> : null}
      </section>
      <section aria-labelledby="gad7-heading">
        <h2 id="gad7-heading">Anxiety (GAD-7)</h2>
        <p>{phq9Stem}</p>
        {gad7Items.map((text, i) =>
          question(`gad7-${i}`, `${i + 1}. ${text}`, gad7[i] ?? null, (a) =>
            setGad7(update(gad7, i, a)),
          ),
        )}
      </section>
      <fieldset data-invalid={showMissing && mood === null ? true : undefined}>
        <legend id="mood-legend">
          How is your mood today, from 0 (very low) to 10 (very good)?
        </legend>
        {showMissing && mood === null ? (
          <p className="field__error">Please choose an answer.</p>
        ) : null}
        <div className="check-in__answers check-in__answers--mood">
          {Array.from({ length: 11 }, (_, n) => (
            <div className="choice" key={n}>
              <input
                type="radio"
                id={`mood-${n}`}
                name="mood"
                checked={mood === n}
                onChange={() => setMood(n)}
              />
              <label htmlFor={`mood-${n}`}>{n}</label>
            </div>
          ))}
        </div>
      </fieldset>
      <FormAlert message={problem} alertRef={alertRef} />
      <button className="button" type="submit" disabled={sending}>
        Send my check-in
      </button>
    </form>
  );
}
