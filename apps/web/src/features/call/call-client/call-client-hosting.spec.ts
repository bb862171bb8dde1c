import type { Agenda } from '@hearth/contracts';
import { describe, expect, it } from 'vitest';
import {
  cleo,
  cleoId,
  createFakeCall,
  sessionId,
  sessionView,
  settle,
  therapist,
  therapistId,
} from '../../../testing/fake-call';

const agenda: Agenda = {
  sessionId,
  durationMinutes: 50,
  items: [
    { id: 'i1', title: 'Check-in', minutes: 10, goRound: true },
    { id: 'i2', title: 'Work on the dispute', minutes: 40, goRound: false },
  ],
  progress: {
    startedAt: null,
    finishedAt: null,
    currentItemId: null,
    itemStartedAt: null,
    extensions: {},
    turnOrder: [],
    turn: 0,
  },
  serverNow: '2026-01-12T10:00:00.000Z',
};

const joined = (selfId: string) => ({
  data: { view: sessionView(selfId, [cleo, therapist]), chat: [], agenda },
});

describe('the call client with several API nodes', () => {
  it('follows a redirect to the node that hosts the session and joins there', async () => {
    const call = createFakeCall((live) => {
      if (live.options.url === 'http://node-2.hearth.test') {
        live.answer('session:join', joined(cleoId));
      } else {
        live.answer('session:join', { data: { redirect: { url: 'http://node-2.hearth.test' } } });
      }
    });
    await call.client.startPreview();
    await call.client.join();
    await settle();
    const [first, second] = call.connections;
    expect(first?.options.url).toBeUndefined();
    expect(first?.closed).toBe(true);
    expect(second?.options.url).toBe('http://node-2.hearth.test');
    expect(second?.sent('session:join')).toEqual([{ sessionId }]);
    expect(call.client.getSnapshot().phase).toBe('in-call');
  });

  it('comes back through the page’s own address when the hosting node goes away', async () => {
    let hosting = 'http://node-2.hearth.test';
    const call = createFakeCall((live) => {
      live.answer('session:join', () =>
        live.options.url === hosting ? joined(cleoId) : { data: { redirect: { url: hosting } } },
      );
    });
    await call.client.startPreview();
    await call.client.join();
    await settle();
    expect(call.connections).toHaveLength(2);

    // Node 2 shuts down; node 3 takes the session over.
    hosting = 'http://node-3.hearth.test';
    call.live().drop('transport close');
    await settle();
    const urls = call.connections.map((c) => c.options.url);
    expect(urls).toEqual([
      undefined,
      'http://node-2.hearth.test',
      undefined,
      'http://node-3.hearth.test',
    ]);
    expect(call.live().sent('session:join')).toEqual([{ sessionId }]);
    expect(call.client.getSnapshot().phase).toBe('in-call');
  });
});

describe('the live agenda in the call client', () => {
  it('takes the agenda from the join and from every update', async () => {
    const call = createFakeCall((live) => live.answer('session:join', joined(cleoId)));
    await call.client.startPreview();
    await call.client.join();
    await settle();
    expect(call.client.getSnapshot().agenda?.agenda.items).toHaveLength(2);
    const started = {
      ...agenda,
      progress: { ...agenda.progress, startedAt: agenda.serverNow, currentItemId: 'i1' },
    };
    call.live().server('agenda:state', started);
    expect(call.client.getSnapshot().agenda?.agenda.progress.currentItemId).toBe('i1');
    // Moving on brings only the progress; the items stay.
    call.live().server('agenda:progress', {
      sessionId,
      progress: { ...started.progress, currentItemId: 'i2' },
      serverNow: '2026-01-12T10:10:00.000Z',
    });
    const held = call.client.getSnapshot().agenda?.agenda;
    expect(held?.progress.currentItemId).toBe('i2');
    expect(held?.items).toHaveLength(2);
    expect(held?.serverNow).toBe('2026-01-12T10:10:00.000Z');
  });

  it('sends the therapist’s agenda commands and reports a refusal', async () => {
    const call = createFakeCall((live) => {
      live.answer('session:join', joined(therapistId));
      live.refuse('agenda:back', 'conflict', 'This is the first item');
    });
    await call.client.startPreview();
    await call.client.join();
    await settle();
    await call.client.agenda('start');
    await call.client.agenda({ extend: 5 });
    await call.client.agenda('next-turn');
    const live = call.live();
    expect(live.sent('agenda:start')).toEqual([{}]);
    expect(live.sent('agenda:extend')).toEqual([{ minutes: 5 }]);
    expect(live.sent('agenda:next-turn')).toEqual([{}]);
    await call.client.agenda('back');
    expect(call.client.getSnapshot()).toMatchObject({
      agendaBusy: false,
      agendaError: 'This is the first item',
    });
  });
});

describe('TURN servers', () => {
  it('gives both transports the practice’s TURN servers, and carries on without them if asking fails', async () => {
    const turn = [{ urls: ['turn:turn.hearth.test:3478'], username: 'u', credential: 'c' }];
    const call = createFakeCall((live) => live.answer('session:join', joined(cleoId)), {
      iceServers: async () => turn,
    });
    await call.client.startPreview();
    await call.client.join();
    await settle();
    const transports = call.media.device.transports;
    expect(transports.map((t) => t.options.iceServers)).toEqual([turn, turn]);

    const without = createFakeCall((live) => live.answer('session:join', joined(cleoId)), {
      iceServers: () => Promise.reject(new Error('offline')),
    });
    await without.client.startPreview();
    await without.client.join();
    await settle();
    expect(without.client.getSnapshot().media).toBe('live');
    expect(without.media.device.transports.map((t) => t.options.iceServers)).toEqual([
      undefined,
      undefined,
    ]);
  });
});
