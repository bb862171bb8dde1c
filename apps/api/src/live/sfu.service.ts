import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { RoomRegistry, WorkerPool, resolveSfuConfig, type SfuConfig } from '@hearth/sfu';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { JsonLogger } from '../logging/json-logger';

/**
 * The mediasoup workers and the rooms on them, for the life of the API process. Shutdown closes
 * the rooms first (peers and routers) and then the workers.
 */
@Injectable()
export class SfuService implements OnModuleInit, OnApplicationShutdown {
  readonly config: SfuConfig;
  #pool: WorkerPool | undefined;
  #rooms: RoomRegistry | undefined;

  constructor(
    @Inject(CONFIG) config: Config,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {
    this.config = resolveSfuConfig({
      ...(config.sfu.workers ? { workerCount: config.sfu.workers } : {}),
      dynacast: config.sfu.dynacast,
      listen: {
        ip: config.sfu.listenIp,
        webRtcServerPort: config.sfu.port,
        ...(config.sfu.announcedAddress ? { announcedAddress: config.sfu.announcedAddress } : {}),
      },
    });
  }

  async onModuleInit(): Promise<void> {
    const pool = await WorkerPool.start(this.config);
    pool.on('workerDied', ({ index, pid, roomIds }) =>
      this.logger.event('error', 'media worker died', { index, pid, rooms: roomIds.length }, 'sfu'),
    );
    pool.on('workerReplaced', ({ index, pid }) =>
      this.logger.event('warn', 'media worker replaced', { index, pid }, 'sfu'),
    );
    pool.on('workerRespawnFailed', ({ index, attempts }) =>
      this.logger.event('error', 'media worker could not be replaced', { index, attempts }, 'sfu'),
    );
    this.#pool = pool;
    this.#rooms = new RoomRegistry(pool, this.config);
    this.logger.event('info', 'media workers started', { workers: pool.size }, 'sfu');
  }

  get started(): boolean {
    return this.#pool !== undefined && !this.#pool.closed;
  }

  get pool(): WorkerPool {
    if (!this.#pool) throw new Error('The media workers have not started');
    return this.#pool;
  }

  get rooms(): RoomRegistry {
    if (!this.#rooms) throw new Error('The media workers have not started');
    return this.#rooms;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.#rooms?.close();
    await this.#pool?.close();
  }
}
