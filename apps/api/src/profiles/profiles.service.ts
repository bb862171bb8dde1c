import { Inject, Injectable } from '@nestjs/common';
import {
  availabilityWindowSchema,
  courseFormatSchema,
  focusAreaSchema,
  type TherapistProfile,
  type TherapistProfileBody,
} from '@hearth/contracts';
import { DomainError, validateAvailability } from '@hearth/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../identity/audit.service';
import { currentLocations } from '../practice/practice-locations.queries';
import type { Principal } from '../identity/token-service';
import { queryRows } from '../database/rows';
import { z } from 'zod';

// A therapist without a profile yet has null profile columns.
const profileRow = z.strictObject({
  person_id: z.guid(),
  display_name: z.string(),
  time_zone: z.string(),
  modalities: z.array(z.string()).nullable(),
  formats: z.array(courseFormatSchema).nullable(),
  focus_areas: z.array(focusAreaSchema).nullable(),
  languages: z.array(z.string()).nullable(),
  remote: z.boolean().nullable(),
  in_person_location_ids: z.array(z.guid()),
  availability: z.array(availabilityWindowSchema).nullable(),
  updated_at: z.date().nullable(),
});
type ProfileRow = z.infer<typeof profileRow>;

const selectProfiles = `
  SELECT p.id AS person_id, p.display_name, p.time_zone, t.modalities, t.formats, t.focus_areas,
         t.languages, t.remote, t.availability, t.updated_at,
         ARRAY(SELECT l.id FROM therapist_location tl
                 JOIN practice_location l ON l.id = tl.location_id AND l.retired_at IS NULL
                WHERE tl.person_id = p.id ORDER BY l.position, l.id) AS in_person_location_ids
    FROM person p LEFT JOIN therapist_profile t ON t.person_id = p.id
   WHERE p.practice_id = $1 AND 'therapist' = ANY (p.roles) AND p.disabled_at IS NULL`;

function toProfile(row: ProfileRow): TherapistProfile {
  return {
    personId: row.person_id,
    displayName: row.display_name,
    timeZone: row.time_zone,
    modalities: row.modalities ?? [],
    formats: row.formats ?? [],
    focusAreas: row.focus_areas ?? [],
    languages: row.languages ?? [],
    remote: row.remote ?? false,
    inPersonLocationIds: row.in_person_location_ids,
    availability: row.availability ?? [],
    updatedAt: row.updated_at ? new Date(row.updated_at).toISOString() : null,
  };
}

@Injectable()
export class ProfilesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(principal: Principal): Promise<TherapistProfile[]> {
    const rows = await queryRows(
      this.dataSource,
      'therapist profiles',
      profileRow,
      `${selectProfiles} ORDER BY p.display_name, p.id`,
      [principal.practiceId],
    );
    return rows.map(toProfile);
  }

  async get(principal: Principal, personId: string): Promise<TherapistProfile> {
    return toProfile(await this.load(this.dataSource.manager, principal, personId));
  }

  async put(
    principal: Principal,
    personId: string,
    body: TherapistProfileBody,
  ): Promise<TherapistProfile> {
    const availability = validateAvailability(body.availability);
    return this.dataSource.transaction(async (tx) => {
      await this.load(tx, principal, personId);
      const offered = new Set((await currentLocations(tx, principal.practiceId)).map((l) => l.id));
      const unknown = body.inPersonLocationIds.findIndex((id) => !offered.has(id));
      if (unknown >= 0) {
        throw new DomainError('validation_failed', 'Invalid body.inPersonLocationIds', {
          issues: [
            {
              location: 'body',
              path: `inPersonLocationIds.${unknown}`,
              message: 'is not one of the practice’s locations; reload the page',
            },
          ],
        });
      }
      await tx.query(
        `INSERT INTO therapist_profile
           (person_id, modalities, formats, focus_areas, languages, remote, availability)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
         ON CONFLICT (person_id) DO UPDATE SET
           modalities = EXCLUDED.modalities, formats = EXCLUDED.formats, focus_areas = EXCLUDED.focus_areas,
           languages = EXCLUDED.languages, remote = EXCLUDED.remote,
           availability = EXCLUDED.availability, updated_at = now()`,
        [
          personId,
          body.modalities,
          body.formats,
          body.focusAreas,
          body.languages,
          body.remote,
          JSON.stringify(availability),
        ],
      );
      await tx.query(`DELETE FROM therapist_location WHERE person_id = $1`, [personId]);
      await tx.query(
        `INSERT INTO therapist_location (person_id, location_id)
         SELECT $1, unnest($2::uuid[])`,
        [personId, body.inPersonLocationIds],
      );
      await this.audit.record(
        {
          practiceId: principal.practiceId,
          actorId: principal.personId,
          action: 'therapist_profile.updated',
          entity: 'person',
          entityId: personId,
        },
        tx,
      );
      return toProfile(await this.load(tx, principal, personId));
    });
  }

  // Coordinators reach every therapist of their practice; a therapist only their own profile.
  // Anything else is "not found", so ids of other people or practices reveal nothing.
  private async load(
    tx: EntityManager,
    principal: Principal,
    personId: string,
  ): Promise<ProfileRow> {
    const self = principal.personId === personId;
    if (!self && !principal.roles.includes('coordinator'))
      throw new DomainError('not_found', 'No such therapist');
    const [row] = await queryRows(
      tx,
      'therapist profile',
      profileRow,
      `${selectProfiles} AND p.id = $2`,
      [principal.practiceId, personId],
    );
    if (!row) throw new DomainError('not_found', 'No such therapist');
    return row;
  }
}
