import { Module } from '@nestjs/common';
import { LiveModule } from '../live/live.module';
import { MetricsService } from './metrics.service';

/** Prometheus metrics on their own port (METRICS_PORT); see MetricsService. */
@Module({
  imports: [LiveModule],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
