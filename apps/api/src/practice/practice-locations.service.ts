import { Inject, Injectable } from '@nestjs/common';
import type { PracticeLocation, practiceLocationsBodySchema } from '@hearth/contracts';
import { checkPracticeLocations } from '@hearth/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { AuditService } from '../identity/audit.service';
import type { Principal } from '../identity/token-service';
import { inBody } from '../scheduling/scheduling-errors';
import { currentLocations } from './practice-locations.queries';
import { queryRows, idRow } from '../database/rows';

type LocationsBody = z.output<typeof practiceLocationsBodySchema>;

/**
 * Where the practice sees people in person. Coordinators set the whole list at once; a
 * location left out is retired rather than deleted (requests that chose it keep its name) and
 * its therapists are no longer matched there.
 */
@Injectable()
export class PracticeLocationsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal): Promise<PracticeLocation[]> {
    return currentLocations(this.dataSource.manager, principal.practiceId);
  }

  async replace(principal: Principal, body: LocationsBody): Promise<PracticeLocation[]> {
    return this.dataSource.transaction(async (tx) => {
      // One edit of a practice's list at a time: the second sees what the first saved.
      await tx.query(`SELECT 1 FROM practice WHERE id = $1 FOR UPDATE`, [principal.practiceId]);
      const before = await currentLocations(tx, principal.practiceId);
      const wanted = inBody(() =>
        checkPracticeLocations(body.locations, new Set(before.map((l) => l.id))),
      );
      const kept = new Set(wanted.flatMap((l) => (l.id ? [l.id] : [])));
      const retired = before.filter((l) => !kept.has(l.id));
      if (retired.length > 0) {
        const ids = retired.map((l) => l.id);
        await tx.query(`UPDATE practice_location SET retired_at = now() WHERE id = ANY ($1)`, [
          ids,
        ]);
        await tx.query(`DELETE FROM therapist_location WHERE location_id = ANY ($1)`, [ids]);
      }
      // Names are unique row by row as they change: park the kept ones under their ids first,
      // so two locations can swap names in one edit.
      await tx.query(
        `UPDATE practice_location SET name = id::text WHERE id = ANY ($1) AND retired_at IS NULL`,
        [[...kept]],
      );
      const changes: { id: string; action: string }[] = retired.map((l) => ({
        id: l.id,
        action: 'practice_location.retired',
      }));
      for (const [position, location] of wanted.entries()) {
        const values = [location.name, location.addressLine, location.timeZone, position];
        if (location.id) {
          await tx.query(
            `UPDATE practice_location SET name = $2, address_line = $3, time_zone = $4, position = $5
              WHERE id = $1`,
            [location.id, ...values],
          );
          const old = before.find((l) => l.id === location.id)!;
          if (
            old.name !== location.name ||
            old.addressLine !== location.addressLine ||
            old.timeZone !== location.timeZone
          ) {
            changes.push({ id: location.id, action: 'practice_location.updated' });
          }
        } else {
          const [row] = await queryRows(
            tx,
            'add a practice location',
            idRow,
            `INSERT INTO practice_location (practice_id, name, address_line, time_zone, position)
             VALUES ($1, $2, $3, $4, $5) RETURNING id`,
            [principal.practiceId, ...values],
          );
          changes.push({ id: row!.id, action: 'practice_location.added' });
        }
      }
      await this.recordChanges(tx, principal, changes);
      return currentLocations(tx, principal.practiceId);
    });
  }

  private async recordChanges(
    tx: EntityManager,
    principal: Principal,
    changes: readonly { id: string; action: string }[],
  ): Promise<void> {
    for (const change of changes) {
      await this.audit.record(
        {
          practiceId: principal.practiceId,
          actorId: principal.personId,
          action: change.action,
          entity: 'practice_location',
          entityId: change.id,
        },
        tx,
      );
    }
  }
}
