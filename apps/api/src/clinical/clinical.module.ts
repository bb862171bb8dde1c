import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { CheckInsController } from './check-ins.controller';
import { CheckInsService } from './check-ins.service';
import { ClientRecordsController } from './client-records.controller';
import { ClientRecordsService } from './client-records.service';
import { ConsentController } from './consent.controller';
import { ConsentService } from './consent.service';
import { NotesCipher } from './notes-cipher';
import { TherapistNotesService } from './therapist-notes.service';

/**
 * The clinical layer: consent, check-ins and their alerts, interpersonal inventories, focus and
 * goals, progress and the therapists' encrypted private notes. Exports ConsentService so live
 * sessions can refuse a client who has not accepted the current consent.
 */
@Module({
  imports: [IdentityModule],
  controllers: [ConsentController, CheckInsController, ClientRecordsController],
  providers: [
    ConsentService,
    CheckInsService,
    ClientRecordsService,
    TherapistNotesService,
    NotesCipher,
  ],
  exports: [ConsentService],
})
export class ClinicalModule {}
