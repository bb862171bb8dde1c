import { Module } from '@nestjs/common';
import { AgendaModule } from '../agenda/agenda.module';
import { ClinicalModule } from '../clinical/clinical.module';
import { IdentityModule } from '../identity/identity.module';
import { AttendanceService } from './attendance.service';
import { ClusterService } from './cluster.service';
import { LiveAccessService } from './live-access.service';
import { LiveController } from './live.controller';
import { LiveRoomsService } from './live-rooms.service';
import { SfuService } from './sfu.service';
import { SignallingGateway } from './signalling.gateway';

/** Live sessions: the media server, the signalling socket, waiting rooms and attendance. */
@Module({
  imports: [IdentityModule, AgendaModule, ClinicalModule],
  controllers: [LiveController],
  providers: [
    ClusterService,
    SfuService,
    LiveAccessService,
    AttendanceService,
    LiveRoomsService,
    SignallingGateway,
  ],
  exports: [SfuService, LiveRoomsService, ClusterService],
})
export class LiveModule {}
