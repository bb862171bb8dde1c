import { createHash } from 'node:crypto';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What is read of a socket.io server and its sockets (Nest brings its own socket.io copy). */
export interface WatchedSocket {
  readonly data: unknown;
  use(fn: (packet: unknown[], next: (error?: Error) => void) => void): unknown;
  on(event: 'disconnect', fn: (reason: string) => void): unknown;
}
export interface WatchedServer {
  on(event: 'connection', fn: (socket: WatchedSocket) => void): unknown;
  of(namespace: string): { readonly sockets: { readonly size: number } };
}

/** A person who left a session this recently and joins it again counts as a reconnect. */
const reconnectWindowMs = 5 * 60_000;
const maxRemembered = 10_000;

type Ack = (answer: {
  error?: { code?: unknown };
  data?: { redirect?: unknown; retry?: unknown };
}) => void;

/** The join's outcome as a label: a fixed word, never an error message or an id. */
function outcome(answer: Parameters<Ack>[0]): 'joined' | 'redirected' | 'retry' | 'refused' {
  if (answer?.error) return 'refused';
  if (answer?.data?.retry) return 'retry';
  return answer?.data?.redirect ? 'redirected' : 'joined';
}

/**
 * The live-session socket seen from outside its handlers: open sockets, joins with how long they
 * took to be answered, reconnects (the same person back in the same session within minutes) and
 * disconnect reasons. It watches the socket server's packets; the signalling code is unchanged.
 * People and sessions are remembered only as a one-way hash, in memory, and never in labels.
 */
export class LiveMetrics {
  readonly #joins: Counter;
  readonly #joinSeconds: Histogram;
  readonly #reconnects: Counter;
  readonly #disconnects: Counter;
  readonly #servers = new Set<WatchedServer>();
  /** hash(person, session) → when that person's socket in that session went away. */
  readonly #left = new Map<string, number>();
  /** hash(person, session) → that person's sockets in that session now (a new one while the old
   * is not yet noticed dead is a reconnect too). */
  readonly #active = new Map<string, number>();

  constructor(registry: Registry) {
    const servers = this.#servers;
    new Gauge({
      name: 'hearth_live_sockets',
      help: 'Open live-session sockets on this node',
      registers: [registry],
      collect() {
        let open = 0;
        for (const server of servers) open += server.of('/').sockets.size;
        this.set(open);
      },
    });
    this.#joins = new Counter({
      name: 'hearth_live_joins_total',
      help: 'Session joins answered, by outcome (joined, redirected, retry: between nodes, refused)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.#joinSeconds = new Histogram({
      name: 'hearth_live_join_duration_seconds',
      help: 'Time from a join request to its answer',
      labelNames: ['outcome'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.#reconnects = new Counter({
      name: 'hearth_live_reconnects_total',
      help: 'Joins by a person who left the same session within the last five minutes',
      registers: [registry],
    });
    this.#disconnects = new Counter({
      name: 'hearth_live_disconnects_total',
      help: "Live sockets closed, by socket.io's reason (transport close, ping timeout, …)",
      labelNames: ['reason'],
      registers: [registry],
    });
  }

  /** Follows a socket.io server's connections from now on. */
  watch(server: WatchedServer): void {
    this.#servers.add(server);
    server.on('connection', (socket) => this.#follow(socket));
  }

  #follow(socket: WatchedSocket): void {
    let joined: string | undefined;
    socket.use((packet, next) => {
      const [event, payload] = packet as [unknown, { sessionId?: unknown } | undefined];
      const ack = packet[packet.length - 1] as unknown;
      if (event === 'session:join' && typeof ack === 'function') {
        const started = process.hrtime.bigint();
        const key = this.#key(socket, payload?.sessionId);
        packet[packet.length - 1] = ((answer: Parameters<Ack>[0]) => {
          const result = outcome(answer);
          this.#joins.inc({ outcome: result });
          this.#joinSeconds.observe(
            { outcome: result },
            Number(process.hrtime.bigint() - started) / 1e9,
          );
          if (result === 'joined' && key && joined !== key) {
            const left = this.#left.get(key);
            const recent = left !== undefined && Date.now() - left < reconnectWindowMs;
            if (recent || (this.#active.get(key) ?? 0) > 0) this.#reconnects.inc();
            this.#left.delete(key);
            this.#active.set(key, (this.#active.get(key) ?? 0) + 1);
            joined = key;
          }
          (ack as Ack)(answer);
        }) as Ack;
      }
      next();
    });
    socket.on('disconnect', (reason: string) => {
      this.#disconnects.inc({ reason: /^[a-z ]{1,40}$/.test(reason) ? reason : 'other' });
      if (!joined) return;
      const still = (this.#active.get(joined) ?? 1) - 1;
      if (still > 0) this.#active.set(joined, still);
      else this.#active.delete(joined);
      if (this.#left.size >= maxRemembered) this.#forgetOld();
      this.#left.set(joined, Date.now());
    });
  }

  #key(socket: WatchedSocket, sessionId: unknown): string | undefined {
    const person = (socket.data as { principal?: { personId?: unknown } } | undefined)?.principal
      ?.personId;
    if (typeof person !== 'string' || typeof sessionId !== 'string') return undefined;
    return createHash('sha256').update(`${person}\n${sessionId}`).digest('base64url');
  }

  #forgetOld(): void {
    const cutoff = Date.now() - reconnectWindowMs;
    for (const [key, at] of this.#left) if (at < cutoff) this.#left.delete(key);
    // Still full: the oldest go first (a Map iterates in insertion order).
    for (const key of this.#left.keys()) {
      if (this.#left.size < maxRemembered) break;
      this.#left.delete(key);
    }
  }
}
