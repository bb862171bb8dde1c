import { Inject, Injectable } from '@nestjs/common';
import type { Consent, ConsentVersion } from '@hearth/contracts';
import { DomainError } from '@hearth/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { queryRows } from '../database/rows';
import { AuditService } from '../identity/audit.service';
import type { Principal } from '../identity/token-service';
import { defaultConsentText } from './default-consent';

const currentRow = z.strictObject({
  id: z.guid(),
  version: z.number().int(),
  text: z.string(),
  published_at: z.date(),
  accepted_at: z.date().nullable(),
});
type CurrentRow = z.infer<typeof currentRow>;

const publishedRow = z.strictObject({
  version: z.number().int(),
  text: z.string(),
  published_at: z.date(),
  published_by: z.guid().nullable(),
});

const versionRow = publishedRow.extend({
  display_name: z.string().nullable(),
  acceptances: z.number().int(),
});
type VersionRow = z.infer<typeof versionRow>;

/**
 * The practice's versioned consent text, and who accepted which version. A practice starts with
 * the default text as version 1; publishing makes a new current version that every client has
 * to accept again before their next session.
 */
@Injectable()
export class ConsentService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Whether `personId` has accepted the current consent version of `practiceId`. For the
   * live-session join check: a client who has not may not join. A practice that never showed
   * anyone its consent has nothing accepted, so this is false. Meant for clients; staff do not
   * accept consent. Inside a transaction, pass its manager: the embedded database has one
   * connection, which the transaction holds.
   */
  async hasAcceptedCurrentConsent(
    practiceId: string,
    personId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const [row] = await queryRows(
      manager,
      'consent of a person',
      z.strictObject({ accepted: z.boolean() }),
      `SELECT EXISTS (
         SELECT 1 FROM consent_acceptance a
           JOIN consent_version v ON v.id = a.consent_version_id
          WHERE a.person_id = $2 AND v.practice_id = $1
            AND v.version = (SELECT max(version) FROM consent_version WHERE practice_id = $1)
       ) AS accepted`,
      [practiceId, personId],
    );
    return row?.accepted === true;
  }

  /** The current text and whether the caller accepted it. */
  async current(principal: Principal): Promise<Consent> {
    await this.ensureDefault(this.dataSource.manager, principal.practiceId);
    return toConsent(await this.currentRow(this.dataSource.manager, principal));
  }

  /** Accepts the current version; `version` must be the one the client read. */
  async accept(principal: Principal, version: number): Promise<Consent> {
    return this.dataSource.transaction(async (tx) => {
      await this.ensureDefault(tx, principal.practiceId);
      const row = await this.currentRow(tx, principal);
      if (row.version !== version) {
        throw new DomainError(
          'conflict',
          'The consent text has changed since you opened it; please read the new version',
          { reason: 'consent_version_changed', currentVersion: row.version },
        );
      }
      if (!row.accepted_at) {
        await tx.query(
          `INSERT INTO consent_acceptance (consent_version_id, person_id) VALUES ($1, $2)
           ON CONFLICT (consent_version_id, person_id) DO NOTHING`,
          [row.id, principal.personId],
        );
        await this.audit.record(
          {
            practiceId: principal.practiceId,
            actorId: principal.personId,
            action: 'consent.accepted',
            entity: 'consent_version',
            entityId: row.id,
          },
          tx,
        );
      }
      return toConsent(await this.currentRow(tx, principal));
    });
  }

  async versions(principal: Principal): Promise<ConsentVersion[]> {
    await this.ensureDefault(this.dataSource.manager, principal.practiceId);
    const rows = await queryRows(
      this.dataSource,
      'consent versions',
      versionRow,
      `SELECT v.version, v.text, v.published_at, v.published_by, p.display_name,
              (SELECT count(*)::int FROM consent_acceptance a WHERE a.consent_version_id = v.id)
                AS acceptances
         FROM consent_version v LEFT JOIN person p ON p.id = v.published_by
        WHERE v.practice_id = $1 ORDER BY v.version DESC`,
      [principal.practiceId],
    );
    return rows.map(toVersion);
  }

  async publish(principal: Principal, text: string): Promise<ConsentVersion> {
    return this.dataSource.transaction(async (tx) => {
      // One publisher at a time per practice, so versions are numbered without gaps or clashes.
      await tx.query(`SELECT 1 FROM practice WHERE id = $1 FOR UPDATE`, [principal.practiceId]);
      await this.ensureDefault(tx, principal.practiceId);
      const [row] = await queryRows(
        tx,
        'publish a consent version',
        publishedRow.extend({ id: z.guid() }),
        `INSERT INTO consent_version (practice_id, version, text, published_by)
         SELECT $1, max(version) + 1, $2, $3 FROM consent_version WHERE practice_id = $1
         RETURNING id, version, text, published_at, published_by`,
        [principal.practiceId, text, principal.personId],
      );
      await this.audit.record(
        {
          practiceId: principal.practiceId,
          actorId: principal.personId,
          action: 'consent.published',
          entity: 'consent_version',
          entityId: row!.id,
        },
        tx,
      );
      const [me] = await queryRows(
        tx,
        'name of the publisher',
        z.strictObject({ display_name: z.string() }),
        `SELECT display_name FROM person WHERE id = $1`,
        [principal.personId],
      );
      const { id: _id, ...published } = row!;
      return toVersion({ ...published, display_name: me!.display_name, acceptances: 0 });
    });
  }

  // A practice that has never had a consent text gets the default one as version 1.
  private async ensureDefault(db: EntityManager, practiceId: string): Promise<void> {
    await db.query(
      `INSERT INTO consent_version (practice_id, version, text)
       SELECT $1, 1, $2 WHERE NOT EXISTS (SELECT 1 FROM consent_version WHERE practice_id = $1)
       ON CONFLICT (practice_id, version) DO NOTHING`,
      [practiceId, defaultConsentText],
    );
  }

  private async currentRow(db: EntityManager, principal: Principal): Promise<CurrentRow> {
    const [row] = await queryRows(
      db,
      'current consent',
      currentRow,
      `SELECT v.id, v.version, v.text, v.published_at, a.accepted_at
         FROM consent_version v
         LEFT JOIN consent_acceptance a ON a.consent_version_id = v.id AND a.person_id = $2
        WHERE v.practice_id = $1 ORDER BY v.version DESC LIMIT 1`,
      [principal.practiceId, principal.personId],
    );
    return row!;
  }
}

const iso = (value: Date | string) => new Date(value).toISOString();

function toConsent(row: CurrentRow): Consent {
  return {
    version: row.version,
    text: row.text,
    publishedAt: iso(row.published_at),
    accepted: row.accepted_at !== null,
    acceptedAt: row.accepted_at ? iso(row.accepted_at) : null,
  };
}

function toVersion(row: VersionRow): ConsentVersion {
  return {
    version: row.version,
    text: row.text,
    publishedAt: iso(row.published_at),
    publishedBy:
      row.published_by && row.display_name
        ? { personId: row.published_by, displayName: row.display_name }
        : null,
    acceptances: row.acceptances,
  };
}
