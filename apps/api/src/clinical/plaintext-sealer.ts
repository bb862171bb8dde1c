import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JsonLogger } from '../logging/json-logger';
import { resealClinicalRecords } from './clinical-resealing';
import { NotesCipher } from './notes-cipher';

/**
 * Before the API serves, seals every clinical row still in plaintext (rows written before their
 * table was sealed; a migration cannot, as it has no key). Idempotent, and safe when several
 * nodes start at once: each row is locked and checked again. Re-sealing under a new key is left
 * to `npm run clinical:reencrypt`.
 */
@Injectable()
export class PlaintextSealer implements OnModuleInit {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(NotesCipher) private readonly cipher: NotesCipher,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    const result = await resealClinicalRecords(this.dataSource, this.cipher, {
      plaintextOnly: true,
    });
    const total = Object.values(result.sealed).reduce((a, b) => a + b, 0);
    if (total > 0) {
      this.logger.event('info', 'clinical records sealed', { rows: total }, 'PlaintextSealer');
    }
  }
}
