import { DomainError } from '../errors/domain-error';

export type LiveRole = 'therapist' | 'client';
export type Presence = 'waiting' | 'admitted' | 'reconnecting';
export type LiveMediaSource = 'camera' | 'microphone' | 'screen';

/** How long a dropped participant keeps their seat (ms). */
export const SEAT_HOLD_MS = 60_000;
/** Breakouts may split the clients into this many rooms. */
export const breakoutRoomLimits = { min: 2, max: 4 } as const;
/** The warning before breakouts end by themselves (ms). */
export const BREAKOUT_WARNING_MS = 60_000;
/** Chat kept in memory for late joiners; older lines drop off. */
export const CHAT_HISTORY_LIMIT = 200;

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

/** What one participant sees of the session. */
export interface SessionViewModel {
  readonly sessionId: string;
  readonly selfId: string;
  readonly locked: boolean;
  readonly participants: ParticipantView[];
  readonly breakouts: { rooms: string[][]; endsAt: string | null } | null;
  readonly activeSpeakerId: string | null;
}

export interface LiveChatMessage {
  readonly id: string;
  readonly fromId: string;
  readonly fromName: string;
  readonly text: string;
  readonly sentAt: string;
}

interface Seat {
  readonly id: string;
  readonly displayName: string;
  readonly role: LiveRole;
  presence: Presence;
  /** What the seat returns to when a dropped participant comes back. */
  presenceBeforeDrop: Exclude<Presence, 'reconnecting'>;
  since: Date;
  seatHeldUntil: Date | null;
  microphoneOn: boolean;
  cameraOn: boolean;
  screenSharing: boolean;
  unmuteLocked: boolean;
  /** Ordinal of the raised hand (lower is earlier), null with the hand down. */
  handRaisedAt: number | null;
  breakoutRoom: number | null;
}

interface Breakouts {
  rooms: string[][];
  endsAt: Date | null;
  warned: boolean;
}

/**
 * What must survive a session moving to another server: who had been let in (they come back
 * without waiting), who was removed (they stay out) and the lock.
 */
export interface LiveSessionSnapshot {
  readonly admitted: readonly string[];
  readonly removed: readonly string[];
  readonly locked: boolean;
}

/** What {@link LiveSession.join} did. */
export interface JoinOutcome {
  readonly presence: Exclude<Presence, 'reconnecting'>;
  /** The person already had a seat (a reload, a second tab or a reconnect). */
  readonly returning: boolean;
}

/** What {@link LiveSession.tick} found due at `now`. */
export interface TickOutcome {
  /** Participants whose held seat ran out: they have left. */
  readonly seatsFreed: string[];
  /** Seconds left when the one-minute breakout warning became due, else null. */
  readonly breakoutWarning: number | null;
  /** The breakouts' countdown ran out and everyone is back in the main room. */
  readonly breakoutsEnded: boolean;
}

/**
 * The live state of one session: who waits, who is in, hands, mutes, lock and breakouts. Pure:
 * time comes in as arguments, nothing is stored, and every refused request throws a DomainError
 * before it changes anything.
 */
export class LiveSession {
  readonly #seats = new Map<string, Seat>();
  readonly #removed = new Set<string>();
  readonly #chat: LiveChatMessage[] = [];
  #locked = false;
  #breakouts: Breakouts | null = null;
  #handCounter = 0;
  #chatCounter = 0;
  #activeSpeakerId: string | null = null;
  /** Admitted on the server the session moved from: they come back in without waiting. */
  readonly #admittedBefore = new Set<string>();

  constructor(
    readonly sessionId: string,
    readonly options: { readonly autoAdmitMembers: boolean },
  ) {}

  get locked(): boolean {
    return this.#locked;
  }

  get isEmpty(): boolean {
    return this.#seats.size === 0;
  }

