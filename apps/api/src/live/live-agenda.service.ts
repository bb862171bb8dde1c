import { Inject, Injectable } from '@nestjs/common';
import {
  advanceAgenda,
  extendAgendaItem,
  nextTurn,
  startAgenda,
  stepBackAgenda,
  type AgendaItem,
  type AgendaProgress,
} from '@hearth/domain';
import { AgendaService, toAgenda } from '../agenda/agenda.service';
import { ClusterService } from './cluster.service';
import { LiveGuard } from './live-guard';
import { LiveRegistry, type Hosted, type LiveChannel } from './live-registry';
import { LiveViews } from './live-views';

/** What a therapist asks of the live agenda. */
export type AgendaCommand = 'start' | 'next' | 'back' | 'next-turn' | { extend: number };

/** The live agenda: the therapist moves it, everyone in the call follows. */
@Injectable()
export class LiveAgendaService {
  /** Agenda changes of one session are applied one after another. */
  readonly #queue = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(LiveRegistry) private readonly registry: LiveRegistry,
    @Inject(LiveViews) private readonly views: LiveViews,
    @Inject(AgendaService) private readonly agendas: AgendaService,
    @Inject(ClusterService) cluster: ClusterService,
    @Inject(LiveGuard) private readonly guard: LiveGuard,
  ) {
    // An edit made through the REST API reaches everyone in the call at once, on whichever
    // node hosts the session.
    agendas.on('changed', (state) => {
      const hosted = this.registry.sessions.get(state.sessionId);
      if (!hosted) {
        cluster.publishAgendaChanged(state.sessionId);
        return;
      }
      guard.run(hosted, 'agenda edit', () => {
        hosted.agenda = state;
        this.send(hosted);
      });
    });
    // Edits sent by other nodes while the relay was down never arrive: every session hosted
    // here reloads its agenda from the database, and its people get it again.
    cluster.on('relayRestored', () => {
      for (const hosted of this.registry.sessions.values()) {
        guard.run(hosted, 'agenda reload', () => this.#reload(hosted));
      }
    });
    cluster.on('agendaChanged', (sessionId) => {
      const hosted = this.registry.sessions.get(sessionId);
      if (!hosted) return;
      guard.run(hosted, 'agenda reload', () => this.#reload(hosted));
    });
  }

  /**
   * A therapist moves the agenda: everyone is told at once, and the progress is stored before
   * the therapist's request is answered, so a restart resumes where the session was.
   */
  move(channel: LiveChannel, command: AgendaCommand): Promise<Record<string, never>> {
    const { hosted, connection } = this.registry.joined(channel);
    hosted.live.assertAgendaLeader(connection.personId);
    const previous = this.#queue.get(hosted.sessionId) ?? Promise.resolve();
    const task = previous
      .catch(() => undefined)
      .then(async () => {
        // Queued behind earlier moves: the lease may have gone meanwhile.
        this.registry.assertHeld(hosted);
        const { items, progress } = hosted.agenda;
        const turnOrder = hosted.live.goRoundOrder(hosted.rosterOrder);
        const next = moveAgenda(items, progress, command, new Date(), turnOrder);
        const state = { ...hosted.agenda, progress: next };
        hosted.agenda = state;
        this.#sendProgress(hosted);
        // Stored right after everyone is told (the therapist's ack waits for it), so a restart
        // resumes where the session was without the write delaying what people see. The write
        // starts once the requests already read are handled, so a burst of moves (every group
        // of a busy node at the top of the hour) reaches everyone before any of it is stored.
        await new Promise((resolve) => setImmediate(resolve));
        await this.agendas.save(state);
        return {} as Record<string, never>;
      });
    this.#queue.set(hosted.sessionId, task);
    // The queue of a session that has ended is forgotten with it.
    void task.then(
      () => this.#forget(hosted, task),
      () => this.#forget(hosted, task),
    );
    return task;
  }

  /**
   * Reads the agenda again from the database and sends it to everyone, after the moves already
   * queued for the session (so a move being stored is never undone by an older read).
   */
  #reload(hosted: Hosted): Promise<void> {
    const previous = this.#queue.get(hosted.sessionId) ?? Promise.resolve();
    const task = previous
      .catch(() => undefined)
      .then(async () => {
        hosted.agenda = await this.agendas.forLiveSession(hosted.practiceId, hosted.sessionId);
        this.send(hosted);
      });
    this.#queue.set(hosted.sessionId, task);
    void task.then(
      () => this.#forget(hosted, task),
      () => this.#forget(hosted, task),
    );
    return task;
  }

  /** The whole agenda to everyone in the call (or only to `to`). */
  send(hosted: Hosted, to?: readonly string[]): void {
    const agenda = toAgenda(hosted.agenda);
    this.views.toAdmitted(hosted, (target) => {
      if (!to || to.includes(target.personId)) target.channel.emit('agenda:state', agenda);
    });
  }

  /** The agenda's progress to everyone in the call (the items did not change). */
  #sendProgress(hosted: Hosted): void {
    const { sessionId, progress, serverNow } = toAgenda(hosted.agenda);
    const event = { sessionId, progress, serverNow };
    this.views.emitToAdmitted(hosted, 'agenda:progress', event);
  }

  #forget(hosted: Hosted, task: Promise<unknown>): void {
    if (this.#queue.get(hosted.sessionId) === task) this.#queue.delete(hosted.sessionId);
  }
}

function moveAgenda(
  items: readonly AgendaItem[],
  progress: AgendaProgress,
  command: AgendaCommand,
  now: Date,
  turnOrder: readonly string[],
): AgendaProgress {
  switch (command) {
    case 'start':
      return startAgenda(items, progress, now, turnOrder);
    case 'next':
      return advanceAgenda(items, progress, now, turnOrder);
    case 'back':
      return stepBackAgenda(items, progress, now, turnOrder);
    case 'next-turn':
      return nextTurn(items, progress);
    default:
      return extendAgendaItem(items, progress, command.extend);
  }
}
