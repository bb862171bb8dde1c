import { layOut, type MailMessage } from './mail-layout';

// Every email Hearth sends. None names a course, a session's members, a focus, a score or any
// other clinical fact: mail crosses servers we do not control. Each says who it is from, the one
// thing to do, and what to do if it was not expected.

const notYou = 'If you did not expect this email, you can ignore it.';

export function invitationMail(facts: {
  to: string;
  displayName: string;
  practiceName: string;
  url: string;
  expiresAt: Date;
  timeZone?: string;
}): MailMessage {
  return layOut({
    to: facts.to,
    subject: `${facts.practiceName} invited you to Hearth`,
    greeting: `Hello ${facts.displayName},`,
    paragraphs: [
      `${facts.practiceName} invited you to Hearth, the app it uses for online sessions and appointments.`,
      `Open the link below to choose a password. It works once, until ${when(facts.expiresAt, facts.timeZone)}.`,
    ],
    action: { label: 'Accept the invitation', url: facts.url },
    after: [notYou],
    signature: facts.practiceName,
  });
}

/**
 * An invitation to an address that already has an account (in another practice): the same
 * subject as any invitation (coordinators see subjects of undelivered mail), and instead of a
 * link that could not be accepted, what the owner can do.
 */
export function invitationToExistingAccountMail(facts: {
  to: string;
  displayName: string;
  practiceName: string;
  signInUrl: string;
  forgotPasswordUrl: string;
}): MailMessage {
  return layOut({
    to: facts.to,
    subject: `${facts.practiceName} invited you to Hearth`,
    greeting: `Hello ${facts.displayName},`,
    paragraphs: [
      `${facts.practiceName} invited you to Hearth, the app it uses for online sessions and appointments.`,
      'This address already has a Hearth account, and an address can belong to one account only, so the invitation cannot make a second one. Sign in to use your account as before.',
      `To take part with ${facts.practiceName} as well, ask them to invite another address of yours. If you have forgotten your password, choose a new one: ${facts.forgotPasswordUrl}`,
    ],
    action: { label: 'Sign in', url: facts.signInUrl },
    after: [notYou],
    signature: facts.practiceName,
  });
}

/**
 * To someone who asked a practice for therapy from an address that has an account in another
 * practice: the practice wanted to offer them a place but cannot place that account, so they
 * should contact it. Nothing of the request or the place is repeated.
 */
export function placeOfferedToExistingAccountMail(facts: {
  to: string;
  displayName: string;
  practiceName: string;
}): MailMessage {
  return layOut({
    to: facts.to,
    subject: `${facts.practiceName} would like to offer you a place`,
    greeting: `Hello ${facts.displayName},`,
    paragraphs: [
      `${facts.practiceName} read your request and wanted to offer you a place. This address already has a Hearth account with another practice, and an address can belong to one account only, so they could not offer it here.`,
      `Please contact ${facts.practiceName} directly: they can invite another address of yours.`,
    ],
    after: [notYou],
    signature: facts.practiceName,
  });
}

/** The link that creates a practice once its coordinator's address is confirmed. */
export function signUpConfirmationMail(facts: {
  to: string;
  displayName: string;
  practiceName: string;
  url: string;
  hours: number;
}): MailMessage {
  return layOut({
    to: facts.to,
    subject: 'Confirm your email address to create your practice',
    greeting: `Hello ${facts.displayName},`,
    paragraphs: [
      `Someone, probably you, asked to create the practice ${facts.practiceName} on Hearth with this email address. Open the link below to confirm the address: the practice is created and you are signed in.`,
      `The link works once, for ${facts.hours} hours. Until then nothing has been created.`,
    ],
    action: { label: 'Confirm and create the practice', url: facts.url },
    after: ['If it was not you, ignore this email: without the link nothing is created.'],
    signature: 'Hearth',
  });
}

/** To the owner of an address someone tried to sign up with again. */
export function signUpAttemptMail(facts: {
  to: string;
  displayName: string;
  signInUrl: string;
  forgotPasswordUrl: string;
}): MailMessage {
  return layOut({
    to: facts.to,
    subject: 'Someone tried to create a Hearth account with your address',
    greeting: `Hello ${facts.displayName},`,
    paragraphs: [
      'Someone tried to create a new Hearth account with this email address, which already has one. No second account was made and nothing changed in yours.',
      `If it was you, sign in instead, or choose a new password if you have forgotten it: ${facts.forgotPasswordUrl}`,
    ],
    action: { label: 'Sign in', url: facts.signInUrl },
    after: ['If it was not you, you can ignore this email: your account is as it was.'],
    signature: 'Hearth',
  });
}

export function passwordResetMail(facts: {
  to: string;
  displayName: string;
  url: string;
  minutes: number;
}): MailMessage {
  return layOut({
    to: facts.to,
    subject: 'Reset your Hearth password',
    greeting: `Hello ${facts.displayName},`,
    paragraphs: [
      `Someone asked to reset the password of your Hearth account. The link below works once, for ${facts.minutes} minutes.`,
      'Choosing a new password signs you out everywhere else.',
    ],
    action: { label: 'Choose a new password', url: facts.url },
    after: ['If you did not ask for this, ignore this email: your password stays as it is.'],
    signature: 'Hearth',
  });
}

export function verificationMail(facts: {
  to: string;
  displayName: string;
  url: string;
  hours: number;
  change: boolean;
}): MailMessage {
  return layOut({
    to: facts.to,
    subject: facts.change ? 'Confirm your new email address' : 'Confirm your email address',
    greeting: `Hello ${facts.displayName},`,
    paragraphs: [
      facts.change
        ? 'Please confirm that this is the new email address of your Hearth account. Until you do, Hearth keeps using your old one.'
        : 'Please confirm that this is your email address, so that Hearth can send you password resets and invitations.',
      `The link below works once, for ${facts.hours} hours.`,
    ],
    action: { label: 'Confirm this address', url: facts.url },
    after: [notYou],
    signature: 'Hearth',
  });
}

/** Tells the old address that the account's email is changing, so a takeover does not go unseen. */
export function emailChangingNotice(facts: { to: string; displayName: string }): MailMessage {
  return layOut({
    to: facts.to,
    subject: 'Your Hearth email address is being changed',
    greeting: `Hello ${facts.displayName},`,
    paragraphs: [
      'Someone signed in to your Hearth account asked to use a new email address for it. It changes once the new address is confirmed.',
    ],
    after: [
      'If this was not you, reset your password from the sign-in page and tell your practice.',
    ],
    signature: 'Hearth',
  });
}

function when(date: Date, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(date);
}
