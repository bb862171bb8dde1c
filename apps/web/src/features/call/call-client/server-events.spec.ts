import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  chatMessage,
  cleo,
  cleoId,
  createFakeCall,
  FakeLive,
  sessionId,
  takeContractBreaks,
  sessionView,
  settle,
  therapist,
} from '../../../testing/fake-call';
import type { LiveConnection } from './live-connection';
import { checkedServerEvents, unreadableAnswer } from './server-events';

function checkedFake() {
  const live = new FakeLive({ token: () => 'access-1', sessionId });
  const dropped: Array<{ event: string; problems: readonly string[] }> = [];
  const connection = checkedServerEvents(live, (event, problems) =>
    dropped.push({ event, problems }),
  );
  return { live, connection, dropped };
}

describe('server events against the wire contract', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('hands a well-formed event to its listener as the contract declares it', () => {
    const { live, connection, dropped } = checkedFake();
    const views: unknown[] = [];
    connection.on('session:view', (view) => views.push(view));
    const view = sessionView(cleoId, [cleo, therapist]);
    // A newer server may add a field: the event still arrives, without what the client does not know.
    live.server('session:view', { ...view, spotlight: 'x' } as typeof view);
    expect(views).toEqual([view]);
    expect(views[0]).not.toHaveProperty('spotlight');
    expect(dropped).toEqual([]);
  });

  it('drops a malformed event and says where it was wrong, never what it held', () => {
    const { live, connection, dropped } = checkedFake();
    const heard: unknown[] = [];
    connection.on('chat:message', (message) => heard.push(message));
    connection.on('breakout:warning', (warning) => heard.push(warning));
    live.serverMalformed('chat:message', {
      ...chatMessage('m1', cleo, 'I felt so alone this week'),
      fromId: 'not-an-id',
      sentAt: 12,
    });
    live.serverMalformed('breakout:warning', null);
    live.serverMalformed('breakout:warning', { secondsLeft: -3 });
    expect(heard).toEqual([]);
    expect(dropped).toEqual([
      { event: 'chat:message', problems: ['fromId: invalid_format', 'sentAt: invalid_type'] },
      { event: 'breakout:warning', problems: ['(payload): invalid_type'] },
      { event: 'breakout:warning', problems: ['secondsLeft: too_small'] },
    ]);
  });

  it('logs a dropped event with its name and the paths only', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const live = new FakeLive({ token: () => 'access-1', sessionId });
    const connection = checkedServerEvents(live);
    connection.on('chat:message', () => undefined);
    live.serverMalformed('chat:message', {
      ...chatMessage('m1', cleo, 'I felt so alone this week'),
      fromName: 42,
    });
    expect(warn).toHaveBeenCalledTimes(1);
    const logged = warn.mock.calls[0]!.join(' ');
    expect(logged).toContain('chat:message');
    expect(logged).toContain('fromName: invalid_type');
    expect(logged).not.toContain('alone');
    expect(logged).not.toContain(cleo.displayName);
  });

  it('keeps the call going when a malformed event arrives in it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const call = createFakeCall((live) =>
      live.answer('session:join', {
        data: { view: sessionView(cleoId, [cleo, therapist]), chat: [], agenda: null },
      }),
    );
    await call.client.startPreview();
    await call.client.join();
    await settle();
    const live = call.live();
    expect(call.client.getSnapshot().phase).toBe('in-call');

    live.serverMalformed('chat:message', { id: 'm1', text: 'Hello' });
    live.serverMalformed('session:view', { ...sessionView(cleoId, [cleo]), participants: 'none' });
    live.serverMalformed('session:removed', {});
    await settle();
    let state = call.client.getSnapshot();
    expect(state.phase).toBe('in-call');
    expect(state.chat).toEqual([]);
    expect(state.view?.participants.map((p) => p.id)).toEqual([cleoId, therapist.id]);
    expect(state.end).toBeNull();

    live.server('chat:message', chatMessage('m2', therapist, 'Welcome'));
    state = call.client.getSnapshot();
    expect(state.chat.map((m) => m.text)).toEqual(['Welcome']);
    expect(warn).toHaveBeenCalledTimes(3);
  });

  it('refuses to let the fake send or answer what the contract does not allow', async () => {
    const { live } = checkedFake();
    const view = sessionView(cleoId, [cleo]);
    expect(() =>
      live.server('session:view', { ...view, locked: 'yes' as unknown as boolean }),
    ).toThrow(/session:view the contract refuses: locked: invalid_type/);
    // A join answer without the agenda field is not what the gateway answers.
    expect(() => live.answer('session:join', { data: { view, chat: [] } })).toThrow(
      /answer to session:join/,
    );
    // A request the contract refuses is answered as the gateway does, and fails the test.
    const answers: unknown[] = [];
    live.emit('media:downlink', { kbps: -1 }, (answer) => answers.push(answer));
    await settle();
    expect(answers).toEqual([{ error: { code: 'validation_failed', message: 'Invalid' } }]);
    expect(takeContractBreaks()).toEqual([
      'the client sent a media:downlink the contract refuses: kbps: too_small',
    ]);
  });

  it('passes an answer the contract allows, and turns one it does not into a failure', () => {
    // A connection whose server answers each request with the next of these, as it stands.
    const answers: unknown[] = [
      { data: { audioOnly: true } },
      { error: { code: 'not_allowed', message: 'Only therapists can do that' } },
      { data: { audioOnly: 'yes' } },
      'garbage',
    ];
    const raw = {
      emit: (_event: string, _payload: unknown, ack: (answer: unknown) => void) =>
        ack(answers.shift()),
    } as unknown as LiveConnection;
    const dropped: Array<{ event: string; problems: readonly string[] }> = [];
    const connection = checkedServerEvents(raw, (event, problems) =>
      dropped.push({ event, problems }),
    );
    const got: unknown[] = [];
    for (let i = 0; i < 4; i += 1)
      connection.emit('media:audio-only', { enabled: true }, (answer) => got.push(answer));
    expect(got).toEqual([
      { data: { audioOnly: true } },
      { error: { code: 'not_allowed', message: 'Only therapists can do that' } },
      { error: unreadableAnswer },
      { error: unreadableAnswer },
    ]);
    expect(dropped).toEqual([
      { event: 'answer to media:audio-only', problems: ['data.audioOnly: invalid_type'] },
      { event: 'answer to media:audio-only', problems: ['(payload): invalid_type'] },
    ]);
  });
});
