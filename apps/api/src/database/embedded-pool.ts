import { type ChildProcess, fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { extname, join } from 'node:path';

/** Where the embedded database keeps its files (`memory://` for none). */
export interface EmbeddedOptions {
  readonly dataDir: string;
}

interface Field {
  name: string;
  dataTypeID: number;
}

interface PgLikeResult {
  rows: unknown[];
  rowCount: number;
  command: string;
  fields: Field[];
}

interface ServerResult {
  rows: unknown[];
  affectedRows?: number;
  fields: Field[];
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

type Request =
  | { op: 'open'; dataDir: string; initialDataDir: string }
  | { op: 'query'; sql: string; params: unknown[] }
  | { op: 'exec'; sql: string }
  | { op: 'listen' | 'unlisten'; channel: string }
  | { op: 'close' };

type Reply =
  | { id: number; result?: unknown; error?: Record<string, unknown> }
  | { id?: undefined; channel: string; payload: string };

/**
 * The process that runs PGlite (embedded-server.ts), spoken to over its IPC channel. The
 * channel keeps this process alive only while a request is waiting for its answer.
 */
class EmbeddedServer {
  private readonly child: ChildProcess;
  private readonly pending = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void }
  >();
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  private nextId = 1;
  private gone: Error | undefined;

  constructor(onLost: (error: Error) => void) {
    // From source (tests) the entry is the TypeScript file, which Node runs as it is.
    const entry = join(__dirname, `embedded-server${extname(__filename)}`);
    this.child = fork(entry, [], {
      execArgv: [
        // See embedded-server.ts: no optimising WebAssembly compiler (its ~600 MB peak).
        '--liftoff-only',
        // A small young generation: the process mostly waits, and its results are small.
        '--max-semi-space-size=1',
        ...(entry.endsWith('.ts') ? ['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON'] : []),
      ],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // Neither the process nor its idle channel keeps the API running; when the API ends
    // without closing the database, the channel's disconnect closes it.
    this.child.unref();
    this.child.on('message', (reply: Reply) => this.onReply(reply));
    this.child.on('exit', (code, signal) => {
      const expected = this.gone;
      this.gone ??= new Error(
        `The embedded database stopped (${signal ?? `exit code ${String(code)}`})`,
      );
      for (const { reject } of this.pending.values()) reject(this.gone);
      this.pending.clear();
      if (!expected) onLost(this.gone);
    });
    this.idle();
  }

  request(request: Request): Promise<unknown> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.channel?.ref();
      this.child.send({ id, ...request });
    });
  }

  async listen(
    channel: string,
    onPayload: (payload: string) => void,
  ): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      await this.request({ op: 'listen', channel });
    }
    set.add(onPayload);
    return async () => {
      set.delete(onPayload);
      if (set.size === 0 && this.listeners.get(channel) === set) {
        this.listeners.delete(channel);
        if (!this.gone) await this.request({ op: 'unlisten', channel });
      }
    };
  }

  /** Closes the database, then lets the process end. */
  async close(): Promise<void> {
    if (this.gone) return;
    // Until it has exited, the process keeps this one running (the caller waits for it).
    this.child.ref();
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    try {
      await this.request({ op: 'close' });
    } finally {
      this.gone = new Error('The embedded database is closed');
      this.child.disconnect();
      await exited;
    }
  }

  private onReply(reply: Reply): void {
    if (reply.id === undefined) {
      for (const onPayload of this.listeners.get(reply.channel) ?? []) onPayload(reply.payload);
      return;
    }
    const waiting = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    this.idle();
    if (!waiting) return;
    if (reply.error) {
      const { message, ...fields } = reply.error;
      waiting.reject(Object.assign(new Error(String(message)), fields));
    } else {
      waiting.resolve(reply.result);
    }
  }

  private idle(): void {
    if (this.pending.size === 0) this.child.channel?.unref();
  }
}

/**
 * The row with dates of this realm. Answers are deserialised in Node's main realm; code running
 * in another one (a test sandbox) would not recognise those as its own `Date`s.
 */
