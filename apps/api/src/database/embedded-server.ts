// The embedded database (PGlite) in a process of its own, which the API's EmbeddedPool starts
// with `--liftoff-only`: V8 then runs PostgreSQL's WebAssembly with its baseline compiler only.
// Its optimising compiler, which V8 starts on the functions that run most, needs ~600 MB for a
// few hundred milliseconds to compile one of PostgreSQL's largest functions, and measured on
// Hearth's kind of queries the baseline code is about as fast.
// The API process stays free of the WebAssembly heap, and the memory of the first start's
// initdb goes away with nothing else.
//
// Requests come over the IPC channel (advanced serialisation, so dates, bytes and bigints
// survive): { id, op: 'open' | 'query' | 'exec' | 'listen' | 'unlisten' | 'close', ... }; each
// is answered with { id, result } or { id, error }; notifications arrive as { channel, payload }.
//
// `node --liftoff-only embedded-server.js --initial-datadir <dir>` makes a freshly initialised
// data directory: the build ships it, so a first start copies its files instead of running
// initdb (for which PGlite holds a second PostgreSQL instance in memory, and unpacks its files
// through memory).
import { cpSync, existsSync, readdirSync, renameSync, rmSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, type Results } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';

/**
 * PGlite's own start parameters, with 8 MB of shared buffers instead of the 128 MB initdb
 * writes into postgresql.conf: the buffer pool lives in the WebAssembly memory, which never
 * shrinks, and with 128 MB it held ~120 MB more at idle. A practice's data is small, and pages
 * that do not fit are read from the files through the operating system's cache.
 */
const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=8MB'];

type Request =
  | { id: number; op: 'open'; dataDir: string; initialDataDir: string }
  | { id: number; op: 'query'; sql: string; params: unknown[] }
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'listen' | 'unlisten'; channel: string }
  | { id: number; op: 'close' };

let db: PGlite | undefined;
const unlisteners = new Map<string, () => Promise<void>>();

const send = (message: unknown): void => {
  process.send?.(message);
};

/** A query's error as plain fields (SQLSTATE `code`, `constraint`, `detail`…): Error objects lose them on the way. */
function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields: Record<string, unknown> = { message: error.message, name: error.name };
  for (const [key, value] of Object.entries(error)) {
    if (value === undefined || typeof value === 'function' || typeof value === 'object') continue;
    fields[key] = value;
  }
  return fields;
}

function summary(result: Results | undefined): unknown {
  const r = result ?? { rows: [], fields: [], affectedRows: 0 };
  return { rows: r.rows, affectedRows: r.affectedRows, fields: r.fields };
}

/**
 * Opens the database. A new one on disk starts as a copy of `initialDataDir` when the build made
 * it (a run from source lets PGlite run initdb): copied beside, then renamed into place, so an
 * interrupted copy is never taken for a database.
 */
async function open(dataDir: string, initialDataDir: string): Promise<void> {
  if (
    !dataDir.startsWith('memory://') &&
    !existsSync(join(dataDir, 'PG_VERSION')) &&
    readdirSync(dataDir).length === 0 &&
    existsSync(join(initialDataDir, 'PG_VERSION'))
  ) {
    const copy = `${dataDir}.new`;
    rmSync(copy, { recursive: true, force: true });
    cpSync(initialDataDir, copy, { recursive: true });
    rmdirSync(dataDir);
    renameSync(copy, dataDir);
  }
  db = await PGlite.create({ dataDir, extensions: { btree_gist }, startParams });
}

async function handle(request: Request): Promise<unknown> {
  if (request.op === 'open') return open(request.dataDir, request.initialDataDir);
  if (request.op === 'close') {
    await db?.close();
    db = undefined;
    return undefined;
  }
  if (!db) throw new Error('The embedded database is not open');
  switch (request.op) {
    case 'query':
      return summary(await db.query(request.sql, request.params));
    case 'exec':
      return summary((await db.exec(request.sql)).at(-1));
    case 'listen': {
      const channel = request.channel;
      if (!unlisteners.has(channel)) {
        unlisteners.set(channel, await db.listen(channel, (payload) => send({ channel, payload })));
      }
      return undefined;
    }
    case 'unlisten': {
      const stop = unlisteners.get(request.channel);
      unlisteners.delete(request.channel);
      await stop?.();
      return undefined;
    }
  }
}

async function closeAndExit(): Promise<never> {
  try {
    if (db && !db.closed) await db.close();
  } finally {
    process.exit(0);
  }
}

async function writeInitialDataDir(dir: string): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  const fresh = await PGlite.create({ dataDir: dir, startParams });
  await fresh.exec('CHECKPOINT');
  await fresh.close();
}

const initialFlag = process.argv.indexOf('--initial-datadir');
const initialTarget = initialFlag === -1 ? undefined : process.argv[initialFlag + 1];
if (initialTarget) {
  void writeInitialDataDir(initialTarget);
} else if (process.send) {
  // Ctrl-C reaches the whole process group: the API closes this database itself as it stops,
  // and if the API is gone the channel's disconnect closes it.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => undefined);
  process.on('disconnect', () => void closeAndExit());
  process.on('message', (request: Request) => {
    handle(request).then(
      (result) => send({ id: request.id, result }),
      (error: unknown) => send({ id: request.id, error: errorFields(error) }),
    );
  });
}
