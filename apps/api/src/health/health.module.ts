import { Module } from '@nestjs/common';
import { LiveModule } from '../live/live.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({ imports: [LiveModule], controllers: [HealthController], providers: [HealthService] })
export class HealthModule {}
