import { Counter, Gauge, type Registry } from 'prom-client';
import type { types } from 'mediasoup';
import type { WorkerPool } from '@hearth/sfu';

/** What one worker carries, found through mediasoup's observers (the live layer is not involved). */
interface Tracked {
  readonly worker: types.Worker;
  readonly routers: Set<types.Router>;
  readonly transports: Set<types.Transport>;
  readonly producers: Set<types.Producer>;
  readonly consumers: Set<types.Consumer>;
}

// A scrape must not hang on a busy worker: a stats call that takes longer is left out.
const statsTimeoutMs = 2_000;

function withTimeout<T>(promise: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.catch(() => undefined),
    new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), statsTimeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * A refresh shared by every metric of one scrape: callers within a second of a finished refresh,
 * or while one runs, get that one.
 */
export function once(refresh: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let finishedAt = 0;
  return () => {
    if (running) return running;
    if (Date.now() - finishedAt < 1_000) return Promise.resolve();
    running = refresh().finally(() => {
      running = undefined;
      finishedAt = Date.now();
    });
    return running;
  };
}

interface StreamFigures {
  lossSum: number;
  lossCount: number;
  rttSum: number;
  rttCount: number;
  rttMax: number;
}

const noFigures = (): StreamFigures => ({
  lossSum: 0,
  lossCount: 0,
  rttSum: 0,
  rttCount: 0,
  rttMax: 0,
});

/** Adds an RTP stream's loss (fractionLost is out of 256) and round-trip time (ms). */
function addStream(
  figures: StreamFigures,
  stat: { fractionLost?: number; roundTripTime?: number },
) {
  if (typeof stat.fractionLost === 'number') {
    figures.lossSum += stat.fractionLost / 256;
    figures.lossCount += 1;
  }
  if (typeof stat.roundTripTime === 'number' && stat.roundTripTime > 0) {
    figures.rttSum += stat.roundTripTime / 1000;
    figures.rttCount += 1;
    figures.rttMax = Math.max(figures.rttMax, stat.roundTripTime / 1000);
  }
}

/**
 * Per media worker: CPU, rooms and peers, routers, transports, producers and consumers, bitrate
 * in and out, packet loss, round-trip time and scores. Labels are the worker's slot index, the
 * media kind, direction and statistic — never a session, person or mediasoup id.
 */
export class SfuMetrics {
  readonly #tracked = new Map<number, Tracked>();
  #pool: WorkerPool | undefined;

