import { Inject, Injectable } from '@nestjs/common';
import type { LiveServerEvents, SessionView } from '@hearth/contracts';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { ClusterService } from './cluster.service';
import { LiveGuard } from './live-guard';
import type { Connection, Hosted } from './live-registry';

/**
 * Sends one event, the same for all, to the given channels of this node. The socket server's is
 * encoded and framed once for everyone (and kept off the other nodes); without one, each
 * channel's own emit does.
 */
export type SameForAll = <E extends keyof LiveServerEvents>(
  channelIds: readonly string[],
  event: E,
  ...args: Parameters<LiveServerEvents[E]>
) => void;

/** What people see of a session: their view after every change, and sends to those in the call. */
@Injectable()
export class LiveViews {
  #sameForAll: SameForAll | undefined;

  constructor(
    @Inject(ClusterService) private readonly cluster: ClusterService,
    @Inject(LiveGuard) private readonly guard: LiveGuard,
    @Inject(CONFIG) private readonly config: Pick<Config, 'live'>,
  ) {}

  /**
   * Everyone's view, after any change. A connection whose person has no seat (its seat hold ran
   * out and it is being closed) is skipped: there is nothing of the session left to show it.
   */
  broadcast(hosted: Hosted): void {
    if (this.cluster.enabled) {
      // Views go out on every change (the active speaker too); the snapshot changes far less.
      const snapshot = hosted.live.snapshot();
      const serialised = JSON.stringify(snapshot);
      if (serialised !== hosted.savedSnapshot) {
        hosted.savedSnapshot = serialised;
        this.guard.background(
          hosted,
          'snapshot',
          this.cluster.saveSnapshot(hosted.sessionId, snapshot),
        );
      }
    }
    for (const connection of hosted.connections.values()) {
      if (!hosted.live.has(connection.personId)) continue;
      connection.channel.emit('session:view', this.viewFor(hosted, connection.personId));
    }
  }

  /**
   * What one person with a seat sees: the session's rules' view, with connection quality. Whether
   * a background is blurred is for therapists to see, and for the person themself. Encryption
   * keys are for those in the call; safety-code hashes for therapists (and one's own).
   */
  viewFor(hosted: Hosted, personId: string): SessionView {
    const view = hosted.live.viewFor(personId);
    const therapist = view.participants.some((p) => p.id === personId && p.role === 'therapist');
    const inCall = hosted.live.isAdmitted(personId);
    const e2eeOf = (participantId: string) => {
      const e2ee = inCall ? hosted.connections.get(participantId)?.e2ee : undefined;
      if (!e2ee || !hosted.live.isAdmitted(participantId)) return null;
      const showHash = therapist || participantId === personId;
      return { publicKey: e2ee.publicKey, codeHash: showHash ? e2ee.codeHash : null };
    };
    return {
      ...view,
      endToEndEncrypted: this.config.live.e2ee,
      session: hosted.info,
      participants: view.participants.map((participant) => ({
        ...participant,
        connection: hosted.quality.get(participant.id)?.grade ?? 'unknown',
        audioOnly: hosted.audioOnly.has(participant.id),
        backgroundProcessed:
          (therapist || participant.id === personId) &&
          hosted.backgroundProcessed.has(participant.id),
        e2ee: e2eeOf(participant.id),
      })),
    };
  }

  /** Called once the socket server is up: sends of one event to many encode it once. */
  useSameForAll(send: SameForAll): void {
    this.#sameForAll = send;
  }

  /** The same event to everyone in the call (an agenda move, a chat line…), encoded once. */
  emitToAdmitted<E extends keyof LiveServerEvents>(
    hosted: Hosted,
    event: E,
    ...args: Parameters<LiveServerEvents[E]>
  ): void {
    const targets: Connection[] = [];
    this.toAdmitted(hosted, (connection) => targets.push(connection));
    if (targets.length === 0) return;
    if (this.#sameForAll) {
      this.#sameForAll(
        targets.map((connection) => connection.channel.id),
        event,
        ...args,
      );
      return;
    }
    for (const connection of targets) connection.channel.emit(event, ...args);
  }

  /** Runs `send` for each connection of someone in the call. */
  toAdmitted(hosted: Hosted, send: (connection: Connection) => void): void {
    for (const connection of hosted.connections.values()) {
      if (hosted.live.isAdmitted(connection.personId)) send(connection);
    }
  }
}
