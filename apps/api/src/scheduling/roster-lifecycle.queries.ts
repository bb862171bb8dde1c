import { rosterStatusSchema } from '@hearth/contracts';
import { placesAcceptedWithInvitation, type RosterStatus } from '@hearth/domain';
import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../database/rows';

/** One row of a place's history, written with the change it records. */
export async function recordRosterChange(
  tx: EntityManager,
  change: {
    memberId: string;
    from: RosterStatus;
    to: RosterStatus;
    reason: string | null;
    changedBy: string;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO roster_change (member_id, from_status, to_status, reason, changed_by)
     VALUES ($1, $2, $3, $4, $5)`,
    [change.memberId, change.from, change.to, change.reason, change.changedBy],
  );
}

/**
 * Accepting an invitation accepts the places offered to its person so far (they were placed
 * before they had an account, from a request for therapy): those places become active, each
 * with its history row and audit row, in the invitation's transaction. The places are already
 * held and booked, so nothing else changes.
 */
export async function acceptPlacesWithInvitation(
  tx: EntityManager,
  person: { id: string; practiceId: string },
): Promise<void> {
  const places = await queryRows(
    tx,
    'roster places of an invitee',
    z.strictObject({ id: z.guid(), status: rosterStatusSchema }),
    `SELECT r.id, r.status FROM roster_member r JOIN course c ON c.id = r.course_id
      WHERE r.person_id = $1 AND c.practice_id = $2
      ORDER BY r.seq FOR UPDATE OF r`,
    [person.id, person.practiceId],
  );
  for (const place of placesAcceptedWithInvitation(places)) {
    await tx.query(`UPDATE roster_member SET status = 'active', updated_at = now() WHERE id = $1`, [
      place.id,
    ]);
    await recordRosterChange(tx, {
      memberId: place.id,
      from: place.status,
      to: 'active',
      reason: null,
      changedBy: person.id,
    });
    await tx.query(
      `INSERT INTO audit_event (practice_id, actor_id, action, entity, entity_id)
       VALUES ($1, $2, 'roster.place_accepted', 'roster_member', $3)`,
      [person.practiceId, person.id, place.id],
    );
  }
}
