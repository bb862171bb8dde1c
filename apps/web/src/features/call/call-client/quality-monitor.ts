import { initialCallState, type CallQuality, type ConnectionGrade } from '../call-state';
import type { CallStore } from './call-store';
import { scoreGrade, shouldOfferAudioOnly, statsGrade, worstGrade } from './connection-quality';
import type { MediaQualityScores } from './live-additions';
import { downlinkEstimate, readingBetween, statsSample, type StatsSample } from './transport-stats';

export interface QualityMonitorDeps {
  readonly store: CallStore;
  /** The receiving transport's stats report, or null without one. */
  readStats(): Promise<Iterable<Record<string, unknown>> | null>;
  /** Tells the server the downlink estimate (an input to this person's grade). */
  reportDownlink(kbps: number): void;
  /** One's own producers that are paused (muted, camera off): their silence is not a fault. */
  pausedProducerIds?(): ReadonlySet<string>;
  readonly now: () => number;
  /** Between two readings of the stats. */
  readonly intervalMs?: number;
}

/**
 * Grades everyone's connection while the media is live: one's own from the browser's stats and
 * the server's scores of one's streams, everyone else's from the scores of what they send.
 * Offers audio only when the downlink cannot carry video.
 */
export interface QualityMonitor {
  start(): void;
  /** Stops reading and forgets every score (the media was torn down). */
  stop(): void;
  onScores(scores: MediaQualityScores): void;
  /** Takes one reading now (the timer does it every interval). */
  sample(): Promise<void>;
  /** The person said no to audio only: not offered again in this call. */
  declineOffer(): void;
}

const unknownQuality = initialCallState.quality;
/** The downlink is told again when it moved by this share, or after this long. */
const downlinkChange = 0.15;
const downlinkRefreshMs = 10_000;

const average = (values: readonly number[]) =>
  values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;

export function createQualityMonitor(deps: QualityMonitorDeps): QualityMonitor {
  const { store } = deps;
  const intervalMs = deps.intervalMs ?? 2000;
  let timer: ReturnType<typeof setInterval> | null = null;
  let previous: StatsSample | null = null;
  let statsGraded: ConnectionGrade = 'unknown';
  let downlinkKbps: number | null = null;
  let poorInARow = 0;
  let declined = false;
  let lastReported: { kbps: number; at: number } | null = null;
  let scores: MediaQualityScores = { producers: [], consumers: [] };
  // Bumped by stop(), so that a reading on its way when the media went is dropped.
  let run = 0;

  function graded(): CallQuality {
    // A paused stream (a muted microphone, a camera turned off) sends nothing, which mediasoup
    // may score low: only streams that should be flowing count.
    const paused = deps.pausedProducerIds?.() ?? new Set<string>();
    const flowing = new Map(
      store.state.remote.filter((t) => !t.paused).map((t) => [t.consumerId, t.participantId]),
    );
    const producers = scores.producers.filter((p) => !paused.has(p.producerId));
    const consumers = scores.consumers.filter((c) => flowing.has(c.consumerId));
    const sent = average(producers.map((p) => p.score));
    const received = average(consumers.map((c) => c.score));
    const self = worstGrade(statsGraded, scoreGrade(sent), scoreGrade(received));
    const senders = new Map<string, number>();
    for (const c of consumers) {
      const participantId = flowing.get(c.consumerId);
      if (!participantId) continue;
      senders.set(participantId, Math.min(senders.get(participantId) ?? 10, c.producerScore));
    }
    const others: Record<string, ConnectionGrade> = {};
    for (const [participantId, score] of senders) others[participantId] = scoreGrade(score);
    return { self, others, downlinkKbps };
  }

  function publish() {
    const next = graded();
    const current = store.state.quality;
    const same =
      current.self === next.self &&
      current.downlinkKbps === next.downlinkKbps &&
      JSON.stringify(current.others) === JSON.stringify(next.others);
    if (!same) store.set({ quality: next });
  }

  function considerOffer() {
    const { audioOnly, audioOnlyOffered } = store.state;
    if (audioOnly || audioOnlyOffered || declined) return;
    if (!shouldOfferAudioOnly(downlinkKbps, poorInARow)) return;
    store.set({ audioOnlyOffered: true });
    store.announce('Your connection is weak. You can switch to audio only.');
  }

  function report(kbps: number) {
    const at = deps.now();
    const moved =
      !lastReported ||
      Math.abs(kbps - lastReported.kbps) > lastReported.kbps * downlinkChange ||
      at - lastReported.at >= downlinkRefreshMs;
    if (!moved) return;
    lastReported = { kbps, at };
    deps.reportDownlink(kbps);
  }

  async function sample() {
    const startedIn = run;
    let report_: Iterable<Record<string, unknown>> | null;
    try {
      report_ = await deps.readStats();
    } catch {
      return;
    }
    if (startedIn !== run || !report_) return;
    const next = statsSample(report_, deps.now());
    const reading = readingBetween(previous, next);
    previous = next;
    const videoExpected = store.state.remote.some((t) => t.kind === 'video' && !t.paused);
    statsGraded = statsGrade(reading.lossPercent, reading.roundTripMs);
    downlinkKbps = downlinkEstimate(reading, videoExpected);
    if (downlinkKbps !== null) report(downlinkKbps);
    publish();
    poorInARow = store.state.quality.self === 'poor' ? poorInARow + 1 : 0;
    considerOffer();
  }

  return {
    start() {
      if (timer) return;
      timer = setInterval(() => void sample(), intervalMs);
    },
    stop() {
      run += 1;
      if (timer) clearInterval(timer);
      timer = null;
      previous = null;
      statsGraded = 'unknown';
      downlinkKbps = null;
      poorInARow = 0;
      scores = { producers: [], consumers: [] };
      if (store.state.quality !== unknownQuality) store.set({ quality: unknownQuality });
    },
    onScores(next) {
      scores = next;
      publish();
    },
    sample,
    declineOffer() {
      declined = true;
      if (store.state.audioOnlyOffered) store.set({ audioOnlyOffered: false });
    },
  };
}
