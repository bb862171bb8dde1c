import type { LiveRequestName, Participant } from '@hearth/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  cleoId,
  participant,
  samId,
  sessionId,
  sessionView,
  therapistId,
} from '../../../testing/call-fixtures';
import {
  createSessionKeyPair,
  unwrapMediaKey,
  wrapMediaKey,
  type SessionKeyPair,
} from '../e2ee/key-exchange';
import { createCallStore } from './call-store';
import { createE2eeSession } from './e2ee-session';
import type { FrameCryptor } from './frame-cryptor';
import type { LiveConnection } from './live-connection';

const realSetTimeout = globalThis.setTimeout;

interface Sent {
  event: LiveRequestName;
  payload: Record<string, unknown>;
}

function fakeCryptor() {
  const calls: string[] = [];
  const sendKeys: { keyId: number; material: Uint8Array }[] = [];
  const receiveKeys: { participantId: string; keyId: number; material: Uint8Array }[] = [];
  const cryptor: FrameCryptor = {
    access: 'script-transform',
    attachSender: () => undefined,
    attachReceiver: () => undefined,
    setSendKey: (keyId, material) => void sendKeys.push({ keyId, material }),
    setReceiveKey: (participantId, keyId, material) =>
      void receiveKeys.push({ participantId, keyId, material }),
    forget: (participantId) => void calls.push(`forget ${participantId}`),
    counts: () => ({ encrypted: 0, decrypted: 0, dropped: 0 }),
    close: () => void calls.push('close'),
  };
  return { cryptor, calls, sendKeys, receiveKeys };
}

