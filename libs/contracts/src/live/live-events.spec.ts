import { isLiveServerEvent, liveServerEvents, parseLiveServerEvent } from './live-events.contract';

const personId = '22222222-2222-4222-8222-222222222222';
const sessionId = '7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

const progress = {
  startedAt: '2026-01-12T10:00:00.000Z',
  finishedAt: null,
  currentItemId: 'checkin',
  itemStartedAt: '2026-01-12T10:00:00.000Z',
  extensions: {},
  turnOrder: [personId],
  turn: 0,
};

describe('server→client events', () => {
  it('passes a payload that matches, without fields the contract does not name', () => {
    const message = {
      id: 'm1',
      fromId: personId,
      fromName: 'Ana',
      text: 'Hello',
      sentAt: '2026-01-12T10:01:00.000Z',
    };
    expect(parseLiveServerEvent('chat:message', { ...message, colour: 'red' })).toEqual({
      ok: true,
      data: message,
    });
    const event = { sessionId, progress, serverNow: '2026-01-12T10:05:00.000Z' };
    expect(parseLiveServerEvent('agenda:progress', event)).toEqual({ ok: true, data: event });
    expect(parseLiveServerEvent('session:replaced', {})).toEqual({ ok: true, data: {} });
  });

  it('names where a payload is wrong and never what it holds', () => {
    const result = parseLiveServerEvent('chat:message', {
      id: 'm1',
      fromId: 'Ana Silva',
      fromName: 'Ana',
      text: 'I have not slept in days',
      sentAt: null,
    });
    expect(result).toEqual({
      ok: false,
      problems: ['fromId: invalid_format', 'sentAt: invalid_type'],
    });
    expect(JSON.stringify(result)).not.toMatch(/Ana|slept/);
    expect(
      parseLiveServerEvent('agenda:progress', { sessionId, progress: { ...progress, turn: -1 } }),
    ).toEqual({ ok: false, problems: ['progress.turn: too_small', 'serverNow: invalid_type'] });
    expect(parseLiveServerEvent('media:reset', { reason: 'bored' })).toEqual({
      ok: false,
      problems: ['reason: invalid_value'],
    });
    expect(parseLiveServerEvent('seat:released', 'reset')).toEqual({
      ok: false,
      problems: ['(payload): invalid_type'],
    });
  });

  it('knows only its own events, not what objects inherit', () => {
    expect(parseLiveServerEvent('admin:everything', {})).toEqual({
      ok: false,
      problems: ['(unknown event)'],
    });
    expect(isLiveServerEvent('toString')).toBe(false);
    expect(isLiveServerEvent('__proto__')).toBe(false);
    expect(Object.keys(liveServerEvents).every(isLiveServerEvent)).toBe(true);
  });
});
