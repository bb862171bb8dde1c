import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { z } from 'zod';
import { DomainError } from '@hearth/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { requestHash } from './canonical-json';
import { IdempotencyKeyEntity } from './idempotency.entity';
import { queryRows } from '../database/rows';

/** How long a stored response is replayed (and kept): a day covers any sensible retry. */
export const idempotencyRetentionHours = 24;

/** Which request a key belongs to. */
export interface IdempotentRequest {
  readonly personId: string;
  /** The route template, e.g. `POST /api/courses`; keys are kept per person and route. */
  readonly route: string;
  /** The `Idempotency-Key` header, or undefined to run without one. */
  readonly key: string | undefined;
  /**
   * What must match on a replay: the parsed (validated, defaulted) params and body. Its hash is
   * SHA-256 over canonical JSON (keys sorted at every depth), so key order and whitespace in the
   * raw request do not matter, but any change of content does.
   */
  readonly payload: unknown;
  /** HTTP status of a successful response, stored with it. */
  readonly status: number;
}

export interface IdempotentResult<T> {
  readonly status: number;
  readonly body: T;
  /** True when this is the stored response of an earlier request with the same key. */
  readonly replayed: boolean;
}

/**
 * Runs a create operation at most once per (person, route, key).
 *
 * The key row is claimed first, inside the same transaction as the creation, and filled with
 * the response before commit; so it exists exactly when the creation committed. A concurrent
 * request with the same key waits on that row: when the first commits it replays the stored
 * response, when the first rolls back it proceeds as the first itself. Failed requests store
 * nothing, so a client may retry them with the same key.
 *
 * A stored response holds personal data (names of the people a course was created for), so it
 * is kept only as long as a retry is plausible: after `idempotencyRetentionHours` a key is
 * treated as never used and an hourly sweep deletes it. Erasure deletes the rows that mention the
 * erased person at once (see `scrubPerson`).
 */
@Injectable()
export class IdempotencyService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      // A failed sweep is retried by the next; the read path ignores expired rows regardless.
      this.sweepExpired().catch(() => undefined);
    }, 3_600_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Deletes every stored response older than the retention; returns how many went. */
  async sweepExpired(manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [row] = await queryRows(
      manager,
      'forget old idempotency keys',
      z.strictObject({ n: z.number().int() }),
      `WITH gone AS (
         DELETE FROM idempotency_key WHERE created_at < now() - make_interval(hours => $1)
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [idempotencyRetentionHours],
    );
    return row?.n ?? 0;
  }

  /**
   * Deletes the stored responses the person made and every other one that names them (by id,
   * email or display name): a coordinator's stored "client added" response holds the client's name.
   */
  async scrubPerson(
    manager: EntityManager,
    person: { id: string; email: string; displayName: string },
  ): Promise<void> {
    await manager.query(
      `DELETE FROM idempotency_key
        WHERE person_id = $1
           OR strpos(response::text, $1::text) > 0
           OR strpos(lower(response::text), lower($2)) > 0
           OR strpos(response::text, to_jsonb($3::text)::text) > 0`,
      [person.id, person.email, person.displayName],
    );
  }

  async run<T>(
    request: IdempotentRequest,
    work: (tx: EntityManager) => Promise<T>,
  ): Promise<IdempotentResult<T>> {
    const { key } = request;
    if (key === undefined) {
      const body = await this.dataSource.transaction(work);
      return { status: request.status, body, replayed: false };
    }
    const hash = requestHash(request.payload);
    return this.dataSource.transaction(async (tx) => {
      // An expired key is as good as unused: its response may no longer be kept.
      await tx.query(
        `DELETE FROM idempotency_key
          WHERE person_id = $1 AND route = $2 AND key = $3
            AND created_at < now() - make_interval(hours => $4)`,
        [request.personId, request.route, key, idempotencyRetentionHours],
      );
      const claimed = await queryRows(
        tx,
        'claim an idempotency key',
        z.strictObject({ key: z.string() }),
        `INSERT INTO idempotency_key (person_id, route, key, request_hash)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING key`,
        [request.personId, request.route, key, hash],
      );
      if (claimed.length === 0) {
        // In READ COMMITTED this statement sees the row the conflicting transaction committed.
        const stored = await tx.findOneBy(IdempotencyKeyEntity, {
          personId: request.personId,
          route: request.route,
          key,
        });
        if (!stored || stored.status === null) {
          throw new DomainError('conflict', 'A request with this Idempotency-Key is in progress', {
            reason: 'idempotency_key_in_progress',
          });
        }
        if (stored.requestHash !== hash) {
          throw new DomainError(
            'idempotency_key_reused',
            'This Idempotency-Key was already used for a different request',
          );
        }
        return { status: stored.status, body: stored.response as T, replayed: true };
      }
      const body = await work(tx);
      await tx.update(
        IdempotencyKeyEntity,
        { personId: request.personId, route: request.route, key },
        { status: request.status, response: body as object },
      );
      return { status: request.status, body, replayed: false };
    });
  }
}
