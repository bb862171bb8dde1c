import { Module } from '@nestjs/common';
import { AgendaModule } from '../agenda/agenda.module';
import { ClinicalModule } from '../clinical/clinical.module';
import { IdentityModule } from '../identity/identity.module';
import { AttendanceService } from './attendance.service';
import { ClusterService } from './cluster.service';
import { LiveAccessService } from './live-access.service';
import { LiveAgendaService } from './live-agenda.service';
import { LiveBreakoutsService } from './live-breakouts.service';
import { LiveE2eeService } from './live-e2ee.service';
import { LiveGuard } from './live-guard';
import { LiveLobbyService } from './live-lobby.service';
import { LiveMediaService } from './live-media.service';
import { LiveQualityService } from './live-quality.service';
import { LiveRegistry } from './live-registry';
import { LiveController } from './live.controller';
import { LiveRoomsService } from './live-rooms.service';
import { LiveViews } from './live-views';
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
    LiveRegistry,
    LiveGuard,
    LiveViews,
    LiveQualityService,
    LiveE2eeService,
    LiveMediaService,
    LiveRoomsService,
    LiveAgendaService,
    LiveLobbyService,
    LiveBreakoutsService,
    SignallingGateway,
  ],
  exports: [SfuService, LiveRoomsService, LiveRegistry, ClusterService],
})
export class LiveModule {}
