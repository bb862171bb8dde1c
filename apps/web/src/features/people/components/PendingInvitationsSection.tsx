import { useEffect, useRef, useState } from 'react';
import { identityRoutes, type Person } from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { FormAlert } from '../../forms/components/FormAlert';
import { toFormErrors } from '../../forms/form-errors';
import type { InvitationsState, SentInvitation } from '../hooks/useInvitations';
import {
  awaitingAnswer,
  describeRoles,
  formatDateTime,
  recentlyExpiredDays,
} from '../people-format';
import { InvitationLink, type CreatedInvitation } from './InvitationLink';
import './people.css';

// A full row of the people grid, under the name, email and roles.
const fullRow = { gridColumn: '1 / -1' } as const;

/**
 * Invitations still waiting for an answer — pending, or expired lately — with what a coordinator
 * can do about each: revoke a link sent by mistake, or send a new one (the old one then stops).
 */
export function PendingInvitationsSection({
  me,
  state,
  onChanged,
}: {
  me: Person;
  state: InvitationsState;
  /** Called after an invitation was revoked or sent again, to fetch the list anew. */
  onChanged: () => void;
}) {
  const client = useApiClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [resent, setResent] = useState<CreatedInvitation | null>(null);
  const [notice, setNotice] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const alertRef = useRef<HTMLDivElement>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);

  const failed = (error: unknown) => {
    setProblem(toFormErrors(error, []).form ?? String(error));
    alertRef.current?.focus();
    // Whatever made it fail (accepted meanwhile, revoked in another tab) shows in a fresh list.
    onChanged();
  };

  const act = async (invitation: SentInvitation, work: () => Promise<void>) => {
    setBusy(invitation.id);
    setProblem(undefined);
    setNotice('');
    try {
      await work();
    } catch (error) {
      failed(error);
    } finally {
      setBusy(null);
    }
  };

  const revoke = (invitation: SentInvitation) =>
    act(invitation, async () => {
      await client.call(identityRoutes.revokeInvitation, {
        params: { invitationId: invitation.id },
      });
      // A link shown a moment ago for this invitation is dead now; do not leave it on screen.
      setResent((shown) => (shown?.invitation.id === invitation.id ? null : shown));
      setNotice(
        `The invitation for ${invitation.displayName} is revoked; its link no longer works.`,
      );
      noticeRef.current?.focus();
      onChanged();
    });

  const resend = (invitation: SentInvitation) =>
    act(invitation, async () => {
      const created = await client.call(identityRoutes.resendInvitation, {
        params: { invitationId: invitation.id },
      });
      setResent(created);
      onChanged();
    });

  const shown = state.kind === 'ready' ? awaitingAnswer(state.invitations, new Date()) : [];

  return (
    <section className="panel" aria-labelledby="pending-invitations-heading">
      <h2 id="pending-invitations-heading">Pending invitations</h2>
      {state.kind === 'loading' ? <p role="status">Loading the invitations you sent…</p> : null}
      {state.kind === 'failed' ? (
        <p role="alert">We could not load your practice’s invitations. {state.message}</p>
      ) : null}
      {state.kind === 'ready' ? (
        shown.length === 0 ? (
          <p>No invitation is waiting for an answer.</p>
        ) : (
          <>
            <p>
              Invitations not yet accepted, and those that expired in the last {recentlyExpiredDays}{' '}
              days.
            </p>
            <ul className="people">
              {shown.map((invitation) => (
                <PendingInvitation
                  key={invitation.id}
                  invitation={invitation}
                  timeZone={me.timeZone}
                  busy={busy !== null}
                  onRevoke={() => void revoke(invitation)}
                  onResend={() => void resend(invitation)}
                />
              ))}
            </ul>
          </>
        )
      ) : null}
      <p role="status" ref={noticeRef} tabIndex={-1}>
        {notice}
      </p>
      <FormAlert message={problem} alertRef={alertRef} />
      {resent ? (
        <InvitationLink
          key={resent.invitation.id}
          created={resent}
          timeZone={me.timeZone}
          replacesEarlierLink
        />
      ) : null}
    </section>
  );
}

function PendingInvitation({
  invitation,
  timeZone,
  busy,
  onRevoke,
  onResend,
}: {
  invitation: SentInvitation;
  timeZone: string;
  busy: boolean;
  onRevoke: () => void;
  onResend: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const keepRef = useRef<HTMLButtonElement>(null);
  const name = invitation.displayName;
  const expired = invitation.status === 'expired';

  // The question is what matters once asked; the safe answer has the focus.
  useEffect(() => {
    if (confirming) keepRef.current?.focus();
  }, [confirming]);

  return (
    <li>
      <span className="people__name">{name}</span>
      <span className="people__email">{invitation.email}</span>
      <span className="people__roles">{describeRoles(invitation.roles)}</span>
      <span style={fullRow}>
        {expired ? 'Expired on ' : 'Expires on '}
        {formatDateTime(invitation.expiresAt, timeZone)}
      </span>
      <div className="actions" style={fullRow}>
        {expired ? null : (
          <button
            type="button"
            className="button button--small button--secondary"
            aria-expanded={confirming}
            disabled={busy}
            onClick={() => setConfirming(!confirming)}
          >
            Revoke <span className="visually-hidden">the invitation for {name}</span>
          </button>
        )}
        <button
          type="button"
          className="button button--small button--secondary"
          disabled={busy}
          onClick={onResend}
        >
          Send a new link <span className="visually-hidden">to {name}</span>
        </button>
      </div>
      {confirming ? (
        <div role="group" aria-label={`Revoke the invitation for ${name}?`} style={fullRow}>
          <p>
            Revoke the invitation for {name}? Their link stops working at once; you can invite them
            again later.
          </p>
          <div className="actions">
            <button
              type="button"
              className="button button--small button--danger"
              disabled={busy}
              onClick={() => {
                setConfirming(false);
                onRevoke();
              }}
            >
              Yes, revoke it
            </button>
            <button
              type="button"
              className="button button--small button--secondary"
              ref={keepRef}
              onClick={() => setConfirming(false)}
            >
              Keep it
            </button>
          </div>
        </div>
      ) : null}
    </li>
  );
}