describe('end-to-end encryption keys', () => {
  let own: SessionKeyPair;
  let keys: Record<string, SessionKeyPair>;
  let sent: Sent[];
  let frames: ReturnType<typeof fakeCryptor>;
  const store = createCallStore();

  const connection = {
    emit(event: LiveRequestName, payload: unknown, ack: (answer: unknown) => void) {
      sent.push({ event, payload: payload as Record<string, unknown> });
      ack({ data: event === 'e2ee:media-key' ? { delivered: 1 } : {} });
    },
  } as unknown as LiveConnection;

  const withKey = (p: Participant, pair: SessionKeyPair | undefined): Participant =>
    pair ? { ...p, e2ee: { publicKey: pair.publicKey, codeHash: null } } : p;

  const viewOf = (present: Record<string, SessionKeyPair | undefined>) =>
    sessionView(
      therapistId,
      Object.entries(present).map(([id, pair]) =>
        withKey(
          participant({
            id,
            displayName: id === samId ? 'Sam' : id,
            role: id === therapistId ? 'therapist' : 'client',
          }),
          pair,
        ),
      ),
      { endToEndEncrypted: true },
    );

  // WebCrypto answers from other threads: give it real time (timers alone are faked).
  const settle = async () => {
    for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => realSetTimeout(resolve, 50));
    for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
  };

  const mediaKeys = () => sent.filter((s) => s.event === 'e2ee:media-key');

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    own = await createSessionKeyPair();
    keys = { [cleoId]: await createSessionKeyPair(), [samId]: await createSessionKeyPair() };
    sent = [];
    frames = fakeCryptor();
  });
  afterEach(() => vi.useRealTimers());

  function session() {
    return createE2eeSession({
      store,
      signalling: { current: () => connection },
      timeoutMs: 1000,
      createCryptor: () => frames.cryptor,
      createKeyPair: async () => own,
      rotationDelayMs: 1000,
    });
  }

  it('announces its key, keys everyone in the call, and re-keys without someone who is removed', async () => {
    const e2ee = session();
    // Before the server shows this page's key, nothing is keyed.
    const before = viewOf({ [therapistId]: undefined, [cleoId]: keys[cleoId] });
    store.set({ view: before });
    e2ee.onView(before);
    e2ee.onMediaLive();
    await settle();
    expect(sent).toEqual([{ event: 'e2ee:announce', payload: { publicKey: own.publicKey } }]);
    e2ee.onView(viewOf({ [therapistId]: own, [cleoId]: keys[cleoId] }));
    await settle();
    // The first key is used at once and wrapped for Cleo, whose page can open it.
    expect(frames.sendKeys).toHaveLength(1);
    const firstKey = mediaKeys()[0]!.payload as {
      keyId: number;
      keys: { to: string; wrapped: string }[];
    };
    expect(firstKey.keys.map((k) => k.to)).toEqual([cleoId]);
    const opened = await unwrapMediaKey(
      keys[cleoId]!.privateKey,
      own.publicKey,
      firstKey.keys[0]!.wrapped,
      {
        sessionId,
        fromId: therapistId,
        toId: cleoId,
        keyId: firstKey.keyId,
      },
    );
    expect(opened).toEqual(frames.sendKeys[0]!.material);

    // Sam joins: a new key for both, used once they had a moment to unwrap it.
    e2ee.onView(viewOf({ [therapistId]: own, [cleoId]: keys[cleoId], [samId]: keys[samId] }));
    await settle();
    const second = mediaKeys()[1]!.payload as { keyId: number; keys: { to: string }[] };
    expect(second.keys.map((k) => k.to).sort()).toEqual([cleoId, samId].sort());
    expect(second.keyId).not.toBe(firstKey.keyId);
    expect(frames.sendKeys).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(frames.sendKeys.map((k) => k.keyId)).toEqual([firstKey.keyId, second.keyId]);

    // Sam is removed: the next key goes to Cleo only, and Sam's keys are forgotten here.
    e2ee.onView(viewOf({ [therapistId]: own, [cleoId]: keys[cleoId] }));
    await settle();
    const third = mediaKeys()[2]!.payload as { keys: { to: string }[] };
    expect(third.keys.map((k) => k.to)).toEqual([cleoId]);
    expect(frames.calls).toContain(`forget ${samId}`);
    await vi.advanceTimersByTimeAsync(1000);
    expect(frames.sendKeys).toHaveLength(3);
    expect(frames.sendKeys[2]!.material).not.toEqual(frames.sendKeys[1]!.material);
  });

  it('keys each breakout room apart: a visiting therapist gets that room’s keys and no other’s', async () => {
    const e2ee = session();
    const inRooms = (rooms: Record<string, number | null>) =>
      sessionView(
        therapistId,
        Object.entries(rooms).map(([id, room]) =>
          withKey(
            participant({
              id,
              role: id === therapistId ? 'therapist' : 'client',
              breakoutRoom: room,
            }),
            id === therapistId ? own : keys[id],
          ),
        ),
        { endToEndEncrypted: true },
      );
    const together = inRooms({ [therapistId]: null, [cleoId]: null, [samId]: null });
    store.set({ view: together });
    e2ee.onView(together);
    await settle();
    expect(mediaKeys()).toHaveLength(1);
    // Breakouts: Cleo in room 1, Sam in room 2, the therapist in the main room keys nobody.
    e2ee.onView(inRooms({ [therapistId]: null, [cleoId]: 0, [samId]: 1 }));
    await settle();
    expect(mediaKeys()).toHaveLength(1);
    expect(frames.calls).toEqual(expect.arrayContaining([`forget ${cleoId}`, `forget ${samId}`]));
    // She visits room 1: a new key for Cleo alone.
    e2ee.onView(inRooms({ [therapistId]: 0, [cleoId]: 0, [samId]: 1 }));
    await settle();
    expect((mediaKeys()[1]!.payload as { keys: { to: string }[] }).keys.map((k) => k.to)).toEqual([
      cleoId,
    ]);
    const state = store.state.e2ee;
    expect(state.status === 'on' && state.people).toBe(2);
  });

  it('takes a key wrapped for it, also one that arrives before the sender is in its view', async () => {
    const e2ee = session();
    const material = crypto.getRandomValues(new Uint8Array(16));
    const wrapped = await wrapMediaKey(keys[cleoId]!.privateKey, own.publicKey, material, {
      sessionId,
      fromId: cleoId,
      toId: therapistId,
      keyId: 9,
    });
    const alone = viewOf({ [therapistId]: own });
    store.set({ view: alone });
    e2ee.onView(alone);
    e2ee.onMediaKey({ fromId: cleoId, keyId: 9, wrapped });
    await settle();
    expect(frames.receiveKeys).toEqual([]);
    e2ee.onView(viewOf({ [therapistId]: own, [cleoId]: keys[cleoId] }));
    await settle();
    expect(frames.receiveKeys).toEqual([{ participantId: cleoId, keyId: 9, material }]);
    // A key wrapped by someone else posing as Cleo does not open, and is not used.
    const forged = await wrapMediaKey(keys[samId]!.privateKey, own.publicKey, material, {
      sessionId,
      fromId: cleoId,
      toId: therapistId,
      keyId: 10,
    });
    e2ee.onMediaKey({ fromId: cleoId, keyId: 10, wrapped: forged });
    await settle();
    expect(frames.receiveKeys).toHaveLength(1);
  });

  it('shows a safety code, reports its hash, and announces a changed key', async () => {
    const e2ee = session();
    const view = viewOf({ [therapistId]: own, [cleoId]: keys[cleoId] });
    store.set({ view });
    e2ee.onView(view);
    await settle();
    const state = store.state.e2ee;
    expect(state.status).toBe('on');
    if (state.status !== 'on') return;
    expect(state.code?.words).toHaveLength(5);
    expect(state.people).toBe(2);
    expect(sent.find((s) => s.event === 'e2ee:verify')?.payload).toEqual({
      codeHash: state.codeHash,
    });

    const replaced = await createSessionKeyPair();
    e2ee.onView(viewOf({ [therapistId]: own, [cleoId]: replaced }));
    await settle();
    expect(store.state.notice).toMatch(/encryption key changed/);
    const after = store.state.e2ee;
    expect(after.status === 'on' && after.code?.words).not.toEqual(state.code?.words);
  });

  it('says so when the browser cannot encrypt', async () => {
    frames = fakeCryptor();
    const e2ee = createE2eeSession({
      store,
      signalling: { current: () => connection },
      timeoutMs: 1000,
      createCryptor: () => null,
      createKeyPair: async () => own,
    });
    e2ee.onView(viewOf({ [therapistId]: own }));
    await settle();
    expect(store.state.e2ee).toEqual({ status: 'unsupported' });
    expect(sent).toEqual([]);
  });
});
