import { Inject, Injectable } from '@nestjs/common';
import type { LiveRequestPayload, LiveRequestResult, MediaQuality } from '@hearth/contracts';
import { gradeConnection, type ConnectionGrade } from '@hearth/domain';
import type { Peer } from '@hearth/sfu';
import { LiveGuard } from './live-guard';
import { LiveRegistry, type Connection, type Hosted, type LiveChannel } from './live-registry';
import { LiveViews } from './live-views';

/** What is known of one person's connection in a session. */
export interface PersonQuality {
  /** Scores of what the server receives from them, by producer id (their uplink). */
  readonly producers: Map<string, number>;
  /** Scores of what they receive, by consumer id (`score`: the server→client stream). */
  readonly consumers: Map<string, { score: number; producerScore: number }>;
  /** What their browser last estimated of its downlink (kbps). */
  downlinkKbps: number | null;
  grade: ConnectionGrade;
  /** When `media:quality` last went to them (ms), and the send waiting for the next slot. */
  lastSentAt: number;
  pending: NodeJS.Timeout | undefined;
}

/** `media:quality` goes to one client at most this often (ms). */
export const QUALITY_INTERVAL_MS = 1_000;
/**
 * A session's views go out for grade changes at most this often (ms): the weakest of a dozen
 * streams can flap between two grades, and every view reaches everyone.
 */
export const GRADE_VIEW_INTERVAL_MS = 1_000;

/**
 * Connection quality: forwards mediasoup's producer and consumer scores to each client
 * (`media:quality`, at most once a second), grades each person's connection into everyone's view
 * (libs/domain's gradeConnection over their scores and reported downlink), and audio only — every
 * video a connection receives held paused on the server, remembered for the session — and whether
 * a person's camera goes out with its background blurred or replaced.
 */
@Injectable()
export class LiveQualityService {
  /** Per session: when a view last went out for a grade change, and the one waiting. */
  readonly #gradeViews = new WeakMap<Hosted, { last: number; timer: NodeJS.Timeout | undefined }>();

  constructor(
    @Inject(LiveRegistry) private readonly registry: LiveRegistry,
    @Inject(LiveViews) private readonly views: LiveViews,
    @Inject(LiveGuard) private readonly guard: LiveGuard,
  ) {}

  /** Follows a connection's new media peer: its scores so far belong to the peer it replaced. */
  watch(hosted: Hosted, connection: Connection, peer: Peer): void {
    const quality = qualityOf(hosted, connection.personId);
    quality.producers.clear();
    quality.consumers.clear();
    this.#regrade(hosted, connection.personId, quality);
    const current = () => connection.peer === peer && !peer.closed;
    peer.on(
      'producerScore',
      this.guard.wrap(hosted, 'producer score', ({ producerId, score }) => {
        if (!current()) return;
        quality.producers.set(producerId, score);
        this.#changed(hosted, connection, peer, quality);
      }),
    );
    peer.on(
      'consumerScore',
      this.guard.wrap(hosted, 'consumer score', ({ consumerId, score, producerScore }) => {
        if (!current()) return;
        quality.consumers.set(consumerId, { score, producerScore });
        this.#changed(hosted, connection, peer, quality);
      }),
    );
    peer.once(
      'closed',
      this.guard.wrap(hosted, 'quality', () => {
        clearTimeout(quality.pending);
        quality.pending = undefined;
      }),
    );
  }

  /** The client's own estimate of its downlink. */
  downlink(channel: LiveChannel, kbps: number): LiveRequestResult<'media:downlink'> {
    const { hosted, connection } = this.registry.inCall(channel);
    const quality = qualityOf(hosted, connection.personId);
    quality.downlinkKbps = kbps;
    this.#regrade(hosted, connection.personId, quality);
    return {};
  }

