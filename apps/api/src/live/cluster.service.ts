import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { LiveSessionSnapshot } from '@hearth/domain';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient, type RedisClientType } from 'redis';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { JsonLogger } from '../logging/json-logger';
import {
  FENCED_SET,
  keys,
  leaseHolder,
  leaseValue,
  RELEASE,
  RENEW,
  TAKE_OVER,
} from './cluster-redis';

/**
 * Where a live session is hosted, as seen from this node: here, at another node's URL, or nowhere
 * that can be reached yet (its node stopped answering and its lease has not lapsed): ask again
 * after `retryAfterMs`.
 */
export type RoomClaim =
  | { readonly mine: true }
  | { readonly mine: false; readonly url: string }
  | { readonly mine: false; readonly retryAfterMs: number };

/** Events between nodes. */
export type ClusterEvents = {
  /** A session's agenda was edited on some node: whoever hosts it tells its people. */
  agendaChanged: [sessionId: string];
  /**
   * A node behind the same address as this one was sent a session this node hosts: this node
   * should hand it over (stop hosting; its people rejoin through the address, and reach that node).
   */
  handOver: [sessionId: string];
  /** This node took over a session from a node whose lease lapsed (metrics; no id). */
  tookOver: [];
  /** A heartbeat could not renew this node's leases (metrics). */
  renewalFailed: [];
  /**
   * This node no longer holds a session's lease (Redis unreachable for longer than the lease, or
   * another node took it): it must stop hosting it at once, so that only one node ever does.
   */
  leaseLost: [sessionId: string];
  /**
   * The node-to-node path (the adapter's Redis subscription) is back after a loss: whatever the
   * other nodes sent meanwhile is gone, so what this node hosts must be brought up to date.
   */
  relayRestored: [];
};

/** Events between API nodes, carried by socket.io's serverSideEmit through the Redis adapter. */
export type InterNodeEvents = {
  agendaChanged: (sessionId: string) => void;
  handOver: (sessionId: string) => void;
};

/** Sends an event to the other nodes. */
export type InterNodeSend = (event: keyof InterNodeEvents, sessionId: string) => void;

/**
 * A node's heartbeat and its sessions' leases expire after this long without renewal (ms): a
 * crashed node's sessions are taken over within it. A node that cannot renew a lease gives it up
 * 1.5 s before it would lapse in Redis, so it has stopped hosting before anyone else may start.
 */
const LEASE_MS = 10_000;
const HEARTBEAT_MS = 2_500;
const LEASE_SAFETY_MS = 1_500;
const EXPIRY_CHECK_MS = 250;
/** A node whose heartbeat is this late (two missed beats) is not sent anyone (ms). */
const SILENT_AFTER_MS = 2 * HEARTBEAT_MS;
/** Bounds of the wait a client is told before asking again for a session between hosts (ms). */
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 2_000;
/** A node asks the host of a session to hand it over at most this often (ms). */
const HAND_OVER_ASK_MS = 2_000;
/** A moved session's snapshot is kept this long for the node that takes it over (s). */
const SNAPSHOT_TTL_SECONDS = 6 * 3600;

/** How long a client waits before asking again: about until `ttlMs` (a key's PTTL) has run out. */
const retryAfter = (ttlMs: number) =>
  Math.min(RETRY_MAX_MS, Math.max(RETRY_MIN_MS, (ttlMs > 0 ? ttlMs : 0) + 50));

/** A lease this node holds: its value in Redis and when Redis last confirmed it. */
interface Lease {
  readonly value: string;
  renewedAt: number;
}

/**
 * Several API nodes. Without REDIS_URL there is one node and it hosts every session. With it,
 * each live session is hosted by exactly one node — the one that first claims it in Redis, on
 * the worker it chose — and the others send its people there; a node renews its claims while it
 * lives, gives them up when it shuts down, and a crashed node's claims lapse. Each lease carries a
 * fencing token (a counter per session): snapshots are written only while the writer's lease
 * stands, and a node that cannot renew a lease in time (Redis away) gives it up — `leaseLost` —
 * and stops hosting, so two nodes never host one session. The socket.io Redis adapter links the
 * nodes' socket servers; node-to-node events travel through it.
 */
