import { EventEmitter } from 'node:events';
import { createWorker, type types } from 'mediasoup';
import type { SfuConfig } from './sfu-config';
import { SfuError } from './sfu-error';

/** What the pool needs to know about a room hosted on one of its workers. */
export interface HostedRoom {
  readonly id: string;
  /** Peers currently in the room; read on demand so the load never drifts from the truth. */
  readonly peerCount: number;
}

/** How busy one worker is. */
export interface WorkerLoad {
  readonly rooms: number;
  readonly peers: number;
}

/** A snapshot of one pool slot, for dashboards, logs and tests. */
export interface PoolWorkerInfo extends WorkerLoad {
  readonly index: number;
  readonly pid: number;
  readonly alive: boolean;
  readonly roomIds: readonly string[];
}

/** Emitted when a worker process dies unexpectedly (crash, OOM kill, `kill -9`). */
export interface WorkerDiedEvent {
  readonly index: number;
  readonly pid: number;
  /** Rooms that lived on the dead worker: they are closed and must be rebuilt on a live one. */
  readonly roomIds: readonly string[];
  readonly error: Error;
}

/** Emitted when a dead worker's slot runs again on a fresh process. */
export interface WorkerReplacedEvent {
  readonly index: number;
  readonly pid: number;
}

/** Emitted when a dead worker could not be replaced; the pool runs one worker short. */
export interface WorkerRespawnFailedEvent {
  readonly index: number;
  readonly attempts: number;
  readonly error: Error;
}

/** Events of a {@link WorkerPool}. */
export type WorkerPoolEvents = {
  workerDied: [WorkerDiedEvent];
  workerReplaced: [WorkerReplacedEvent];
  workerRespawnFailed: [WorkerRespawnFailedEvent];
};

/** Options of {@link WorkerPool.start} that tests and tools may change. */
export interface WorkerPoolOptions {
  /** Attempts to start a replacement for a dead worker before giving up (default 5). */
  readonly respawnAttempts?: number;
  /** Pause before the n-th retry is n times this (ms, default 500). */
  readonly respawnBackoffMs?: number;
  /** How long {@link WorkerPool.close} waits for a process to exit before it kills it (ms). */
  readonly closeTimeoutMs?: number;
}

/** appData every pool worker carries, so a Router can tell which slot it lives on. */
export type PoolWorkerAppData = { readonly index: number };

/**
 * One running mediasoup worker with its WebRtcServer, and the rooms placed on it. A slot index
 * survives a worker's death: the replacement takes the same index (and the same port).
 */
export class PooledWorker {
  readonly #rooms = new Map<string, HostedRoom>();

  constructor(
    /** Position in the pool; worker `i` listens on `webRtcServerPort + i`. */
    readonly index: number,
    readonly worker: types.Worker<PoolWorkerAppData>,
    /** Every WebRtcTransport of this worker's rooms is created on this server (one port). */
    readonly webRtcServer: types.WebRtcServer,
  ) {}

  get pid(): number {
    return this.worker.pid;
  }

  /** False once the process has died or been closed. */
  get alive(): boolean {
    return !this.worker.closed;
  }

