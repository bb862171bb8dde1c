import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { CheckInsController } from './check-ins.controller';
import { CheckInsService } from './check-ins.service';
import { ClinicalAlertsService } from './clinical-alerts.service';
import { ClientRecordsController } from './client-records.controller';
import { ClientRecordsService } from './client-records.service';
import { ConsentController } from './consent.controller';
import { ConsentService } from './consent.service';
import { NotesCipher } from './notes-cipher';
import { PlaintextSealer } from './plaintext-sealer';
import { TherapistNotesService } from './therapist-notes.service';

/**
 * The clinical layer: consent, check-ins and their alerts, interpersonal inventories, focus and
 * goals, progress and the therapists' private notes, all sealed before they reach the database. Exports ConsentService so live
 * sessions can refuse a client who has not accepted the current consent, and the cipher for a
 * person's own copy of their records.
 */
@Module({
  imports: [IdentityModule],
  controllers: [ConsentController, CheckInsController, ClientRecordsController],
  providers: [
    ConsentService,
    CheckInsService,
    ClinicalAlertsService,
    ClientRecordsService,
    TherapistNotesService,
    NotesCipher,
    PlaintextSealer,
  ],
  exports: [ConsentService, NotesCipher],
})
export class ClinicalModule {}
