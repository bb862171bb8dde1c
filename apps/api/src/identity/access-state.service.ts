import { EventEmitter } from 'node:events';
import { z } from 'zod';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DomainError } from '@hearth/domain';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import type { EmbeddedPool } from '../database/embedded-pool';
import { JsonLogger } from '../logging/json-logger';
import { queryRows } from '../database/rows';

/** What an access token claims about the sign-in it belongs to. */
export interface SignInClaims {
  readonly personId: string;
  /** The sign-in session (refresh-token family) the token was minted for. */
  readonly sessionId: string;
  /** The person's token version when it was minted (raised when their roles change). */
  readonly tokenVersion: number;
}

/**
 * Access ended for a person: one sign-in (`sessionId`), every sign-in (roles changed, disabled,
 * erased), or only their place in one course (`courseId`).
 */
export interface AccessEnded {
  readonly personId: string;
  readonly sessionId?: string;
  readonly courseId?: string;
}

interface Known {
  readonly personId: string;
  readonly live: boolean;
  readonly tokenVersion: number;
  /** When this answer must be read again from the database. */
  readonly until: number;
}

const channel = 'hearth_access';
/** How long a sign-in's state is trusted while the database's notifications arrive. */
const listeningTtlMs = 30_000;
/** …and while they do not (the listener is reconnecting): revocation within two seconds. */
const deafTtlMs = 2_000;
const cacheSize = 20_000;

const ended = () =>
  new DomainError('unauthenticated', 'Your sign-in has ended; please sign in again');

/**
 * Whether an access token's sign-in is still live, checked on every request and socket
 * connection. Answers are cached in memory; every change that ends access (a sign-out, a
 * password change, new roles, erasure, a lost roster place) is announced by a database trigger
 * with NOTIFY, which every node LISTENs to — so it takes effect at once on every node, whichever
 * module or node made it. Should the listener drop, cached answers last two seconds instead of
 * thirty until it is back.
 */
@Injectable()
export class AccessStateService implements OnModuleInit, OnApplicationShutdown {
  readonly #known = new Map<string, Known>();
  readonly #events = new EventEmitter();
  #listening = false;
  #client: Client | undefined;
  #unlisten: (() => Promise<void>) | undefined;
  #retry: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {
    this.#events.setMaxListeners(50);
  }

  async onModuleInit(): Promise<void> {
    await this.#listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    await this.#unlisten?.().catch(() => undefined);
    await this.#client?.end().catch(() => undefined);
  }

  /** Throws `unauthenticated` unless the token's sign-in and token version are current. */
  async assertLive(claims: SignInClaims): Promise<void> {
    const now = Date.now();
    let known = this.#known.get(claims.sessionId);
    // A token newer than what is cached means the cache missed a change: read it again.
    if (!known || known.until <= now || known.tokenVersion < claims.tokenVersion) {
      known = await this.#load(claims.sessionId, now);
    }
    if (!known.live || known.personId !== claims.personId) throw ended();
    if (known.tokenVersion !== claims.tokenVersion) {
      throw new DomainError('unauthenticated', 'Your roles have changed; please sign in again', {
        reason: 'token_version',
      });
    }
  }

  /** Subscribes to access ending on this node (for closing live sockets); returns unsubscribe. */
  onEnded(listener: (event: AccessEnded) => void): () => void {
    this.#events.on('ended', listener);
    return () => this.#events.off('ended', listener);
  }

  /**
   * Forgets what is cached and tells this node's subscribers at once. The database announces the
   * same change to every node (this one included) when it commits; calling this as well spares
   * the round trip where the change was made.
   */
  ended(event: AccessEnded): void {
    if (!event.courseId) {
      for (const [sessionId, known] of this.#known) {
        if (
          known.personId === event.personId &&
          (!event.sessionId || sessionId === event.sessionId)
        ) {
          this.#known.delete(sessionId);
        }
      }
    }
    this.#events.emit('ended', event);
  }

  async #load(sessionId: string, now: number): Promise<Known> {
    const [row] = await queryRows(
      this.dataSource,
      'access state of a sign-in',
      z.strictObject({
        person_id: z.guid(),
        token_version: z.number().int(),
        live: z.boolean(),
        expires_ms: z.string(),
      }),
      `SELECT s.person_id, p.token_version,
              (s.revoked_at IS NULL AND s.expires_at > now() AND p.disabled_at IS NULL) AS live,
              extract(epoch FROM s.expires_at) * 1000 AS expires_ms
         FROM sign_in_session s JOIN person p ON p.id = s.person_id
        WHERE s.id = $1`,
      [sessionId],
    );
    const ttl = this.#listening ? listeningTtlMs : deafTtlMs;
    const known: Known = row
      ? {
          personId: row.person_id,
          live: row.live,
          tokenVersion: row.token_version,
          until: Math.min(now + ttl, Number(row.expires_ms)),
        }
      : { personId: '', live: false, tokenVersion: -1, until: now + ttl };
    if (this.#known.size >= cacheSize) this.#known.delete(this.#known.keys().next().value!);
    this.#known.set(sessionId, known);
    return known;
  }

  #onPayload = (payload: string | undefined): void => {
    try {
      const parsed = JSON.parse(payload ?? '') as {
        person?: string;
        session?: string;
        course?: string;
      };
      if (typeof parsed.person !== 'string') return;
      this.ended({
        personId: parsed.person,
        ...(parsed.session ? { sessionId: parsed.session } : {}),
        ...(parsed.course ? { courseId: parsed.course } : {}),
      });
    } catch {
      // Not ours to understand; nothing cached depends on it.
    }
  };

  async #listen(): Promise<void> {
    if (this.#closed) return;
    const database = this.config.database;
    if (database.kind === 'embedded') {
      const pool = (this.dataSource.driver as unknown as { master: EmbeddedPool }).master;
      this.#unlisten = await pool.listen(channel, this.#onPayload);
      this.#listening = true;
      return;
    }
    const client = new Client({
      connectionString: database.url,
      application_name: 'hearth-api-access',
      connectionTimeoutMillis: 5_000,
    });
    const lost = () => {
      if (this.#client !== client) return;
      this.#client = undefined;
      this.#listening = false;
      client.removeAllListeners();
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
      if (this.#closed) return;
      this.logger.event('warn', 'access notifications lost; reconnecting', {}, 'identity');
      this.#retry = setTimeout(() => void this.#listen(), 1_000);
      this.#retry.unref();
    };
    this.#client = client;
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (message) => this.#onPayload(message.payload));
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
      // Anything may have changed while no one listened.
      this.#known.clear();
      this.#listening = true;
    } catch {
      lost();
    }
  }
}
