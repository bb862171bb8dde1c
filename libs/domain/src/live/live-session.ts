import { DomainError } from '../errors/domain-error';
import { Admission } from './admission';
import { Breakouts } from './breakouts';
import { Floor } from './floor';
import { LiveChat } from './live-chat';
import type {
  Entrant,
  JoinOutcome,
  LiveChatMessage,
  LiveMediaSource,
  LiveRole,
  LiveSessionSnapshot,
  Presence,
  SessionViewModel,
  TickOutcome,
} from './live-types';
import { SeatTable } from './seats';
import { buildView } from './session-view';

/**
 * The live state of one session: who waits, who is in, hands, mutes, lock and breakouts. Pure:
 * time comes in as arguments, nothing is stored, and every refused request throws a DomainError
 * before it changes anything.
 *
 * The rules live in units sharing one {@link SeatTable}: the door ({@link Admission}), the floor
 * ({@link Floor}: media, mutes, hands), {@link Breakouts}, {@link LiveChat} and the views
 * ({@link buildView}). This class is what callers hold; it ties the units together where one
 * change reaches several (someone leaving frees their seat, their room place and the speaker).
 */
export class LiveSession {
  readonly #seats = new SeatTable();
  readonly #door: Admission;
  readonly #floor = new Floor(this.#seats);
  readonly #breakouts = new Breakouts(this.#seats);
  readonly #chat = new LiveChat();
  #activeSpeakerId: string | null = null;

  constructor(
    readonly sessionId: string,
    readonly options: { readonly autoAdmitMembers: boolean },
  ) {
    this.#door = new Admission(this.#seats, options.autoAdmitMembers);
  }

  get locked(): boolean {
    return this.#door.locked;
  }

  get isEmpty(): boolean {
    return this.#seats.size === 0;
  }

  /** Ids of everyone with a seat, in any presence. */
  get participantIds(): string[] {
    return this.#seats.ids;
  }

  has(id: string): boolean {
    return this.#seats.find(id) !== undefined;
  }

  presenceOf(id: string): Presence | null {
    return this.#seats.find(id)?.presence ?? null;
  }

  roleOf(id: string): LiveRole | null {
    return this.#seats.find(id)?.role ?? null;
  }

  isAdmitted(id: string): boolean {
    return this.#seats.find(id)?.presence === 'admitted';
  }

  wasRemoved(id: string): boolean {
    return this.#door.wasRemoved(id);
  }

  // Coming and going ------------------------------------------------------------------------

  /**
   * Seats an entrant. A person who already has a seat gets it back as it was (their media is
   * rebuilt by the caller). Therapists go straight in; clients wait unless the course auto-admits
   * its known members. A removed person, and anyone new to a locked session, is refused.
   */
  join(entrant: Entrant, now: Date): JoinOutcome {
    const outcome = this.#door.join(entrant, now);
    if (!outcome.returning && outcome.presence === 'admitted') {
      // Back after the session moved here: their hand, mute lock and breakout room with them.
      const seat = this.#seats.of(entrant.id);
      this.#floor.seated(seat);
      this.#breakouts.seated(seat);
    }
    return outcome;
  }

  /** The participant's connection dropped: their seat is held for `SEAT_HOLD_MS`. */
  drop(id: string, now: Date): void {
    this.#door.drop(id, now);
  }

  /** A dropped participant's connection came back on its own (their media path recovered). */
  recover(id: string): boolean {
    return this.#door.recover(id);
  }

  /** What another server needs to carry this session on (see {@link LiveSessionSnapshot}). */
  snapshot(): LiveSessionSnapshot {
    return {
      ...this.#door.snapshot(),
      ...this.#floor.snapshot(),
      breakouts: this.#breakouts.snapshot(),
    };
  }

  /** Carries on a session that moved here from another server. */
  restore(snapshot: LiveSessionSnapshot): void {
    this.#door.restore(snapshot);
    this.#floor.restore(snapshot);
    this.#breakouts.restore(snapshot.breakouts);
  }

