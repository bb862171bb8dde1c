import { Inject, Injectable } from '@nestjs/common';
import type { SessionView } from '@hearth/contracts';
import { ClusterService } from './cluster.service';
import { LiveGuard } from './live-guard';
import type { Connection, Hosted } from './live-registry';

/** What people see of a session: their view after every change, and sends to those in the call. */
@Injectable()
export class LiveViews {
  constructor(
    @Inject(ClusterService) private readonly cluster: ClusterService,
    @Inject(LiveGuard) private readonly guard: LiveGuard,
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
   * a background is blurred is for therapists to see, and for the person themself.
   */
  viewFor(hosted: Hosted, personId: string): SessionView {
    const view = hosted.live.viewFor(personId);
    const therapist = view.participants.some((p) => p.id === personId && p.role === 'therapist');
    return {
      ...view,
      session: hosted.info,
      participants: view.participants.map((participant) => ({
        ...participant,
        connection: hosted.quality.get(participant.id)?.grade ?? 'unknown',
        audioOnly: hosted.audioOnly.has(participant.id),
        backgroundProcessed:
          (therapist || participant.id === personId) &&
          hosted.backgroundProcessed.has(participant.id),
      })),
    };
  }

  /** Runs `send` for each connection of someone in the call. */
  toAdmitted(hosted: Hosted, send: (connection: Connection) => void): void {
    for (const connection of hosted.connections.values()) {
      if (hosted.live.isAdmitted(connection.personId)) send(connection);
    }
  }
}
