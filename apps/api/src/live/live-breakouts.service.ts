import { Inject, Injectable } from '@nestjs/common';
import { LiveMediaService } from './live-media.service';
import { LiveRegistry, type LiveChannel } from './live-registry';
import { LiveViews } from './live-views';

/**
 * Breakouts use filtered consumers in the session's one Router rather than a Router per room:
 * everyone keeps their transports and consumers, and a consumer between two people in different
 * rooms is held paused ('breakout' hold). Moving a therapist between rooms or bringing everyone
 * back is then a pause/resume on the server — no renegotiation, no new transports, media back
 * within a keyframe — and a couple or family session is small enough that the idle consumers
 * cost nothing worth a second Router and pipe transports.
 */
@Injectable()
export class LiveBreakoutsService {
  constructor(
    @Inject(LiveRegistry) private readonly registry: LiveRegistry,
    @Inject(LiveMediaService) private readonly media: LiveMediaService,
    @Inject(LiveViews) private readonly views: LiveViews,
  ) {}

  async start(
    channel: LiveChannel,
    rooms: string[][],
    minutes: number | null,
  ): Promise<Record<string, never>> {
    const { hosted, connection } = this.registry.joined(channel);
    hosted.live.startBreakouts(connection.personId, rooms, minutes, new Date());
    await this.media.applyBreakouts(hosted);
    this.views.broadcast(hosted);
    return {};
  }

  async visit(channel: LiveChannel, room: number | null): Promise<Record<string, never>> {
    const { hosted, connection } = this.registry.joined(channel);
    hosted.live.visit(connection.personId, room);
    await this.media.applyBreakouts(hosted);
    this.views.broadcast(hosted);
    return {};
  }

  async end(channel: LiveChannel): Promise<Record<string, never>> {
    const { hosted, connection } = this.registry.joined(channel);
    hosted.live.endBreakouts(connection.personId);
    await this.media.applyBreakouts(hosted);
    this.views.broadcast(hosted);
    return {};
  }
}
