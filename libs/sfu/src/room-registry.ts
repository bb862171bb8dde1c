import { EventEmitter } from 'node:events';
import { Room, type RoomCloseReason, type RoomOptions } from './room';
import type { SfuConfig } from './sfu-config';
import { SfuError, isSfuError } from './sfu-error';
import type { WorkerPool } from './worker-pool';

/** Events of a {@link RoomRegistry}. */
export type RoomRegistryEvents = {
  roomCreated: [Room];
  /** A room closed and was forgotten; after 'worker_died' a later getOrCreate rebuilds it. */
  roomClosed: [{ roomId: string; reason: RoomCloseReason }];
};

/**
 * The open rooms by id. Creation is serialised per id, so two peers joining an empty session at
 * the same moment land in the same Room; new rooms go to the least loaded worker. A closed room
 * is forgotten at once, so after a worker death the next getOrCreate builds a fresh Router on a
 * live worker.
 */
export class RoomRegistry extends EventEmitter<RoomRegistryEvents> {
  readonly #pool: WorkerPool;
  readonly #config: SfuConfig;
  readonly #options: RoomOptions;
  readonly #rooms = new Map<string, Room>();
  readonly #creating = new Map<string, Promise<Room>>();
  #closed = false;

  constructor(pool: WorkerPool, config: SfuConfig, options: RoomOptions = {}) {
    super();
    this.#pool = pool;
    this.#config = config;
    this.#options = options;
  }

  /** The open room with this id, created (once, however many callers race) if there is none. */
  getOrCreate(roomId: string): Promise<Room> {
    if (this.#closed) {
      return Promise.reject(new SfuError('worker_unavailable', 'The room registry is closed'));
    }
    const existing = this.#rooms.get(roomId);
    if (existing && !existing.closed) return Promise.resolve(existing);
    const pending = this.#creating.get(roomId);
    if (pending) return pending;
    const task = this.#create(roomId).finally(() => this.#creating.delete(roomId));
    this.#creating.set(roomId, task);
    return task;
  }

  /** The open room with this id, if any. */
  get(roomId: string): Room | undefined {
    const room = this.#rooms.get(roomId);
    return room && !room.closed ? room : undefined;
  }

  /** The open room with this id; throws `room_not_found`. */
  require(roomId: string): Room {
    const room = this.get(roomId);
    if (!room) throw new SfuError('room_not_found', 'No such room', { roomId });
    return room;
  }

  /** Closes and forgets a room; false if there was none. */
  delete(roomId: string): boolean {
    const room = this.get(roomId);
    room?.close();
    return room !== undefined;
  }

  /** Every open room. */
  list(): Room[] {
    return [...this.#rooms.values()].filter((room) => !room.closed);
  }

  get size(): number {
    return this.list().length;
  }

  /** Closes every room and refuses new ones (application shutdown, before the pool closes). */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#creating.values()]);
    for (const room of this.list()) room.close();
    this.#rooms.clear();
  }

  async #create(roomId: string): Promise<Room> {
    // A worker may die between being chosen and creating the Router; try the others before
    // giving up.
    let lastError: unknown;
    for (let attempt = 0; attempt < this.#pool.size; attempt += 1) {
      // With every worker dead, wait for the pool's replacement rather than fail the session.
      const slot = await this.#pool.whenAvailable();
      try {
        const room = await Room.create(roomId, slot, this.#config, this.#options);
        return this.#register(room);
      } catch (error) {
        lastError = error;
        if (slot.alive || !isSfuError(error)) throw error;
      }
    }
    throw lastError;
  }

  #register(room: Room): Room {
    if (this.#closed) {
      room.close();
      throw new SfuError('worker_unavailable', 'The room registry closed while the room opened');
    }
    if (room.closed) {
      throw new SfuError('worker_unavailable', 'The room closed as it opened', { roomId: room.id });
    }
    this.#rooms.set(room.id, room);
    room.once('closed', (reason) => {
      if (this.#rooms.get(room.id) === room) this.#rooms.delete(room.id);
      this.emit('roomClosed', { roomId: room.id, reason });
    });
    this.emit('roomCreated', room);
    return room;
  }
}
