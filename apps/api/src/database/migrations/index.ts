import { Extensions1764115200000 } from './1764115200000-extensions';
import { Identity1764118800000 } from './1764118800000-identity';
import { Scheduling1764122400000 } from './1764122400000-scheduling';
import { CalendarFeed1764126000000 } from './1764126000000-calendar-feed';
import { Reminders1764129600000 } from './1764129600000-reminders';
import { TherapistProfile1764133200000 } from './1764133200000-therapist-profile';
import { LiveSessions1764136800000 } from './1764136800000-live-sessions';
import { SessionAgenda1764138600000 } from './1764138600000-session-agenda';
import { Clinical1764144000000 } from './1764144000000-clinical';
import { TherapyRequests1764147600000 } from './1764147600000-therapy-requests';
import { Privacy1764165600000 } from './1764165600000-privacy';
import { RosterChanges1765000000000 } from './1765000000000-roster-changes';
import { MailOutbox1765100000000 } from './1765100000000-mail-outbox';
import { Accounts1765110000000 } from './1765110000000-accounts';
import { AuditChain1765200000000 } from './1765200000000-audit-chain';
import { UsedFormTokens1765200000001 } from './1765200000001-used-form-tokens';
import { SignInAlertMail1765200000002 } from './1765200000002-sign-in-alert-mail';
import { StaffSecondFactor1765300000000 } from './1765300000000-staff-second-factor';
import { ClinicalEncryption1765400000000 } from './1765400000000-clinical-encryption';
import { PracticeLocations1765500000000 } from './1765500000000-practice-locations';
import { PendingSignUps1765600000000 } from './1765600000000-pending-sign-ups';
import { AlertAnswerSealed1765700000000 } from './1765700000000-alert-answer-sealed';

/** Every migration, oldest first. Both PostgreSQL and the embedded database run exactly these. */
export const migrations = [
  Extensions1764115200000,
  Identity1764118800000,
  Scheduling1764122400000,
  CalendarFeed1764126000000,
  Reminders1764129600000,
  TherapistProfile1764133200000,
  LiveSessions1764136800000,
  SessionAgenda1764138600000,
  Clinical1764144000000,
  TherapyRequests1764147600000,
  Privacy1764165600000,
  RosterChanges1765000000000,
  MailOutbox1765100000000,
  Accounts1765110000000,
  AuditChain1765200000000,
  UsedFormTokens1765200000001,
  SignInAlertMail1765200000002,
  StaffSecondFactor1765300000000,
  ClinicalEncryption1765400000000,
  PracticeLocations1765500000000,
  PendingSignUps1765600000000,
  AlertAnswerSealed1765700000000,
];
