import { Inject, Injectable } from '@nestjs/common';
import type { ChatMessage, LiveRequestResult } from '@hearth/contracts';
import { AttendanceService } from './attendance.service';
import { LiveAgendaService } from './live-agenda.service';
import { LiveMediaService } from './live-media.service';
import {
  LiveRegistry,
  closePeer,
  recordAttendance,
  type Hosted,
  type LiveChannel,
} from './live-registry';
import { LiveRoomsService } from './live-rooms.service';
import { LiveViews } from './live-views';

/**
 * The waiting room, chat, hands and moderation: each request is one rule of the session's
 * LiveSession (which refuses what the person may not do) followed by telling everyone.
 */
@Injectable()
export class LiveLobbyService {
  constructor(
    @Inject(LiveRegistry) private readonly registry: LiveRegistry,
    @Inject(LiveRoomsService) private readonly rooms: LiveRoomsService,
    @Inject(LiveMediaService) private readonly media: LiveMediaService,
    @Inject(LiveAgendaService) private readonly agenda: LiveAgendaService,
    @Inject(LiveViews) private readonly views: LiveViews,
    @Inject(AttendanceService) private readonly attendance: AttendanceService,
  ) {}

  // Waiting room ----------------------------------------------------------------------------

  admit(channel: LiveChannel, participantId: string): Record<string, never> {
    const { hosted, connection } = this.registry.joined(channel);
    const now = new Date();
    hosted.live.admit(connection.personId, participantId, now);
    recordAttendance(this.attendance, hosted, participantId, 'admitted', now);
    this.views.broadcast(hosted);
    this.agenda.send(hosted, [participantId]);
    return {};
  }

  admitAll(channel: LiveChannel): LiveRequestResult<'lobby:admit-all'> {
    const { hosted, connection } = this.registry.joined(channel);
    const now = new Date();
    const admitted = hosted.live.admitAll(connection.personId, now);
    for (const id of admitted) recordAttendance(this.attendance, hosted, id, 'admitted', now);
    this.views.broadcast(hosted);
    this.agenda.send(hosted, admitted);
    return { admitted: admitted.length };
  }

  deny(channel: LiveChannel, participantId: string, message?: string): Record<string, never> {
    const { hosted, connection } = this.registry.joined(channel);
    hosted.live.deny(connection.personId, participantId);
    recordAttendance(this.attendance, hosted, participantId, 'denied', new Date());
    this.rooms.evict(hosted, participantId, 'session:denied', message ?? null);
    this.views.broadcast(hosted);
    return {};
  }

  sendBack(channel: LiveChannel, participantId: string): Record<string, never> {
    const { hosted, connection } = this.registry.joined(channel);
    hosted.live.sendBack(connection.personId, participantId, new Date());
    const target = hosted.connections.get(participantId);
    if (target) closePeer(target);
    recordAttendance(this.attendance, hosted, participantId, 'sent_back', new Date());
    this.views.broadcast(hosted);
    return {};
  }

  // In the call -----------------------------------------------------------------------------

  chat(channel: LiveChannel, text: string): LiveRequestResult<'chat:send'> {
    const { hosted, connection } = this.registry.joined(channel);
    const message = hosted.live.chat(connection.personId, text, new Date());
    this.views.emitToAdmitted(hosted, 'chat:message', message as ChatMessage);
    return { id: message.id };
  }

  raiseHand(channel: LiveChannel): Record<string, never> {
    const { hosted, connection } = this.registry.joined(channel);
    hosted.live.raiseHand(connection.personId);
    this.views.broadcast(hosted);
    return {};
  }

  lowerHand(channel: LiveChannel, participantId?: string): Record<string, never> {
    const { hosted, connection } = this.registry.joined(channel);
    hosted.live.lowerHand(connection.personId, participantId);
    this.views.broadcast(hosted);
    return {};
  }

  lowerAllHands(channel: LiveChannel): Record<string, never> {
    const { hosted, connection } = this.registry.joined(channel);
    hosted.live.lowerAllHands(connection.personId);
    this.views.broadcast(hosted);
    return {};
  }

  // Moderation ------------------------------------------------------------------------------

  async mute(
    channel: LiveChannel,
    participantId: string,
    lock: boolean,
  ): Promise<Record<string, never>> {
    const { hosted, connection } = this.registry.joined(channel);
    hosted.live.mute(connection.personId, participantId, lock);
    await this.#silence(hosted, participantId, lock);
    this.views.broadcast(hosted);
    return {};
  }

  async muteAll(
    channel: LiveChannel,
    lock: boolean,
  ): Promise<LiveRequestResult<'moderation:mute-all'>> {
    const { hosted, connection } = this.registry.joined(channel);
    const muted = hosted.live.muteAll(connection.personId, lock);
    await Promise.all(muted.map((id) => this.#silence(hosted, id, lock)));
    this.views.broadcast(hosted);
    return { muted: muted.length };
  }

  unlockMute(channel: LiveChannel, participantId?: string): Record<string, never> {
    const { hosted, connection } = this.registry.joined(channel);
    hosted.live.unlockMute(connection.personId, participantId);
    this.views.broadcast(hosted);
    return {};
  }

  remove(channel: LiveChannel, participantId: string): Record<string, never> {
    const { hosted, connection } = this.registry.joined(channel);
    hosted.live.remove(connection.personId, participantId);
    recordAttendance(this.attendance, hosted, participantId, 'removed', new Date());
    this.rooms.evict(hosted, participantId, 'session:removed', null);
    this.rooms.afterDeparture(hosted);
    return {};
  }

  lock(channel: LiveChannel, locked: boolean): Record<string, never> {
    const { hosted, connection } = this.registry.joined(channel);
    hosted.live.setLocked(connection.personId, locked);
    this.views.broadcast(hosted);
    return {};
  }

  /** Pauses a person's microphone on the server and tells them. */
  async #silence(hosted: Hosted, personId: string, locked: boolean): Promise<void> {
    const target = hosted.connections.get(personId);
    if (!target) return;
    await this.media.silence(hosted, personId);
    target.channel.emit('moderation:muted', { locked });
  }
}