  constructor(registry: Registry) {
    // Every figure is read once per scrape by one shared refresh, which each metric awaits
    // (prom-client reads the metrics concurrently).
    const collect = once(() => this.#refresh());
    const gauge = (name: string, help: string, labelNames: string[]) =>
      new Gauge({ name, help, labelNames, registers: [registry], collect });
    this.#cpu = new Counter({
      name: 'hearth_sfu_worker_cpu_seconds_total',
      help: 'CPU time (user and system) used by the media worker process',
      labelNames: ['worker'],
      registers: [registry],
      collect,
    });
    this.#g = {
      up: gauge(
        'hearth_sfu_worker_up',
        'Whether the media worker runs (1) or is being replaced (0)',
        ['worker'],
      ),
      sessions: gauge('hearth_sfu_sessions', 'Live sessions (rooms) hosted on the media worker', [
        'worker',
      ]),
      peers: gauge('hearth_sfu_peers', 'People connected to media on the worker', ['worker']),
      routers: gauge('hearth_sfu_routers', 'mediasoup routers on the worker', ['worker']),
      transports: gauge('hearth_sfu_transports', 'WebRTC and plain transports on the worker', [
        'worker',
      ]),
      producers: gauge('hearth_sfu_producers', 'Incoming media tracks on the worker', [
        'worker',
        'kind',
      ]),
      consumers: gauge('hearth_sfu_consumers', 'Outgoing media tracks on the worker', [
        'worker',
        'kind',
      ]),
      bitrate: gauge(
        'hearth_sfu_bitrate_bits_per_second',
        "Bitrate through the worker's transports: in (from browsers) and out (to browsers)",
        ['worker', 'direction'],
      ),
      loss: gauge(
        'hearth_sfu_packet_loss_ratio',
        'Mean fraction of packets lost per stream: in (senders to the SFU), out (SFU to receivers, from their reports)',
        ['worker', 'direction'],
      ),
      rtt: gauge(
        'hearth_sfu_round_trip_seconds',
        'Round-trip time of media streams from RTCP (mean and max over streams)',
        ['worker', 'stat'],
      ),
      score: gauge(
        'hearth_sfu_score',
        "mediasoup's stream quality score, 0-10 (mean and min over producers or consumers)",
        ['worker', 'side', 'stat'],
      ),
    };
  }

  readonly #cpu: Counter;
  readonly #g: Record<
    | 'up'
    | 'sessions'
    | 'peers'
    | 'routers'
    | 'transports'
    | 'producers'
    | 'consumers'
    | 'bitrate'
    | 'loss'
    | 'rtt'
    | 'score',
    Gauge
  >;

  async #refresh(): Promise<void> {
    const g = this.#g;
    for (const metric of Object.values(g)) metric.reset();
    this.#cpu.reset();
    const pool = this.#pool;
    if (!pool || pool.closed) return;
    await Promise.all(
      pool.workers.map(async (info) => {
        const worker = String(info.index);
        g.up.set({ worker }, info.alive ? 1 : 0);
        g.sessions.set({ worker }, info.rooms);
        g.peers.set({ worker }, info.peers);
        const tracked = this.#tracked.get(info.index);
        if (!tracked || tracked.worker.closed) return;
        const usage = await withTimeout(tracked.worker.getResourceUsage());
        if (usage) this.#cpu.inc({ worker }, (usage.ru_utime + usage.ru_stime) / 1000);
        g.routers.set({ worker }, tracked.routers.size);
        g.transports.set({ worker }, tracked.transports.size);
        for (const kind of ['audio', 'video'] as const) {
          const producers = [...tracked.producers].filter((p) => p.kind === kind).length;
          const consumers = [...tracked.consumers].filter((c) => c.kind === kind).length;
          g.producers.set({ worker, kind }, producers);
          g.consumers.set({ worker, kind }, consumers);
        }
        await this.#streams(tracked, worker);
      }),
    );
  }

  /** Starts following a pool's workers (and the replacements of dead ones). */
  watch(pool: WorkerPool): void {
    this.#pool = pool;
    for (const info of pool.workers) this.#watchSlot(pool, info.index);
    pool.on('workerReplaced', ({ index }) => this.#watchSlot(pool, index));
  }

  #watchSlot(pool: WorkerPool, index: number): void {
    const slot = pool.worker(index);
    if (!slot) return;
    const tracked: Tracked = {
      worker: slot.worker,
      routers: new Set(),
      transports: new Set(),
      producers: new Set(),
      consumers: new Set(),
    };
    this.#tracked.set(index, tracked);
    const follow = <T extends { observer: { once(event: 'close', fn: () => void): unknown } }>(
      set: Set<T>,
      item: T,
    ) => {
      set.add(item);
      item.observer.once('close', () => set.delete(item));
    };
    slot.worker.observer.on('newrouter', (router) => {
      follow(tracked.routers, router);
      router.observer.on('newtransport', (transport) => {
        follow(tracked.transports, transport);
        transport.observer.on('newproducer', (producer) => follow(tracked.producers, producer));
        transport.observer.on('newconsumer', (consumer) => follow(tracked.consumers, consumer));
      });
    });
  }

  async #streams(tracked: Tracked, worker: string): Promise<void> {
    const gauges = this.#g;
    let bitsIn = 0;
    let bitsOut = 0;
    const transportStats = await Promise.all(
      [...tracked.transports].map((t) => withTimeout(t.getStats())),
    );
    for (const stats of transportStats) {
      for (const stat of (stats ?? []) as { recvBitrate?: number; sendBitrate?: number }[]) {
        bitsIn += stat.recvBitrate ?? 0;
        bitsOut += stat.sendBitrate ?? 0;
      }
    }
    gauges.bitrate.set({ worker, direction: 'in' }, bitsIn);
    gauges.bitrate.set({ worker, direction: 'out' }, bitsOut);

    const inbound = noFigures();
    const outbound = noFigures();
    const producerStats = await Promise.all(
      [...tracked.producers].map((p) => withTimeout(p.getStats())),
    );
    for (const stats of producerStats) for (const stat of stats ?? []) addStream(inbound, stat);
    const consumerStats = await Promise.all(
      [...tracked.consumers].map((c) => withTimeout(c.getStats())),
    );
    for (const stats of consumerStats) {
      for (const stat of stats ?? []) if (stat.type === 'outbound-rtp') addStream(outbound, stat);
    }
    for (const [direction, figures] of [
      ['in', inbound],
      ['out', outbound],
    ] as const) {
      if (figures.lossCount > 0) {
        gauges.loss.set({ worker, direction }, figures.lossSum / figures.lossCount);
      }
    }
    const rttAll = { ...inbound };
    rttAll.rttSum += outbound.rttSum;
    rttAll.rttCount += outbound.rttCount;
    rttAll.rttMax = Math.max(inbound.rttMax, outbound.rttMax);
    if (rttAll.rttCount > 0) {
      gauges.rtt.set({ worker, stat: 'mean' }, rttAll.rttSum / rttAll.rttCount);
      gauges.rtt.set({ worker, stat: 'max' }, rttAll.rttMax);
    }

    const producerScores = [...tracked.producers].flatMap((p) => p.score.map((s) => s.score));
    const consumerScores = [...tracked.consumers].map((c) => c.score.score);
    for (const [side, scores] of [
      ['producer', producerScores],
      ['consumer', consumerScores],
    ] as const) {
      if (scores.length === 0) continue;
      gauges.score.set(
        { worker, side, stat: 'mean' },
        scores.reduce((a, b) => a + b, 0) / scores.length,
      );
      gauges.score.set({ worker, side, stat: 'min' }, Math.min(...scores));
    }
  }
}
