import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { MemberRelation, RosterStatus } from '@hearth/contracts';

/** A client on a course's roster, with how they relate to the others. */
@Entity({ name: 'roster_member' })
export class RosterMemberEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'course_id', type: 'uuid' }) courseId!: string;
  @Column({ name: 'person_id', type: 'uuid' }) personId!: string;
  @Column({ type: 'text' }) relation!: MemberRelation;
  @Column({ type: 'text' }) status!: RosterStatus;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', insert: false }) updatedAt!: Date;
  // Order of joining the roster (the turn order of the live agenda); PostgreSQL assigns it.
  @Column({
    type: 'bigint',
    generated: 'identity',
    generatedIdentity: 'ALWAYS',
    insert: false,
    update: false,
  })
  seq!: string;
}

/** The history of a session: every reschedule and cancellation, never rewritten. */
@Entity({ name: 'session_change' })
export class SessionChangeEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'session_id', type: 'uuid' }) sessionId!: string;
  @Column({ type: 'text' }) kind!: 'rescheduled' | 'cancelled';
  @Column({ name: 'from_starts_at', type: 'timestamptz' }) fromStartsAt!: Date;
  @Column({ name: 'from_ends_at', type: 'timestamptz' }) fromEndsAt!: Date;
  @Column({ name: 'to_starts_at', type: 'timestamptz', nullable: true }) toStartsAt!: Date | null;
  @Column({ name: 'to_ends_at', type: 'timestamptz', nullable: true }) toEndsAt!: Date | null;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ name: 'changed_by', type: 'uuid' }) changedBy!: string;
  @Column({ type: 'timestamptz', insert: false, update: false }) at!: Date;
}

// Courses, sessions and bookings are written and read with SQL (scheduling.queries.ts,
// bookings.ts): their constraints do the work an entity could not.
export const schedulingEntities = [RosterMemberEntity, SessionChangeEntity];