  get load(): WorkerLoad {
    let peers = 0;
    for (const room of this.#rooms.values()) peers += room.peerCount;
    return { rooms: this.#rooms.size, peers };
  }

  get roomIds(): string[] {
    return [...this.#rooms.keys()];
  }

  /** Counts a room against this worker (called by Room when it places its Router here). */
  attachRoom(room: HostedRoom): void {
    this.#rooms.set(room.id, room);
  }

  /** Stops counting a room (called by Room when it closes). */
  detachRoom(roomId: string): void {
    this.#rooms.delete(roomId);
  }

  info(): PoolWorkerInfo {
    return {
      index: this.index,
      pid: this.pid,
      alive: this.alive,
      roomIds: this.roomIds,
      ...this.load,
    };
  }
}

/**
 * A fixed number of mediasoup workers, one WebRtcServer each. It places work on the least loaded
 * worker and keeps its size when a worker dies: it reports the death (with the rooms that were
 * lost) and starts a replacement on the same slot.
 *
 * It deliberately ignores mediasoup's own SIGINT/SIGTERM handlers (they close the workers but do
 * not end the process): the application calls {@link WorkerPool.close} from its shutdown path.
 */
export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
  readonly #slots: (PooledWorker | undefined)[];
  readonly #config: SfuConfig;
  readonly #options: Required<WorkerPoolOptions>;
  readonly #pending = new Set<Promise<unknown>>();
  #closed = false;
  /** Replacements of dead workers under way. */
  #replacing = 0;

  private constructor(config: SfuConfig, options: Required<WorkerPoolOptions>) {
    super();
    this.#config = config;
    this.#options = options;
    this.#slots = new Array<PooledWorker | undefined>(config.workerCount).fill(undefined);
  }

  /** Starts `config.workerCount` workers, each with its WebRtcServer; all or nothing. */
  static async start(config: SfuConfig, options: WorkerPoolOptions = {}): Promise<WorkerPool> {
    const pool = new WorkerPool(config, {
      respawnAttempts: options.respawnAttempts ?? 5,
      respawnBackoffMs: options.respawnBackoffMs ?? 500,
      closeTimeoutMs: options.closeTimeoutMs ?? 5000,
    });
    const started = await Promise.allSettled(pool.#slots.map((_, index) => pool.#startSlot(index)));
    const failure = started.find((result) => result.status === 'rejected');
    if (failure) {
      await pool.close();
      throw new SfuError(
        'worker_unavailable',
        `Could not start the mediasoup workers: ${errorMessage(failure.reason)}`,
      );
    }
    return pool;
  }

  /** The configured number of slots (live or being replaced). */
  get size(): number {
    return this.#slots.length;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** A snapshot of every slot that currently has a worker. */
  get workers(): PoolWorkerInfo[] {
    return this.#liveSlots().map((slot) => slot.info());
  }

  /** The live worker of slot `index`, or undefined while it is being replaced. */
  worker(index: number): PooledWorker | undefined {
    const slot = this.#slots[index];
    return slot?.alive ? slot : undefined;
  }

  /**
   * The live worker with the fewest peers (then fewest rooms, then lowest index), where a new
   * room should go. Throws `worker_unavailable` when none is alive.
   */
  leastLoaded(): PooledWorker {
    let best: PooledWorker | undefined;
    let bestLoad: WorkerLoad | undefined;
    for (const slot of this.#liveSlots()) {
      const load = slot.load;
      if (
        !bestLoad ||
        load.peers < bestLoad.peers ||
        (load.peers === bestLoad.peers && load.rooms < bestLoad.rooms)
      ) {
        best = slot;
        bestLoad = load;
      }
    }
    if (!best) {
      throw new SfuError(
        'worker_unavailable',
        this.#closed ? 'The worker pool is closed' : 'No mediasoup worker is running',
      );
    }
    return best;
  }

  /**
   * The least loaded live worker; while every worker is dead and a replacement is starting, waits
   * for it (up to `timeoutMs`). Throws `worker_unavailable` when none comes.
   */
  async whenAvailable(timeoutMs = 10_000): Promise<PooledWorker> {
    if (this.#liveSlots().length > 0 || this.#replacing === 0 || this.#closed) {
      return this.leastLoaded();
    }
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.off('workerReplaced', done);
        this.off('workerRespawnFailed', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.on('workerReplaced', done);
      this.on('workerRespawnFailed', done);
    });
    return this.leastLoaded();
  }

  /** Closes every worker and resolves once every worker process has exited. */
  async close(): Promise<void> {
    this.#closed = true;
    // A replacement may be starting; let it finish so its process is closed too.
    await Promise.allSettled([...this.#pending]);
    const slots = this.#slots.filter((slot): slot is PooledWorker => slot !== undefined);
    this.#slots.fill(undefined);
    await Promise.all(slots.map((slot) => this.#closeWorker(slot.worker)));
  }

  #liveSlots(): PooledWorker[] {
    return this.#slots.filter((slot): slot is PooledWorker => slot?.alive === true);
  }

  async #startSlot(index: number): Promise<PooledWorker> {
    const task = this.#spawn(index);
    this.#pending.add(task);
    try {
      const slot = await task;
      if (this.#closed) {
        await this.#closeWorker(slot.worker);
        throw new SfuError('worker_unavailable', 'The worker pool closed while a worker started');
      }
      this.#slots[index] = slot;
      slot.worker.on('died', (error) => this.#onDied(slot, error));
      return slot;
    } finally {
      this.#pending.delete(task);
    }
  }

  async #spawn(index: number): Promise<PooledWorker> {
    const { listen } = this.#config;
    const worker = await createWorker<PoolWorkerAppData>({
      logLevel: this.#config.workerLogLevel,
      logTags: [...this.#config.workerLogTags],
      appData: { index },
    });
    try {
      const port = listen.webRtcServerPort === 0 ? 0 : listen.webRtcServerPort + index;
      const protocols: types.TransportProtocol[] = listen.enableTcp ? ['udp', 'tcp'] : ['udp'];
      const webRtcServer = await worker.createWebRtcServer({
        listenInfos: protocols.map((protocol) => ({
          protocol,
          ip: listen.ip,
          announcedAddress: listen.announcedAddress,
          port,
        })),
      });
      return new PooledWorker(index, worker, webRtcServer);
    } catch (error) {
      await this.#closeWorker(worker);
      throw error;
    }
  }

  #onDied(slot: PooledWorker, error: Error): void {
    // Rooms leave their dead slot attached (see Room), so this still lists them.
    const roomIds = slot.roomIds;
    if (this.#slots[slot.index] === slot) this.#slots[slot.index] = undefined;
    this.emit('workerDied', { index: slot.index, pid: slot.pid, roomIds, error });
    if (!this.#closed) void this.#replace(slot.index);
  }

  async #replace(index: number): Promise<void> {
    this.#replacing += 1;
    try {
      await this.#respawn(index);
    } finally {
      this.#replacing -= 1;
    }
  }

  async #respawn(index: number): Promise<void> {
    const { respawnAttempts, respawnBackoffMs } = this.#options;
    let lastError: Error = new Error('no attempt made');
    for (let attempt = 1; attempt <= respawnAttempts && !this.#closed; attempt += 1) {
      try {
        const slot = await this.#startSlot(index);
        this.emit('workerReplaced', { index, pid: slot.pid });
        return;
      } catch (error) {
        lastError = error instanceof Error ? error : new Error(String(error));
        if (this.#closed) return;
        await delay(respawnBackoffMs * attempt);
      }
    }
    if (!this.#closed) {
      this.emit('workerRespawnFailed', { index, attempts: respawnAttempts, error: lastError });
    }
  }

  async #closeWorker(worker: types.Worker): Promise<void> {
    if (worker.subprocessClosed) {
      worker.close();
      return;
    }
    const exited = new Promise<void>((resolve) => worker.once('subprocessclose', () => resolve()));
    worker.close();
    // A worker that ignores the close request must not outlive the pool.
    const timer = setTimeout(() => {
      try {
        process.kill(worker.pid, 'SIGKILL');
      } catch {
        // Already gone between the check and the kill.
      }
    }, this.#options.closeTimeoutMs);
    await exited;
    clearTimeout(timer);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorMessage(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