@Injectable()
export class ClusterService
  extends EventEmitter<ClusterEvents>
  implements OnModuleInit, BeforeApplicationShutdown
{
  readonly nodeId = randomUUID();
  readonly #owned = new Map<string, Lease>();
  #beating = false;
  #url: string | undefined;
  #redis: RedisClientType | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #expiryCheck: NodeJS.Timeout | undefined;
  #send: InterNodeSend | undefined;
  readonly #adapterClients: RedisClientType[] = [];
  /** When this node last asked for each session to be handed over to it. */
  readonly #handOverAsked = new Map<string, number>();
  readonly #ready: Promise<void>;
  #markReady!: () => void;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {
    super();
    this.#url = config.cluster?.nodeUrl;
    this.#ready = new Promise((resolve) => (this.#markReady = resolve));
  }

  /** Several nodes share the live sessions. */
  get enabled(): boolean {
    return this.config.cluster !== undefined;
  }

  /** Whether the Redis connection is up (false without REDIS_URL). */
  get redisReady(): boolean {
    return this.#redis?.isReady ?? false;
  }

  /** Whether the node-to-node path is up too: the socket adapter's publish and subscribe clients. */
  get relayReady(): boolean {
    return this.#adapterClients.every((client) => client.isReady);
  }

  /** Answers within `timeoutMs` whether Redis responds (true) or not (undefined). */
  async ping(timeoutMs: number): Promise<true | undefined> {
    const redis = this.#redis;
    if (!redis?.isReady) return undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        redis.ping().then(() => true as const),
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), timeoutMs);
        }),
      ]);
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sessions whose lease this node holds. */
  get hostedCount(): number {
    return this.#owned.size;
  }

  /** The URL clients reach this node at, once it listens (unless NODE_URL set it). */
  setUrl(url: string): void {
    this.#url ??= url;
    if (this.#redis) void this.#beat();
  }

  async onModuleInit(): Promise<void> {
    const cluster = this.config.cluster;
    if (!cluster) {
      this.#markReady();
      return;
    }
    const redis: RedisClientType = createClient({ url: cluster.redisUrl });
    redis.on('error', (error: Error) =>
      this.logger.event('error', 'redis error', { errorClass: error.name }, 'cluster'),
    );
    await redis.connect();
    this.#redis = redis;
    this.#heartbeat = setInterval(() => void this.#beat(), HEARTBEAT_MS).unref();
    this.#expiryCheck = setInterval(() => this.#checkExpiry(), EXPIRY_CHECK_MS).unref();
    await this.#beat();
    this.#markReady();
    this.logger.event('info', 'joined the cluster', { nodeId: this.nodeId }, 'cluster');
  }

  /**
   * A socket.io adapter linking this node's socket server with the others' (undefined on one
   * node); resolves once Redis is connected.
   */
  async socketAdapter(): Promise<ReturnType<typeof createAdapter> | undefined> {
    await this.#ready;
    if (!this.#redis) return undefined;
    const pub = this.#redis.duplicate();
    const sub = this.#redis.duplicate();
    pub.on('error', () => undefined);
    sub.on('error', () => undefined);
    await Promise.all([pub.connect(), sub.connect()]);
    this.#adapterClients.push(pub, sub);
    // Every later 'ready' is a reconnection, with the subscriptions already renewed (node-redis
    // resubscribes before it reports ready); what was published while it was away is lost.
    sub.on('ready', () => {
      this.logger.event('info', 'node-to-node relay restored', {}, 'cluster');
      this.emit('relayRestored');
    });
    return createAdapter(pub, sub);
  }

  /** How to reach the other nodes, once the socket server has its adapter. */
  attach(send: InterNodeSend): void {
    this.#send = send;
  }

  /**
   * Claims the hosting of a session: this node's if nobody else holds it (or the holder died),
   * otherwise the URL of the node that does — unless that node has missed its heartbeats (it
   * crashed; its lease lapses soon), or the client cannot follow a redirect: then the client is
   * to ask again shortly. Behind one address (TRUST_PROXY, no NODE_URL) a node's own address is
   * not the browser's to reach and the proxy chose this node: the host is asked to hand the
   * session over, and its people come here — when `routedHere` (the proxy routed the connection
   * by this very session, so no client can pick the node that asks).
   */
  async claim(sessionId: string, routedHere = false): Promise<RoomClaim> {
    const redis = this.#redis;
    if (!redis) return { mine: true };
    if (this.#owned.has(sessionId)) return { mine: true };
    // Without Redis nobody can settle who hosts the session: its people ask again until it is
    // back (a lease set just before the connection dropped is not counted, and lapses).
    const unsettled = { mine: false, retryAfterMs: RETRY_MAX_MS } as const;
    if (!redis.isReady) return unsettled;
    try {
      return await this.#claim(redis, sessionId, routedHere);
    } catch (error) {
      const errorClass = error instanceof Error ? error.name : typeof error;
      this.logger.event('warn', 'could not claim a session', { errorClass }, 'cluster');
      return unsettled;
    }
  }

  async #claim(redis: RedisClientType, sessionId: string, routedHere: boolean): Promise<RoomClaim> {
    const key = keys.room(sessionId);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const value = leaseValue(this.nodeId, await redis.incr(keys.fence(sessionId)));
      const asked = Date.now();
      if ((await redis.set(key, value, { NX: true, PX: LEASE_MS })) === 'OK') {
        this.#owned.set(sessionId, { value, renewedAt: asked });
        return { mine: true };
      }
      const current = await redis.get(key);
      if (current === null) continue;
      const owner = leaseHolder(current);
      const [url, nodeTtl, leaseTtl] = await redis
        .multi()
        .get(keys.node(owner))
        .pTTL(keys.node(owner))
        .pTTL(key)
        .execTyped();
      // A lease of this node's that it no longer counts as its own (it gave it up as lost) is
      // not trusted: it lapses, and the session is claimed afresh then.
      if (owner === this.nodeId) return { mine: false, retryAfterMs: retryAfter(leaseTtl) };
      if (url) {
        const silent = nodeTtl >= 0 && nodeTtl < LEASE_MS - SILENT_AFTER_MS;
        if (silent) return { mine: false, retryAfterMs: retryAfter(Math.min(nodeTtl, leaseTtl)) };
        if (!this.#behindOneAddress && url !== this.#url) return { mine: false, url };
        if (routedHere) this.#askHandOver(sessionId);
        return { mine: false, retryAfterMs: RETRY_MIN_MS * 2 };
      }
      const taken = await redis.eval(TAKE_OVER, {
        keys: [key],
        arguments: [current, value, String(LEASE_MS)],
      });
      if (taken === 1) {
        this.#owned.set(sessionId, { value, renewedAt: asked });
        this.emit('tookOver');
        return { mine: true };
      }
    }
    throw new Error('could not settle which node hosts the session');
  }

  /**
   * Nodes behind one address: clients reach them only through the proxy, which routes each
   * session to one node of its choosing; no node redirects.
   */
  get #behindOneAddress(): boolean {
    return this.config.trustProxy && this.config.cluster?.nodeUrl === undefined;
  }

  #askHandOver(sessionId: string): void {
    const now = Date.now();
    if (now - (this.#handOverAsked.get(sessionId) ?? 0) < HAND_OVER_ASK_MS) return;
    if (this.#handOverAsked.size > 1000) this.#handOverAsked.clear();
    this.#handOverAsked.set(sessionId, now);
    this.logger.event('info', 'asked for a session to be handed over', { sessionId }, 'cluster');
    this.#send?.('handOver', sessionId);
  }

  /** Another node asked for a session to be handed over (the live layer decides). */
  handOverAsked(sessionId: string): void {
    this.logger.event('info', 'asked to hand a session over', { sessionId }, 'cluster');
    this.emit('handOver', sessionId);
  }

  /** Gives up hosting a session (it emptied, or this node is shutting down). */
  async release(sessionId: string): Promise<void> {
    const lease = this.#owned.get(sessionId);
    this.#owned.delete(sessionId);
    if (!lease) return;
    await this.#redis?.eval(RELEASE, { keys: [keys.room(sessionId)], arguments: [lease.value] });
  }

  /** Whether this node holds the session's lease (always, on a single node). */
  holds(sessionId: string): boolean {
    return !this.#redis || this.#owned.has(sessionId);
  }

  /**
   * Keeps what another node needs to carry a session on if this one goes away — only while this
   * node's lease, fencing token included, still stands in Redis.
   */
  async saveSnapshot(sessionId: string, snapshot: LiveSessionSnapshot): Promise<void> {
    const redis = this.#redis;
    const lease = this.#owned.get(sessionId);
    if (!redis || !lease) return;
    const written = await redis.eval(FENCED_SET, {
      keys: [keys.room(sessionId), keys.snapshot(sessionId)],
      arguments: [lease.value, JSON.stringify(snapshot), String(SNAPSHOT_TTL_SECONDS)],
    });
    if (written !== 1) this.#lost(sessionId);
  }

  async loadSnapshot(sessionId: string): Promise<LiveSessionSnapshot | null> {
    const raw = await this.#redis?.get(keys.snapshot(sessionId));
    return raw ? (JSON.parse(raw) as LiveSessionSnapshot) : null;
  }

  /** Tells the other nodes that a session's agenda changed. */
  publishAgendaChanged(sessionId: string): void {
    this.#send?.('agendaChanged', sessionId);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.#heartbeat);
    clearInterval(this.#expiryCheck);
    const redis = this.#redis;
    if (!redis) return;
    // Released before the sockets close, so clients reconnecting elsewhere find the room free.
    await Promise.all([...this.#owned.keys()].map((sessionId) => this.release(sessionId)));
    await redis.del(keys.node(this.nodeId));
    for (const client of this.#adapterClients) await client.quit().catch(() => undefined);
    await redis.quit().catch(() => undefined);
    this.#redis = undefined;
  }

  /** Stops counting a lease as this node's and tells the live layer to stop hosting. */
  #lost(sessionId: string): void {
    if (!this.#owned.delete(sessionId)) return;
    this.logger.event('warn', 'session lease lost; no longer hosting it', {}, 'cluster');
    this.emit('leaseLost', sessionId);
  }

  /**
   * What needs no Redis: a lease Redis has not confirmed for almost its whole length may lapse any
   * moment (Redis is away, or slower than the lease), so it is given up now. Checked often, apart
   * from the heartbeat, so that this node stops before the lease can lapse in Redis.
   */
  #checkExpiry(): void {
    const now = Date.now();
    for (const [sessionId, lease] of this.#owned) {
      if (now - lease.renewedAt >= LEASE_MS - LEASE_SAFETY_MS) this.#lost(sessionId);
    }
  }

  async #beat(): Promise<void> {
    const redis = this.#redis;
    if (!redis || !this.#url) return;
    this.#checkExpiry();
    // Commands wait in the client's queue while Redis is unreachable: one beat at a time.
    if (this.#beating) return;
    this.#beating = true;
    try {
      await redis.set(keys.node(this.nodeId), this.#url, { PX: LEASE_MS });
      await Promise.all(
        [...this.#owned].map(async ([sessionId, lease]) => {
          const asked = Date.now();
          const renewed = await redis.eval(RENEW, {
            keys: [keys.room(sessionId)],
            arguments: [lease.value, String(LEASE_MS)],
          });
          if (this.#owned.get(sessionId) !== lease) return;
          if (renewed === 1) lease.renewedAt = asked;
          else this.#lost(sessionId);
        }),
      );
    } catch (error) {
      this.emit('renewalFailed');
      this.logger.event(
        'warn',
        'cluster heartbeat failed',
        { errorClass: error instanceof Error ? error.name : typeof error },
        'cluster',
      );
    } finally {
      this.#beating = false;
    }
  }
}
