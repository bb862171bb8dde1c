import { Inject, Injectable } from '@nestjs/common';
import type { TherapistProfile, TherapistProfileBody } from '@hearth/contracts';
import { DomainError, validateAvailability } from '@hearth/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../identity/audit.service';
import type { Principal } from '../identity/token-service';

interface ProfileRow {
  person_id: string;
  display_name: string;
  time_zone: string;
  modalities: string[] | null;
  formats: TherapistProfile['formats'] | null;
  focus_areas: TherapistProfile['focusAreas'] | null;
  languages: string[] | null;
  remote: boolean | null;
  in_person_london: boolean | null;
  availability: TherapistProfile['availability'] | null;
  updated_at: Date | null;
}

const selectProfiles = `
  SELECT p.id AS person_id, p.display_name, p.time_zone, t.modalities, t.formats, t.focus_areas,
         t.languages, t.remote, t.in_person_london, t.availability, t.updated_at
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
    inPersonLondon: row.in_person_london ?? false,
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
    const rows = (await this.dataSource.query(`${selectProfiles} ORDER BY p.display_name, p.id`, [
      principal.practiceId,
    ])) as ProfileRow[];
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
      await tx.query(
        `INSERT INTO therapist_profile
           (person_id, modalities, formats, focus_areas, languages, remote, in_person_london, availability)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
         ON CONFLICT (person_id) DO UPDATE SET
           modalities = EXCLUDED.modalities, formats = EXCLUDED.formats, focus_areas = EXCLUDED.focus_areas,
           languages = EXCLUDED.languages, remote = EXCLUDED.remote,
           in_person_london = EXCLUDED.in_person_london, availability = EXCLUDED.availability,
           updated_at = now()`,
        [
          personId,
          body.modalities,
          body.formats,
          body.focusAreas,
          body.languages,
          body.remote,
          body.inPersonLondon,
          JSON.stringify(availability),
        ],
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
    const [row] = (await tx.query(`${selectProfiles} AND p.id = $2`, [
      principal.practiceId,
      personId,
    ])) as ProfileRow[];
    if (!row) throw new DomainError('not_found', 'No such therapist');
    return row;
  }
}