  /** Ids of everyone with a seat, in any presence. */
  get participantIds(): string[] {
    return [...this.#seats.keys()];
  }

  has(id: string): boolean {
    return this.#seats.has(id);
  }

  presenceOf(id: string): Presence | null {
    return this.#seats.get(id)?.presence ?? null;
  }

  roleOf(id: string): LiveRole | null {
    return this.#seats.get(id)?.role ?? null;
  }

  isAdmitted(id: string): boolean {
    return this.#seats.get(id)?.presence === 'admitted';
  }

  wasRemoved(id: string): boolean {
    return this.#removed.has(id);
  }

  /**
   * Seats an entrant. A person who already has a seat gets it back as it was (their media is
   * rebuilt by the caller). Therapists go straight in; clients wait unless the course auto-admits
   * its known members. A removed person, and anyone new to a locked session, is refused.
   */
  join(entrant: Entrant, now: Date): JoinOutcome {
    if (this.#removed.has(entrant.id)) {
      throw new DomainError('forbidden', 'You were removed from this session', {
        reason: 'removed',
      });
    }
    const seat = this.#seats.get(entrant.id);
    if (seat) {
      seat.presence = seat.presenceBeforeDrop;
      seat.seatHeldUntil = null;
      return { presence: seat.presence as JoinOutcome['presence'], returning: true };
    }
    if (this.#locked && entrant.role === 'client' && !this.#admittedBefore.has(entrant.id)) {
      throw new DomainError('conflict', 'The therapist has locked this session', {
        reason: 'locked',
      });
    }
    const admitted =
      entrant.role === 'therapist' ||
      this.#admittedBefore.delete(entrant.id) ||
      (this.options.autoAdmitMembers && entrant.knownMember);
    const presence = admitted ? 'admitted' : 'waiting';
    this.#seats.set(entrant.id, {
      id: entrant.id,
      displayName: entrant.displayName,
      role: entrant.role,
      presence,
      presenceBeforeDrop: presence,
      since: now,
      seatHeldUntil: null,
      microphoneOn: false,
      cameraOn: false,
      screenSharing: false,
      unmuteLocked: false,
      handRaisedAt: null,
      breakoutRoom: null,
    });
    return { presence, returning: false };
  }

  /** The participant's connection dropped: their seat is held until `now` + {@link SEAT_HOLD_MS}. */
  drop(id: string, now: Date): void {
    const seat = this.#seats.get(id);
    if (!seat || seat.presence === 'reconnecting') return;
    seat.presenceBeforeDrop = seat.presence;
    seat.presence = 'reconnecting';
    seat.seatHeldUntil = new Date(now.getTime() + SEAT_HOLD_MS);
  }

  /** What another server needs to carry this session on (see {@link LiveSessionSnapshot}). */
  snapshot(): LiveSessionSnapshot {
    const admitted = [...this.#seats.values()]
      .filter((seat) => seat.presence === 'admitted' || seat.presenceBeforeDrop === 'admitted')
      .map((seat) => seat.id);
    return {
      admitted: [...new Set([...admitted, ...this.#admittedBefore])],
      removed: [...this.#removed],
      locked: this.#locked,
    };
  }

  /** Carries on a session that moved here from another server. */
  restore(snapshot: LiveSessionSnapshot): void {
    for (const id of snapshot.admitted) this.#admittedBefore.add(id);
    for (const id of snapshot.removed) this.#removed.add(id);
    this.#locked = snapshot.locked;
  }

  /** A dropped participant's connection came back on its own (their media path recovered). */
  recover(id: string): boolean {
    const seat = this.#seats.get(id);
    if (!seat || seat.presence !== 'reconnecting') return false;
    seat.presence = seat.presenceBeforeDrop;
    seat.seatHeldUntil = null;
    return true;
  }

  /** The participant left (or their seat ran out): everything about them goes. */
  leave(id: string): boolean {
    const seat = this.#seats.get(id);
    if (!seat) return false;
    this.#seats.delete(id);
    if (this.#activeSpeakerId === id) this.#activeSpeakerId = null;
    if (this.#breakouts) {
      this.#breakouts.rooms = this.#breakouts.rooms.map((room) => room.filter((m) => m !== id));
    }
    return true;
  }

  /** Frees held seats that ran out and ends breakouts whose countdown did. */
  tick(now: Date): TickOutcome {
    const seatsFreed: string[] = [];
    for (const seat of this.#seats.values()) {
      if (seat.seatHeldUntil && seat.seatHeldUntil <= now) seatsFreed.push(seat.id);
    }
    for (const id of seatsFreed) this.leave(id);
    let breakoutWarning: number | null = null;
    let breakoutsEnded = false;
    const endsAt = this.#breakouts?.endsAt;
    if (this.#breakouts && endsAt) {
      const left = endsAt.getTime() - now.getTime();
      if (left <= 0) {
        this.#endBreakouts();
        breakoutsEnded = true;
      } else if (left <= BREAKOUT_WARNING_MS && !this.#breakouts.warned) {
        this.#breakouts.warned = true;
        breakoutWarning = Math.ceil(left / 1000);
      }
    }
    return { seatsFreed, breakoutWarning, breakoutsEnded };
  }

  // Waiting room ----------------------------------------------------------------------------

  admit(actorId: string, targetId: string, now: Date): void {
    this.#assertTherapist(actorId);
    const seat = this.#seatOf(targetId);
    if (seat.presence !== 'waiting') {
      throw new DomainError('conflict', `${seat.displayName} is not in the waiting room`);
    }
    this.#admitSeat(seat, now);
  }

  /** Admits everyone waiting; returns their ids. */
  admitAll(actorId: string, now: Date): string[] {
    this.#assertTherapist(actorId);
    const waiting = [...this.#seats.values()].filter((seat) => seat.presence === 'waiting');
    for (const seat of waiting) this.#admitSeat(seat, now);
    return waiting.map((seat) => seat.id);
  }

  /** Turns away someone waiting; they may ask again later. */
  deny(actorId: string, targetId: string): void {
    this.#assertTherapist(actorId);
    const seat = this.#seatOf(targetId);
    if (seat.presence !== 'waiting') {
      throw new DomainError('conflict', `${seat.displayName} is not in the waiting room`);
    }
    this.leave(targetId);
  }

  /** Moves an admitted client back to the waiting room (their media stops). */
  sendBack(actorId: string, targetId: string, now: Date): void {
    this.#assertTherapist(actorId);
    const seat = this.#seatOf(targetId);
    if (seat.role !== 'client') {
      throw new DomainError('conflict', 'Only clients can be sent to the waiting room');
    }
    if (seat.presence !== 'admitted') {
      throw new DomainError('conflict', `${seat.displayName} is not in the call`);
    }
    seat.presence = 'waiting';
    seat.presenceBeforeDrop = 'waiting';
    seat.since = now;
    seat.handRaisedAt = null;
    seat.microphoneOn = false;
    seat.cameraOn = false;
    seat.screenSharing = false;
    if (this.#breakouts) this.#unassign(seat);
  }

  // In the call -----------------------------------------------------------------------------

  /**
   * Records that a participant's own track went on or off. Turning the microphone on while a
   * therapist holds it muted is refused.
   */
  setMedia(id: string, source: LiveMediaSource, on: boolean): void {
    const seat = this.#admittedSeat(id);
    this.assertMayTurnOn(id, source, on);
    if (source === 'microphone') seat.microphoneOn = on;
    else if (source === 'camera') seat.cameraOn = on;
    else seat.screenSharing = on;
  }

  /** Whether this participant may turn their microphone on now. */
  mayUnmute(id: string): boolean {
    return !this.#seats.get(id)?.unmuteLocked;
  }

  /**
   * The one mute-lock rule: turning the microphone on (publishing it unpaused, or resuming it)
   * while a therapist holds it muted is refused. Anything else passes.
   */
  assertMayTurnOn(id: string, source: LiveMediaSource, on: boolean): void {
    if (source === 'microphone' && on && !this.mayUnmute(id)) {
      throw new DomainError('forbidden', 'A therapist has muted you; they can let you unmute', {
        reason: 'unmute_locked',
      });
    }
  }

  /** Who leads the agenda: the session's therapists while they are in the call. */
  assertAgendaLeader(id: string): void {
    const seat = this.#seats.get(id);
    if (!seat || seat.role !== 'therapist' || seat.presence !== 'admitted') {
      throw new DomainError('forbidden', 'Only the session’s therapists lead the agenda');
    }
  }

  /**
   * The order of a go-round: the course's clients in roster order, keeping those with a seat in
   * the call (a dropped one keeps their turn while their seat is held) and leaving out the
   * waiting room.
   */
  goRoundOrder(rosterOrder: readonly string[]): string[] {
    return rosterOrder.filter((id) => {
      const presence = this.presenceOf(id);
      return presence !== null && presence !== 'waiting';
    });
  }

  raiseHand(id: string): void {
    const seat = this.#admittedSeat(id);
    if (seat.handRaisedAt === null) seat.handRaisedAt = ++this.#handCounter;
  }

  /** Lowers the actor's own hand, or (therapists) someone else's. */
  lowerHand(actorId: string, targetId: string = actorId): void {
    if (targetId !== actorId) this.#assertTherapist(actorId);
    else this.#admittedSeat(actorId);
    this.#seatOf(targetId).handRaisedAt = null;
  }

  lowerAllHands(actorId: string): void {
    this.#assertTherapist(actorId);
    for (const seat of this.#seats.values()) seat.handRaisedAt = null;
  }

  /** Adds a chat line from an admitted participant (kept in memory only). */
  chat(fromId: string, text: string, now: Date): LiveChatMessage {
    const seat = this.#admittedSeat(fromId);
    const message: LiveChatMessage = {
      id: `m${++this.#chatCounter}`,
      fromId,
      fromName: seat.displayName,
      text,
      sentAt: now.toISOString(),
    };
    this.#chat.push(message);
    if (this.#chat.length > CHAT_HISTORY_LIMIT) this.#chat.shift();
    return message;
  }

  get chatHistory(): readonly LiveChatMessage[] {
    return this.#chat;
  }

  setActiveSpeaker(id: string | null): void {
    this.#activeSpeakerId = id !== null && this.#seats.has(id) ? id : null;
  }

  // Moderation ------------------------------------------------------------------------------

  /** Mutes a client's microphone; with `lock` they cannot unmute until a therapist allows it. */
  mute(actorId: string, targetId: string, lock: boolean): void {
    this.#assertTherapist(actorId);
    const seat = this.#seatOf(targetId);
    if (seat.role !== 'client') throw new DomainError('conflict', 'Therapists cannot be muted');
    seat.microphoneOn = false;
    if (lock) seat.unmuteLocked = true;
  }

  /** Mutes every client; returns their ids. */
  muteAll(actorId: string, lock: boolean): string[] {
    this.#assertTherapist(actorId);
    const clients = [...this.#seats.values()].filter((seat) => seat.role === 'client');
    for (const seat of clients) {
      seat.microphoneOn = false;
      if (lock) seat.unmuteLocked = true;
    }
    return clients.map((seat) => seat.id);
  }

  /** Lets one client (or, without a target, every client) unmute again. */
  unlockMute(actorId: string, targetId?: string): void {
    this.#assertTherapist(actorId);
    if (targetId !== undefined) {
      this.#seatOf(targetId).unmuteLocked = false;
      return;
    }
    for (const seat of this.#seats.values()) seat.unmuteLocked = false;
  }

  /** Removes a client for the rest of this session: they cannot come back. */
  remove(actorId: string, targetId: string): void {
    this.#assertTherapist(actorId);
    const seat = this.#seatOf(targetId);
    if (seat.role !== 'client') {
      throw new DomainError('conflict', 'Therapists cannot be removed from a session');
    }
    this.#removed.add(targetId);
    this.leave(targetId);
  }

  setLocked(actorId: string, locked: boolean): void {
    this.#assertTherapist(actorId);
    this.#locked = locked;
  }

  // Breakouts -------------------------------------------------------------------------------

  /**
   * Splits admitted clients into 2–4 rooms. Clients left out stay in the main room with the
   * therapists, who then move between rooms with {@link visit}.
   */
  startBreakouts(actorId: string, rooms: string[][], minutes: number | null, now: Date): void {
    this.#assertTherapist(actorId);
    if (this.#breakouts) throw new DomainError('conflict', 'Breakouts are already running');
    if (rooms.length < breakoutRoomLimits.min || rooms.length > breakoutRoomLimits.max) {
      throw new DomainError('validation_failed', 'Breakouts need 2 to 4 rooms', {
        issues: [{ location: 'body', path: 'rooms', message: 'must list 2 to 4 rooms' }],
      });
    }
    const seen = new Set<string>();
    rooms.forEach((room, index) => {
      if (room.length === 0) {
        throw new DomainError('validation_failed', `Room ${index + 1} is empty`, {
          issues: [{ location: 'body', path: `rooms.${index}`, message: 'must not be empty' }],
        });
      }
      for (const id of room) {
        const seat = this.#seats.get(id);
        if (!seat || seat.role !== 'client' || seat.presence === 'waiting') {
          throw new DomainError(
            'validation_failed',
            'Only clients in the call can go into breakouts',
            { issues: [{ location: 'body', path: `rooms.${index}`, message: 'not in the call' }] },
          );
        }
        if (seen.has(id)) {
          throw new DomainError('validation_failed', 'Each person can be in one room only', {
            issues: [{ location: 'body', path: `rooms.${index}`, message: 'listed twice' }],
          });
        }
        seen.add(id);
      }
    });
    this.#breakouts = {
      rooms: rooms.map((room) => [...room]),
      endsAt: minutes === null ? null : new Date(now.getTime() + minutes * 60_000),
      warned: false,
    };
    rooms.forEach((room, index) => {
      for (const id of room) this.#seatOf(id).breakoutRoom = index;
    });
  }

  /** A therapist moves into breakout room `room`, or back to the main room with null. */
  visit(actorId: string, room: number | null): void {
    this.#assertTherapist(actorId);
    if (!this.#breakouts) throw new DomainError('conflict', 'No breakouts are running');
    if (room !== null && (room < 0 || room >= this.#breakouts.rooms.length)) {
      throw new DomainError('not_found', `There is no room ${room + 1}`);
    }
    this.#seatOf(actorId).breakoutRoom = room;
  }

  /** Brings everyone back into the main room. */
  endBreakouts(actorId: string): void {
    this.#assertTherapist(actorId);
    if (!this.#breakouts) throw new DomainError('conflict', 'No breakouts are running');
    this.#endBreakouts();
  }

  get breakoutsRunning(): boolean {
    return this.#breakouts !== null;
  }

  /**
   * Whether `listener` should receive `speaker`'s media: both admitted and in the same room
   * (the main room when no breakouts run).
   */
  canReceive(listenerId: string, speakerId: string): boolean {
    const listener = this.#seats.get(listenerId);
    const speaker = this.#seats.get(speakerId);
    if (!listener || !speaker || listener === speaker) return false;
    if (listener.presence === 'waiting' || speaker.presence === 'waiting') return false;
    return listener.breakoutRoom === speaker.breakoutRoom;
  }

  // Views -----------------------------------------------------------------------------------

  /**
   * What `viewerId` sees: therapists see the waiting room too, admitted clients the call, and
   * waiting clients only themselves and the therapists.
   */
  viewFor(viewerId: string): SessionViewModel {
    const viewer = this.#seatOf(viewerId);
    const hands = [...this.#seats.values()]
      .filter((seat) => seat.handRaisedAt !== null)
      .sort((a, b) => (a.handRaisedAt ?? 0) - (b.handRaisedAt ?? 0))
      .map((seat) => seat.id);
    const participants = [...this.#seats.values()]
      .filter((seat) => {
        if (seat === viewer || viewer.role === 'therapist') return true;
        // Someone still waiting (who may be turned away) learns nothing of the group but who
        // the therapists are.
        if (viewer.presence === 'waiting') return seat.role === 'therapist';
        return seat.presence !== 'waiting';
      })
      .map((seat) => ({
        id: seat.id,
        displayName: seat.displayName,
        role: seat.role,
        presence: seat.presence,
        since: seat.since.toISOString(),
        microphoneOn: seat.microphoneOn,
        cameraOn: seat.cameraOn,
        screenSharing: seat.screenSharing,
        unmuteLocked: seat.unmuteLocked,
        handPosition: seat.handRaisedAt === null ? null : hands.indexOf(seat.id) + 1,
        breakoutRoom: seat.breakoutRoom,
      }));
    return {
      sessionId: this.sessionId,
      selfId: viewerId,
      locked: this.#locked,
      participants,
      breakouts: this.#breakouts
        ? {
            rooms: this.#breakouts.rooms.map((room) => [...room]),
            endsAt: this.#breakouts.endsAt?.toISOString() ?? null,
          }
        : null,
      activeSpeakerId: this.#activeSpeakerId,
    };
  }

  #admitSeat(seat: Seat, now: Date): void {
    seat.presence = 'admitted';
    seat.presenceBeforeDrop = 'admitted';
    seat.since = now;
  }

  #endBreakouts(): void {
    this.#breakouts = null;
    for (const seat of this.#seats.values()) seat.breakoutRoom = null;
  }

  #unassign(seat: Seat): void {
    seat.breakoutRoom = null;
    if (this.#breakouts) {
      this.#breakouts.rooms = this.#breakouts.rooms.map((room) =>
        room.filter((m) => m !== seat.id),
      );
    }
  }

  #seatOf(id: string): Seat {
    const seat = this.#seats.get(id);
    if (!seat) throw new DomainError('not_found', 'That person is not in this session');
    return seat;
  }

  #admittedSeat(id: string): Seat {
    const seat = this.#seatOf(id);
    if (seat.presence !== 'admitted') {
      throw new DomainError('forbidden', 'Wait until a therapist lets you into the call', {
        reason: 'not_admitted',
      });
    }
    return seat;
  }

  #assertTherapist(actorId: string): void {
    const seat = this.#seats.get(actorId);
    if (!seat || seat.role !== 'therapist' || seat.presence !== 'admitted') {
      throw new DomainError('forbidden', 'Only the session’s therapists can do that');
    }
  }
}
