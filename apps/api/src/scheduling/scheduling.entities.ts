import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CourseFormat, FocusArea, MemberRelation, RosterStatus } from '@hearth/contracts';

/** A course: a client's or a group's weekly series, kept at a wall-clock time in its time zone. */
@Entity({ name: 'course' })
export class CourseEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'practice_id', type: 'uuid' }) practiceId!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) format!: CourseFormat;
  @Column({ name: 'focus_areas', type: 'text', array: true }) focusAreas!: FocusArea[];
  @Column({ name: 'therapist_id', type: 'uuid' }) therapistId!: string;
  @Column({ name: 'co_therapist_id', type: 'uuid', nullable: true }) coTherapistId!: string | null;
  @Column({ name: 'session_count', type: 'smallint' }) sessionCount!: number;
  @Column({ name: 'duration_minutes', type: 'smallint' }) durationMinutes!: number;
  @Column({ name: 'time_zone', type: 'text' }) timeZone!: string;
  @Column({ type: 'smallint' }) weekday!: number;
  @Column({ name: 'local_time', type: 'text' }) localTime!: string;
  // A calendar date with no zone: kept as 'YYYY-MM-DD' text, never turned into a Date.
  @Column({ name: 'start_date', type: 'date' }) startDate!: string;
  @Column({ name: 'max_members', type: 'smallint' }) maxMembers!: number;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt!: Date | null;
}

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
}

/** One meeting of a course. */
@Entity({ name: 'session' })
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'course_id', type: 'uuid' }) courseId!: string;
  @Column({ name: 'practice_id', type: 'uuid' }) practiceId!: string;
  @Column({ type: 'smallint' }) number!: number;
  @Column({ name: 'starts_at', type: 'timestamptz' }) startsAt!: Date;
  @Column({ name: 'ends_at', type: 'timestamptz' }) endsAt!: Date;
  @Column({ type: 'text', insert: false }) status!: 'scheduled' | 'cancelled';
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
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

/** The history of a roster place: every change of status, with the reason when one was given. */
@Entity({ name: 'roster_change' })
export class RosterChangeEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'member_id', type: 'uuid' }) memberId!: string;
  @Column({ name: 'from_status', type: 'text' }) fromStatus!: string;
  @Column({ name: 'to_status', type: 'text' }) toStatus!: string;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ name: 'changed_by', type: 'uuid' }) changedBy!: string;
  @Column({ type: 'timestamptz', insert: false, update: false }) at!: Date;
}

/**
 * One person's place in one session. The exclusion constraint on (person_id, during) is what
 * makes double-booking impossible; rows are written with SQL in bookings.ts.
 */
@Entity({ name: 'booking' })
export class BookingEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'session_id', type: 'uuid' }) sessionId!: string;
  @Column({ name: 'person_id', type: 'uuid' }) personId!: string;
  @Column({ type: 'text' }) role!: 'therapist' | 'client';
  @Column({ type: 'tstzrange' }) during!: string;
  @Column({ type: 'boolean' }) cancelled!: boolean;
}

export const schedulingEntities = [
  CourseEntity,
  RosterMemberEntity,
  SessionEntity,
  SessionChangeEntity,
  RosterChangeEntity,
  BookingEntity,
];
