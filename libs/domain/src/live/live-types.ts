// The shapes the live session takes and gives: who enters, what each view shows, what a tick
// found and what survives a move to another server.

export type LiveRole = 'therapist' | 'client';
export type Presence = 'waiting' | 'admitted' | 'reconnecting';
export type LiveMediaSource = 'camera' | 'microphone' | 'screen';

/** Someone asking to enter, as the API found them on the session's course. */
export interface Entrant {
  readonly id: string;
  readonly displayName: string;
  readonly role: LiveRole;
  /** An active roster member of the course (clients), for auto-admit. */
  readonly knownMember: boolean;
}

/** One participant as every view shows them. */
export interface ParticipantView {
  readonly id: string;
  readonly displayName: string;
  readonly role: LiveRole;
  readonly presence: Presence;
  readonly since: string;
  readonly microphoneOn: boolean;
  readonly cameraOn: boolean;
  readonly screenSharing: boolean;
  readonly unmuteLocked: boolean;
  readonly handPosition: number | null;
  readonly breakoutRoom: number | null;
}

/** The breakout rooms as views show them (member ids per room). */
export interface BreakoutsView {
  readonly rooms: string[][];
  readonly endsAt: string | null;
}

/** What one participant sees of the session. */
export interface SessionViewModel {
  readonly sessionId: string;
  readonly selfId: string;
  readonly locked: boolean;
  readonly participants: ParticipantView[];
  readonly breakouts: BreakoutsView | null;
  readonly activeSpeakerId: string | null;
}

export interface LiveChatMessage {
  readonly id: string;
  readonly fromId: string;
  readonly fromName: string;
  readonly text: string;
  readonly sentAt: string;
}

/**
 * What must survive a session moving to another server: who had been let in (they come back
 * without waiting), who was removed (they stay out), the lock, the raised hands in their order,
 * the mute locks and running breakouts. Each person's part is given back as they arrive. The
 * agenda is stored in the database; chat is kept in memory only. Fields after `locked` are absent
 * from snapshots written before they existed.
 */
export interface LiveSessionSnapshot {
  readonly admitted: readonly string[];
  readonly removed: readonly string[];
  readonly locked: boolean;
  /** Raised hands, earliest first. */
  readonly hands?: readonly string[];
  /** Clients a therapist muted who may not unmute until allowed. */
  readonly unmuteLocked?: readonly string[];
  readonly breakouts?: BreakoutsSnapshot | null;
}

/** Running breakouts, as a snapshot carries them. */
export interface BreakoutsSnapshot {
  /** Client ids per room. */
  readonly rooms: readonly (readonly string[])[];
  /** When the countdown ends (ISO 8601), or null without one. */
  readonly endsAt: string | null;
  /** The one-minute warning was given. */
  readonly warned: boolean;
  /** Therapists visiting a room (the others are in the main room). */
  readonly visits: readonly { readonly id: string; readonly room: number }[];
}

/** What `LiveSession.join` did. */
export interface JoinOutcome {
  readonly presence: Exclude<Presence, 'reconnecting'>;
  /** The person already had a seat (a reload, a second tab or a reconnect). */
  readonly returning: boolean;
}

/** What `LiveSession.tick` found due at `now`. */
export interface TickOutcome {
  /** Participants whose held seat ran out: they have left. */
  readonly seatsFreed: string[];
  /** Seconds left when the one-minute breakout warning became due, else null. */
  readonly breakoutWarning: number | null;
  /** The breakouts' countdown ran out and everyone is back in the main room. */
  readonly breakoutsEnded: boolean;
}
