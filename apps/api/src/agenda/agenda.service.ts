import { EventEmitter } from 'node:events';
import { z } from 'zod';
import { Inject, Injectable } from '@nestjs/common';
import {
  courseFormatSchema,
  focusAreaSchema,
  rosterStatusSchema,
  type Agenda,
} from '@hearth/contracts';
import {
  DomainError,
  agendaNotStarted,
  agendaTemplate,
  isCourseTherapist,
  reconcileAgenda,
  validateAgenda,
  type AgendaItem,
  type AgendaProgress,
} from '@hearth/domain';
import { DataSource } from 'typeorm';
import type { Principal } from '../identity/token-service';
import { queryRows } from '../database/rows';

/** A session's agenda as the server holds it. */
export interface SessionAgendaState {
  readonly sessionId: string;
  readonly practiceId: string;
  readonly durationMinutes: number;
  readonly items: readonly AgendaItem[];
  readonly progress: AgendaProgress;
}

// As stored (jsonb): checked when written, so read as they are (the wire schemas would trim).
const storedItem = z.strictObject({
  id: z.string(),
  title: z.string(),
  minutes: z.number().int(),
  goRound: z.boolean(),
});
const storedProgress = z.strictObject({
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  currentItemId: z.string().nullable(),
  itemStartedAt: z.string().nullable(),
  extensions: z.record(z.string(), z.number()),
  turnOrder: z.array(z.string()),
  turn: z.number().int(),
});

const agendaRow = z.strictObject({
  practice_id: z.guid(),
  format: courseFormatSchema,
  focus_areas: z.array(focusAreaSchema),
  number: z.number().int(),
  session_count: z.number().int(),
  duration_minutes: z.number().int(),
  therapistId: z.guid(),
  coTherapistId: z.guid().nullable(),
  roster_status: rosterStatusSchema.nullable(),
  items: z.array(storedItem).nullable(),
  progress: storedProgress.nullable(),
});
type AgendaRow = z.infer<typeof agendaRow>;

/** Events of {@link AgendaService}: an agenda changed outside a live room (a REST edit). */
export type AgendaEvents = { changed: [SessionAgendaState] };

/**
 * Session agendas: until a therapist edits or starts one, a session's agenda is its IPT template
 * (derived from the course and the session's number, so it needs no row); from then on it is
 * stored with its live progress. Reading is for the session's therapists, its course's active
 * members and the practice's coordinators; editing for its therapists.
 */
@Injectable()
export class AgendaService extends EventEmitter<AgendaEvents> {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {
    super();
  }

  async get(principal: Principal, sessionId: string): Promise<Agenda> {
    const row = await this.#row(principal.practiceId, sessionId, principal.personId);
    const isTherapist = this.#isTherapist(row, principal.personId);
    const isMember = row.roster_status === 'active' || row.roster_status === 'invited';
    if (!isTherapist && !isMember && !principal.roles.includes('coordinator')) {
      throw new DomainError('not_found', 'No such session');
    }
    return toAgenda(this.#state(sessionId, row));
  }

  async put(principal: Principal, sessionId: string, items: AgendaItem[]): Promise<Agenda> {
    const row = await this.#row(principal.practiceId, sessionId, principal.personId);
    if (!this.#isTherapist(row, principal.personId)) {
      throw new DomainError('not_found', 'No such session');
    }
    const current = this.#state(sessionId, row);
    if (current.progress.finishedAt !== null) {
      throw new DomainError('conflict', 'This session’s agenda is finished');
    }
    const cleaned = items.map((item) => ({ ...item, title: item.title.trim() }));
    validateAgenda(cleaned, row.duration_minutes);
    const progress = reconcileAgenda(cleaned, current.progress);
    const next: SessionAgendaState = { ...current, items: cleaned, progress };
    await this.save(next);
    this.emit('changed', next);
    return toAgenda(next);
  }

  /** The agenda of a session the caller has already been let into (the live room). */
  async forLiveSession(practiceId: string, sessionId: string): Promise<SessionAgendaState> {
    return this.#state(sessionId, await this.#row(practiceId, sessionId, null));
  }

  /** Stores items and progress (the first save turns the template into the session's own). */
  async save(state: SessionAgendaState): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO session_agenda (session_id, practice_id, items, progress)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (session_id)
       DO UPDATE SET items = EXCLUDED.items, progress = EXCLUDED.progress, updated_at = now()`,
      [
        state.sessionId,
        state.practiceId,
        JSON.stringify(state.items),
        JSON.stringify(state.progress),
      ],
    );
  }

  #state(sessionId: string, row: AgendaRow): SessionAgendaState {
    const items =
      row.items ??
      agendaTemplate({
        format: row.format,
        focusAreas: row.focus_areas,
        sessionNumber: row.number,
        sessionCount: row.session_count,
        durationMinutes: row.duration_minutes,
      });
    return {
      sessionId,
      practiceId: row.practice_id,
      durationMinutes: row.duration_minutes,
      items,
      progress: row.progress ?? agendaNotStarted,
    };
  }

  #isTherapist(row: AgendaRow, personId: string): boolean {
    return isCourseTherapist(row, personId);
  }

  async #row(practiceId: string, sessionId: string, personId: string | null): Promise<AgendaRow> {
    const rows = await queryRows(
      this.dataSource,
      'agenda of a session',
      agendaRow,
      `SELECT s.practice_id, c.format, c.focus_areas, s.number, c.session_count, c.duration_minutes,
              c.therapist_id AS "therapistId", c.co_therapist_id AS "coTherapistId", rm.status AS roster_status, a.items, a.progress
         FROM session s
         JOIN course c ON c.id = s.course_id
         LEFT JOIN session_agenda a ON a.session_id = s.id
         LEFT JOIN roster_member rm ON rm.course_id = c.id AND rm.person_id = $3
        WHERE s.id = $1 AND s.practice_id = $2`,
      [sessionId, practiceId, personId],
    );
    const row = rows[0];
    if (!row) throw new DomainError('not_found', 'No such session');
    return row;
  }
}

/** The wire shape, stamped with the server's clock. */
export function toAgenda(state: SessionAgendaState): Agenda {
  return {
    sessionId: state.sessionId,
    durationMinutes: state.durationMinutes,
    items: [...state.items],
    progress: {
      ...state.progress,
      extensions: { ...state.progress.extensions },
      turnOrder: [...state.progress.turnOrder],
    },
    serverNow: new Date().toISOString(),
  };
}