  /** The participant left (or their seat ran out): everything about them goes. */
  leave(id: string): boolean {
    if (!this.#seats.delete(id)) return false;
    if (this.#activeSpeakerId === id) this.#activeSpeakerId = null;
    this.#breakouts.forget(id);
    return true;
  }

  /** Frees held seats that ran out and ends breakouts whose countdown did. */
  tick(now: Date): TickOutcome {
    const seatsFreed = this.#door.holdsRunOut(now);
    for (const id of seatsFreed) this.leave(id);
    const { warning, ended } = this.#breakouts.tick(now);
    return { seatsFreed, breakoutWarning: warning, breakoutsEnded: ended };
  }

  // Waiting room ----------------------------------------------------------------------------

  admit(actorId: string, targetId: string, now: Date): void {
    this.#door.admit(actorId, targetId, now);
  }

  /** Admits everyone waiting; returns their ids. */
  admitAll(actorId: string, now: Date): string[] {
    return this.#door.admitAll(actorId, now);
  }

  /** Turns away someone waiting; they may ask again later. */
  deny(actorId: string, targetId: string): void {
    this.#door.deny(actorId, targetId);
    this.leave(targetId);
  }

  /** Moves an admitted client back to the waiting room (their media stops). */
  sendBack(actorId: string, targetId: string, now: Date): void {
    this.#breakouts.unassign(this.#door.sendBack(actorId, targetId, now));
  }

  // In the call -----------------------------------------------------------------------------

  /**
   * Records that a participant's own track went on or off. Turning the microphone on while a
   * therapist holds it muted is refused.
   */
  setMedia(id: string, source: LiveMediaSource, on: boolean): void {
    this.#floor.setMedia(id, source, on);
  }

  /** Whether this participant may turn their microphone on now. */
  mayUnmute(id: string): boolean {
    return this.#floor.mayUnmute(id);
  }

  /**
   * The one mute-lock rule: turning the microphone on (publishing it unpaused, or resuming it)
   * while a therapist holds it muted is refused. Anything else passes.
   */
  assertMayTurnOn(id: string, source: LiveMediaSource, on: boolean): void {
    this.#floor.assertMayTurnOn(id, source, on);
  }

  /** Who leads the agenda: the session's therapists while they are in the call. */
  assertAgendaLeader(id: string): void {
    if (!this.#seats.isTherapistInCall(id)) {
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
    this.#floor.raiseHand(id);
  }

  /** Lowers the actor's own hand, or (therapists) someone else's. */
  lowerHand(actorId: string, targetId: string = actorId): void {
    this.#floor.lowerHand(actorId, targetId);
  }

  lowerAllHands(actorId: string): void {
    this.#floor.lowerAllHands(actorId);
  }

  /** Adds a chat line from an admitted participant (kept in memory only). */
  chat(fromId: string, text: string, now: Date): LiveChatMessage {
    return this.#chat.add(this.#seats.admitted(fromId), text, now);
  }

  get chatHistory(): readonly LiveChatMessage[] {
    return this.#chat.history;
  }

  setActiveSpeaker(id: string | null): void {
    this.#activeSpeakerId = id !== null && this.has(id) ? id : null;
  }

  // Moderation ------------------------------------------------------------------------------

  /** Mutes a client's microphone; with `lock` they cannot unmute until a therapist allows it. */
  mute(actorId: string, targetId: string, lock: boolean): void {
    this.#floor.mute(actorId, targetId, lock);
  }

  /** Mutes every client; returns their ids. */
  muteAll(actorId: string, lock: boolean): string[] {
    return this.#floor.muteAll(actorId, lock);
  }

  /** Lets one client (or, without a target, every client) unmute again. */
  unlockMute(actorId: string, targetId?: string): void {
    this.#floor.unlockMute(actorId, targetId);
  }

  /** Removes a client for the rest of this session: they cannot come back. */
  remove(actorId: string, targetId: string): void {
    this.#door.remove(actorId, targetId);
    this.leave(targetId);
  }

  setLocked(actorId: string, locked: boolean): void {
    this.#door.setLocked(actorId, locked);
  }

  // Breakouts -------------------------------------------------------------------------------

  /**
   * Splits admitted clients into 2–4 rooms. Clients left out stay in the main room with the
   * therapists, who then move between rooms with {@link visit}.
   */
  startBreakouts(actorId: string, rooms: string[][], minutes: number | null, now: Date): void {
    this.#breakouts.start(actorId, rooms, minutes, now);
  }

  /** A therapist moves into breakout room `room`, or back to the main room with null. */
  visit(actorId: string, room: number | null): void {
    this.#breakouts.visit(actorId, room);
  }

  /** Brings everyone back into the main room. */
  endBreakouts(actorId: string): void {
    this.#breakouts.end(actorId);
  }

  get breakoutsRunning(): boolean {
    return this.#breakouts.running;
  }

  /**
   * Whether `listener` should receive `speaker`'s media: both admitted and in the same room
   * (the main room when no breakouts run).
   */
  canReceive(listenerId: string, speakerId: string): boolean {
    return this.#breakouts.canReceive(listenerId, speakerId);
  }

  // Views -----------------------------------------------------------------------------------

  /**
   * What `viewerId` sees: therapists see the waiting room too, admitted clients the call, and
   * waiting clients only themselves and the therapists.
   */
  viewFor(viewerId: string): SessionViewModel {
    const viewer = this.#seats.of(viewerId);
    return buildView(
      {
        sessionId: this.sessionId,
        locked: this.#door.locked,
        seats: this.#seats.all(),
        handQueue: this.#floor.handQueue(),
        breakouts: this.#breakouts.view(),
        activeSpeakerId: this.#activeSpeakerId,
      },
      viewer,
    );
  }
}
