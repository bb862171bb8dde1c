import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The first successful response to a create request, kept per (person, route, key). */
@Entity({ name: 'idempotency_key' })
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'person_id', type: 'uuid' }) personId!: string;
  @PrimaryColumn({ type: 'text' }) route!: string;
  @PrimaryColumn({ type: 'text' }) key!: string;
  @Column({ name: 'request_hash', type: 'text' }) requestHash!: string;
  /** Null only while the creating transaction holds the claim; never seen outside it. */
  @Column({ type: 'smallint', nullable: true }) status!: number | null;
  @Column({ type: 'jsonb', nullable: true }) response!: unknown;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
}

export const idempotencyEntities = [IdempotencyKeyEntity];
