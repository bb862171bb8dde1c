import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@hearth/contracts';

@Entity({ name: 'practice' })
export class PracticeEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
  /** Longest a sign-in may last, however active. */
  @Column({ name: 'session_max_hours', type: 'integer', insert: false }) sessionMaxHours!: number;
  /** A sign-in unused this long ends. */
  @Column({ name: 'session_idle_minutes', type: 'integer', insert: false })
  sessionIdleMinutes!: number;
  /** Whether therapists and coordinators must sign in with a second factor. */
  @Column({ name: 'require_staff_second_factor', type: 'boolean', insert: false })
  requireStaffSecondFactor!: boolean;
}

@Entity({ name: 'person' })
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'practice_id', type: 'uuid' }) practiceId!: string;
  @Column({ type: 'text' }) email!: string;
  @Column({ name: 'display_name', type: 'text' }) displayName!: string;
  @Column({ type: 'text', array: true }) roles!: Role[];
  @Column({ name: 'time_zone', type: 'text' }) timeZone!: string;
  @Column({ name: 'password_hash', type: 'text', nullable: true, select: false }) passwordHash!:
    string | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true }) disabledAt!: Date | null;
  /** Raised by the database whenever the roles change; access tokens carry it. */
  @Column({ name: 'token_version', type: 'integer', insert: false, update: false })
  tokenVersion!: number;
  @Column({ name: 'email_verified_at', type: 'timestamptz', nullable: true })
  emailVerifiedAt!: Date | null;
}

@Entity({ name: 'refresh_token' })
export class RefreshTokenEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'person_id', type: 'uuid' }) personId!: string;
  @Column({ name: 'family_id', type: 'uuid' }) familyId!: string;
  @Column({ name: 'token_hash', type: 'bytea' }) tokenHash!: Buffer;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
  @Column({ name: 'rotated_at', type: 'timestamptz', nullable: true }) rotatedAt!: Date | null;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
}

/** One signed-in device: a refresh-token family shares its id, and access tokens name it. */
@Entity({ name: 'sign_in_session' })
export class SignInSessionEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'person_id', type: 'uuid' }) personId!: string;
  /** "Firefox on Windows": browser and system only. */
  @Column({ type: 'text' }) device!: string;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
  @Column({ name: 'last_used_at', type: 'timestamptz' }) lastUsedAt!: Date;
  /** The absolute end of this sign-in (the practice's longest session). */
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
  /** When this sign-in last proved it is its owner (signing in, or a step-up). */
  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true }) confirmedAt!: Date | null;
}

/** A single-use link for a password reset or an email confirmation, kept as a hash. */
@Entity({ name: 'account_token' })
export class AccountTokenEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'person_id', type: 'uuid' }) personId!: string;
  @Column({ type: 'text' }) purpose!: 'password_reset' | 'email_verification';
  @Column({ name: 'token_hash', type: 'bytea' }) tokenHash!: Buffer;
  /** The address the link was sent to (for a confirmation: the address being confirmed). */
  @Column({ type: 'text' }) email!: string;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
  @Column({ name: 'used_at', type: 'timestamptz', nullable: true }) usedAt!: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
}

@Entity({ name: 'invitation' })
export class InvitationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'practice_id', type: 'uuid' }) practiceId!: string;
  @Column({ type: 'text' }) email!: string;
  @Column({ name: 'display_name', type: 'text' }) displayName!: string;
  @Column({ type: 'text', array: true }) roles!: Role[];
  @Column({ name: 'token_hash', type: 'bytea' }) tokenHash!: Buffer;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true }) acceptedAt!: Date | null;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
}

/** Who did what to which record, and when — never the content (no health data here). */
@Entity({ name: 'audit_event' })
export class AuditEventEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'identity', insert: false }) id!: string;
  @Column({ name: 'practice_id', type: 'uuid' }) practiceId!: string;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId!: string | null;
  @Column({ type: 'text' }) action!: string;
  @Column({ type: 'text' }) entity!: string;
  @Column({ name: 'entity_id', type: 'uuid', nullable: true }) entityId!: string | null;
  @Column({ type: 'timestamptz', insert: false, update: false }) at!: Date;
  /** Position in the hash chain; null until sealed (security/audit-sealer.service.ts). */
  @Column({ name: 'chain_seq', type: 'bigint', nullable: true, insert: false, update: false })
  chainSeq!: string | null;
  @Column({ name: 'chain_hash', type: 'bytea', nullable: true, insert: false, update: false })
  chainHash!: Buffer | null;
}

/**
 * A practice waiting for its coordinator to confirm the address from the emailed link; holds
 * only what creating them needs (the password already hashed, the link's SHA-256).
 */
@Entity({ name: 'pending_sign_up' })
export class PendingSignUpEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) email!: string;
  @Column({ name: 'practice_name', type: 'text' }) practiceName!: string;
  @Column({ name: 'display_name', type: 'text' }) displayName!: string;
  @Column({ name: 'time_zone', type: 'text' }) timeZone!: string;
  @Column({ name: 'password_hash', type: 'text' }) passwordHash!: string;
  @Column({ name: 'token_hash', type: 'bytea' }) tokenHash!: Buffer;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
}

export const identityEntities = [
  PracticeEntity,
  PersonEntity,
  RefreshTokenEntity,
  SignInSessionEntity,
  AccountTokenEntity,
  InvitationEntity,
  AuditEventEntity,
  PendingSignUpEntity,
];