  /**
   * Audio only on or off for this person: every video consumer of their connection is held (or
   * released) with its own reason, so it does not undo a breakout or an off-screen tile; audio is
   * untouched. Remembered for the session, so a reconnect keeps it.
   */
  async audioOnly(
    channel: LiveChannel,
    enabled: boolean,
  ): Promise<LiveRequestResult<'media:audio-only'>> {
    const { hosted, connection } = this.registry.inCall(channel);
    if (enabled) hosted.audioOnly.add(connection.personId);
    else hosted.audioOnly.delete(connection.personId);
    const peer = connection.peer;
    if (peer && !peer.closed) {
      await Promise.all(
        peer.consumers
          .filter((consumer) => consumer.kind === 'video')
          .map((consumer) =>
            enabled
              ? peer.holdConsumer(consumer.id, 'audio-only')
              : peer.releaseConsumer(consumer.id, 'audio-only'),
          ),
      );
    }
    this.views.broadcast(hosted);
    return { audioOnly: enabled };
  }

  /** Whether this person's camera goes out with its background blurred or replaced, for the views. */
  background(
    channel: LiveChannel,
    effect: LiveRequestPayload<'media:background'>['effect'],
  ): LiveRequestResult<'media:background'> {
    const { hosted, connection } = this.registry.inCall(channel);
    const processed = effect !== 'none';
    if (processed === hosted.backgroundProcessed.has(connection.personId)) return {};
    if (processed) hosted.backgroundProcessed.add(connection.personId);
    else hosted.backgroundProcessed.delete(connection.personId);
    this.views.broadcast(hosted);
    return {};
  }

  #changed(hosted: Hosted, connection: Connection, peer: Peer, quality: PersonQuality): void {
    this.#regrade(hosted, connection.personId, quality);
    if (quality.pending) return;
    const wait = Math.max(0, quality.lastSentAt + QUALITY_INTERVAL_MS - Date.now());
    quality.pending = setTimeout(
      this.guard.wrap(hosted, 'quality', () => {
        quality.pending = undefined;
        if (connection.peer !== peer || peer.closed) return;
        quality.lastSentAt = Date.now();
        connection.channel.emit('media:quality', report(peer, quality));
      }),
      wait,
    );
    quality.pending.unref();
  }

  /** A new grade reaches everyone's view; an unchanged one sends nothing. */
  #regrade(hosted: Hosted, personId: string, quality: PersonQuality): void {
    const grade = gradeConnection({
      uplinkScores: [...quality.producers.values()],
      downlinkScores: [...quality.consumers.values()].map((entry) => entry.score),
      downlinkKbps: quality.downlinkKbps,
    });
    if (grade === quality.grade) return;
    quality.grade = grade;
    this.#gradeView(hosted);
  }

  /** Sends everyone's view now, or once the interval since the last grade view has passed. */
  #gradeView(hosted: Hosted): void {
    let due = this.#gradeViews.get(hosted);
    if (!due) {
      due = { last: 0, timer: undefined };
      this.#gradeViews.set(hosted, due);
    }
    if (due.timer) return;
    const state = due;
    const send = () => {
      state.timer = undefined;
      state.last = Date.now();
      if (this.registry.sessions.get(hosted.sessionId) === hosted) this.views.broadcast(hosted);
    };
    const wait = state.last + GRADE_VIEW_INTERVAL_MS - Date.now();
    if (wait <= 0) {
      send();
      return;
    }
    state.timer = setTimeout(this.guard.wrap(hosted, 'quality view', send), wait);
    state.timer.unref();
  }
}

function qualityOf(hosted: Hosted, personId: string): PersonQuality {
  let quality = hosted.quality.get(personId);
  if (!quality) {
    quality = {
      producers: new Map(),
      consumers: new Map(),
      downlinkKbps: null,
      grade: 'unknown',
      lastSentAt: 0,
      pending: undefined,
    };
    hosted.quality.set(personId, quality);
  }
  return quality;
}

/** The scores of the peer's open producers and consumers. */
function report(peer: Peer, quality: PersonQuality): MediaQuality {
  const producers = peer.producers.flatMap((producer) => {
    const score = quality.producers.get(producer.id);
    return score === undefined ? [] : [{ producerId: producer.id, score }];
  });
  const open = new Set(peer.consumers.map((consumer) => consumer.id));
  for (const id of quality.consumers.keys()) if (!open.has(id)) quality.consumers.delete(id);
  for (const id of quality.producers.keys()) {
    if (!producers.some((p) => p.producerId === id)) quality.producers.delete(id);
  }
  const consumers = [...quality.consumers].map(([consumerId, entry]) => ({
    consumerId,
    ...entry,
  }));
  return { producers, consumers };
}
