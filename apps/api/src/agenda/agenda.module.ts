import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { AgendaController } from './agenda.controller';
import { AgendaService } from './agenda.service';

/** Session agendas: IPT templates, edits, and the progress live sessions store. */
@Module({
  imports: [IdentityModule],
  controllers: [AgendaController],
  providers: [AgendaService],
  exports: [AgendaService],
})
export class AgendaModule {}
