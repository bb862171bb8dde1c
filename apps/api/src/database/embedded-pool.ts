import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { PGlite, type PGliteOptions, type Results } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';

interface PgLikeResult {
  rows: unknown[];
  rowCount: number;
  command: string;
  fields: Results['fields'];
}

type QueryCallback = (error: Error | null, result?: PgLikeResult) => void;
type ConnectCallback = (
  error: Error | null,
  client?: EmbeddedClient,
  release?: (err?: unknown) => void,
) => void;

function commandOf(sql: string): string {
  return /^\s*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase() ?? '';
}

/** A simple FIFO lock: one checkout of the embedded database at a time. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }
}

export class EmbeddedClient extends EventEmitter {
  constructor(private readonly db: Promise<PGlite>) {
    super();
  }

  query(
    sql: string,
    params?: unknown[] | QueryCallback,
    callback?: QueryCallback,
  ): Promise<PgLikeResult> {
    const cb = typeof params === 'function' ? params : callback;
    const values = Array.isArray(params) ? params : undefined;
    const run = this.db.then(async (db) => {
      // Parameterised statements use the extended protocol (one statement); migrations send
      // several statements at once, which only the simple protocol (exec) accepts.
      const result =
        values && values.length > 0
          ? await db.query(sql, values)
          : ((await db.exec(sql)).at(-1) ?? { rows: [], fields: [], affectedRows: 0 });
      return {
        rows: result.rows,
        rowCount: result.affectedRows ?? result.rows.length,
        command: commandOf(sql),
        fields: result.fields,
      };
    });
    if (cb)
      run.then(
        (r) => cb(null, r),
        (e: Error) => cb(e),
      );
    return run;
  }
}

/**
 * The pg `Pool` surface TypeORM's postgres driver uses, over one embedded PGlite database.
 *
 * PGlite is a single session, so a checkout holds the whole database until it is released: two
 * requests can never interleave statements inside each other's transactions. (A pool that hands
 * the same session to every query runner, as a naive adapter does, lets one request's ROLLBACK
 * undo another's writes.)
 */
export class EmbeddedPool extends EventEmitter {
  private readonly db: Promise<PGlite>;
  private readonly lock = new Mutex();
  private readonly client: EmbeddedClient;
  private closed = false;

  constructor(options: PGliteOptions) {
    super();
    if (options.dataDir && !options.dataDir.startsWith('memory://')) {
      mkdirSync(options.dataDir, { recursive: true });
    }
    this.db = PGlite.create({ ...options, extensions: { btree_gist, ...options.extensions } });
    this.client = new EmbeddedClient(this.db);
  }

  /**
   * Calls `onPayload` for every NOTIFY on `channel` (PGlite delivers its own session's
   * notifications, as PostgreSQL does); resolves to a function that stops listening.
   */
  async listen(
    channel: string,
    onPayload: (payload: string) => void,
  ): Promise<() => Promise<void>> {
    const db = await this.db;
    // One session for everyone: LISTEN must not land inside another checkout's transaction.
    const unlock = await this.lock.acquire();
    try {
      return await db.listen(channel, onPayload);
    } finally {
      unlock();
    }
  }

  connect(callback: ConnectCallback): void {
    if (this.closed) {
      callback(new Error('The embedded database is closed'));
      return;
    }
    this.db.then(
      () =>
        this.lock.acquire().then((unlock) => {
          let released = false;
          callback(null, this.client, () => {
            if (!released) {
              released = true;
              unlock();
            }
          });
        }),
      (error: Error) => callback(error),
    );
  }

  query(
    sql: string,
    params?: unknown[] | QueryCallback,
    callback?: QueryCallback,
  ): Promise<PgLikeResult> {
    return this.lock.acquire().then(async (unlock) => {
      try {
        return await this.client.query(sql, params, callback);
      } finally {
        unlock();
      }
    });
  }

  end(callback?: (error?: Error | null) => void): Promise<void> {
    this.closed = true;
    const done = this.db.then((db) => db.close());
    done.then(
      () => callback?.(null),
      (e: Error) => callback?.(e),
    );
    return done;
  }
}

/** What TypeORM's `driver` option expects: a module exposing a pg-compatible Pool class. */
export function embeddedDriver(options: PGliteOptions): { Pool: new () => EmbeddedPool } {
  // TypeORM constructs the pool itself with pg options that mean nothing here.
  return {
    Pool: class extends EmbeddedPool {
      constructor() {
        super(options);
      }
    },
  };
}