function ownDates(row: unknown): unknown {
  if (!row || typeof row !== 'object') return row;
  const values = row as Record<string, unknown>;
  for (const [key, value] of Object.entries(values)) {
    if (isForeignDate(value)) values[key] = new Date(value.getTime());
    else if (Array.isArray(value) && value.some(isForeignDate)) {
      values[key] = value.map((v: unknown) => (isForeignDate(v) ? new Date(v.getTime()) : v));
    }
  }
  return row;
}

function isForeignDate(value: unknown): value is Date {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Date) &&
    Object.prototype.toString.call(value) === '[object Date]'
  );
}

export class EmbeddedClient extends EventEmitter {
  constructor(private readonly server: Promise<EmbeddedServer>) {
    super();
  }

  query(
    sql: string,
    params?: unknown[] | QueryCallback,
    callback?: QueryCallback,
  ): Promise<PgLikeResult> {
    const cb = typeof params === 'function' ? params : callback;
    const values = Array.isArray(params) ? params : undefined;
    const run = this.server.then(async (server) => {
      // Parameterised statements use the extended protocol (one statement); migrations send
      // several statements at once, which only the simple protocol (exec) accepts.
      const result = (await server.request(
        values && values.length > 0 ? { op: 'query', sql, params: values } : { op: 'exec', sql },
      )) as ServerResult;
      return {
        rows: result.rows.map(ownDates),
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
 * undo another's writes.) PGlite itself runs in a process of its own (embedded-server.ts).
 */
export class EmbeddedPool extends EventEmitter {
  private readonly process: EmbeddedServer;
  private readonly server: Promise<EmbeddedServer>;
  private readonly lock = new Mutex();
  private readonly client: EmbeddedClient;
  private closed = false;

  constructor(options: EmbeddedOptions) {
    super();
    if (!options.dataDir.startsWith('memory://')) {
      mkdirSync(options.dataDir, { recursive: true });
    }
    const server = (this.process = new EmbeddedServer((error) => {
      this.closed = true;
      // As node-postgres does for a lost idle client; TypeORM logs it.
      if (this.listenerCount('error') > 0) this.emit('error', error);
      else process.stderr.write(`${error.message}\n`);
    }));
    this.server = server
      .request({
        op: 'open',
        dataDir: options.dataDir,
        initialDataDir: join(__dirname, initialDataDirFile),
      })
      .then(() => server);
    // A failed start is reported to whoever connects first.
    this.server.catch(() => undefined);
    this.client = new EmbeddedClient(this.server);
  }

  /**
   * Calls `onPayload` for every NOTIFY on `channel` (PGlite delivers its own session's
   * notifications, as PostgreSQL does); resolves to a function that stops listening.
   */
  async listen(
    channel: string,
    onPayload: (payload: string) => void,
  ): Promise<() => Promise<void>> {
    const server = await this.server;
    // One session for everyone: LISTEN must not land inside another checkout's transaction.
    const unlock = await this.lock.acquire();
    try {
      return await server.listen(channel, onPayload);
    } finally {
      unlock();
    }
  }

  connect(callback: ConnectCallback): void {
    if (this.closed) {
      callback(new Error('The embedded database is closed'));
      return;
    }
    this.server.then(
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
    const done = this.process.close();
    done.then(
      () => callback?.(null),
      (e: Error) => callback?.(e),
    );
    return done;
  }
}

/** The fresh data directory the build makes beside the compiled server (see embedded-server.ts). */
const initialDataDirFile = 'initial-datadir';

/** What TypeORM's `driver` option expects: a module exposing a pg-compatible Pool class. */
export function embeddedDriver(options: EmbeddedOptions): { Pool: new () => EmbeddedPool } {
  // TypeORM constructs the pool itself with pg options that mean nothing here.
  return {
    Pool: class extends EmbeddedPool {
      constructor() {
        super(options);
      }
    },
  };
}
