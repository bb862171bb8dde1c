import { useEffect, useId, useRef, useState } from 'react';
import type { identityRoutes, RouteOutput } from '@hearth/contracts';
import { showToast } from '../../ui/Toast';
import { formatDateTime, invitationLink } from '../people-format';
import './people.css';

/** What inviting, or sending an invitation again, answers: the invitation and its one link. */
export type CreatedInvitation = RouteOutput<typeof identityRoutes.invite>;

type CopyState = 'idle' | 'unavailable';

const emailNotice: Record<CreatedInvitation['email'], (email: string) => string> = {
  queued: (email) => `Hearth is emailing this link to ${email}.`,
  logged: () =>
    'Hearth could not email it: this server has no mail server set up (SMTP_URL). Send the link yourself.',
  not_requested: () => 'Hearth has not emailed it: send the link yourself.',
};

/**
 * The full single-use link of a new invitation, to copy and send. The API gives it only once,
 * so the panel says so and takes focus: it is what the coordinator came for.
 */
export function InvitationLink({
  created,
  timeZone,
  replacesEarlierLink = false,
}: {
  created: CreatedInvitation;
  timeZone: string;
  /** Whether this link was made to replace one sent before, which no longer works. */
  replacesEarlierLink?: boolean;
}) {
  const link = invitationLink(window.location.origin, created.acceptPath);
  const [copy, setCopy] = useState<CopyState>('idle');
  const resultRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const { displayName, email, expiresAt } = created.invitation;

  // Take keyboard and screen-reader users to the new link, which is what they came for.
  useEffect(() => {
    resultRef.current?.focus();
  }, []);

  const onCopy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopy('idle');
      showToast({ title: 'Link copied.' });
    } catch {
      // No clipboard (an insecure origin, or permission refused): select it for a manual copy.
      inputRef.current?.select();
      setCopy('unavailable');
    }
  };

  return (
    <div
      className="invite-result"
      ref={resultRef}
      tabIndex={-1}
      aria-labelledby={`${id}-heading`}
      role="region"
    >
      <h3 id={`${id}-heading`}>
        {replacesEarlierLink ? 'New invitation link' : 'Invitation link'} for {displayName}
      </h3>
      <div className="field">
        <label htmlFor={`${id}-link`}>Link to send to {email}</label>
        <div className="copy-row">
          <input id={`${id}-link`} ref={inputRef} readOnly value={link} />
          <button className="button button--secondary" type="button" onClick={() => void onCopy()}>
            Copy link
          </button>
        </div>
      </div>
      <p role="status">
        {copy === 'unavailable'
          ? 'Copying is not available here; the link is selected, so copy it with your keyboard.'
          : ''}
      </p>
      <p>{emailNotice[created.email](email)}</p>
      <p>
        {replacesEarlierLink ? 'The link sent before no longer works. ' : ''}
        It works once and expires on <strong>{formatDateTime(expiresAt, timeZone)}</strong>. The
        link is shown only now, so copy it before you leave this page.
      </p>
    </div>
  );
}
