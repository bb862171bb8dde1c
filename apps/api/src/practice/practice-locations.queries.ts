import type { PracticeLocation } from '@hearth/contracts';
import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../database/rows';

const locationRow = z.strictObject({
  id: z.guid(),
  name: z.string(),
  address_line: z.string().nullable(),
  time_zone: z.string().nullable(),
});

/** The practice's current (not retired) locations, in the order people see them. */
export async function currentLocations(
  tx: Pick<EntityManager, 'query'>,
  practiceId: string,
): Promise<PracticeLocation[]> {
  const rows = await queryRows(
    tx,
    'current locations of a practice',
    locationRow,
    `SELECT id, name, address_line, time_zone FROM practice_location
      WHERE practice_id = $1 AND retired_at IS NULL
      ORDER BY position, created_at, id`,
    [practiceId],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    addressLine: r.address_line,
    timeZone: r.time_zone,
  }));
}

/** The location `id` when it is one of the practice's current ones, else undefined. */
export async function currentLocation(
  tx: Pick<EntityManager, 'query'>,
  practiceId: string,
  id: string,
): Promise<PracticeLocation | undefined> {
  return (await currentLocations(tx, practiceId)).find((l) => l.id === id);
}
