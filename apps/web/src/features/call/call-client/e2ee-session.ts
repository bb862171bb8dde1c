import type { E2eeMediaKeyEvent, SessionView } from '@hearth/contracts';
import {
  createSessionKeyPair,
  newMediaKeyMaterial,
  unwrapMediaKey,
  wrapMediaKey,
  type SessionKeyPair,
} from '../e2ee/key-exchange';
import { safetyCode, safetyCodeHash } from '../e2ee/safety-code';
import type { CallStore } from './call-store';
import type { FrameCryptor } from './frame-cryptor';
import { ask } from './live-connection';
import { logMediaError } from './media-errors';
import type { SignallingSession } from './signalling-session';

/**
 * How long a new media key is handed out before frames go out under it (ms): long enough for
 * everyone to unwrap it, short enough that someone who left stops being able to decrypt soon.
 */
export const KEY_ROTATION_DELAY_MS = 1_000;

export interface E2eeSessionDeps {
  readonly store: CallStore;
  readonly signalling: Pick<SignallingSession, 'current'>;
  readonly timeoutMs: number;
  /** The browser's frame encryption; null where it has none. */
  createCryptor(): FrameCryptor | null;
  readonly createKeyPair?: () => Promise<SessionKeyPair>;
  readonly rotationDelayMs?: number;
}

/**
 * End-to-end encryption of the call's media, as far as the page goes: its session key pair, its
 * own media key (a new one whenever someone joins or leaves, wrapped for each person in the
 * call), the keys others send it, and the safety code. Frames themselves are encrypted in a
 * worker (see {@link FrameCryptor}).
 */
export interface E2eeSession {
  /** The session encrypts its media (as its views say). */
  required(): boolean;
  /** The frame encryption, made on first use; null where this browser cannot encrypt. */
  cryptor(): FrameCryptor | null;
  onView(view: SessionView): void;
  onMediaKey(event: E2eeMediaKeyEvent): void;
  /** The media is up (a new connection): announce the public key. */
  onMediaLive(): void;
  /** Forgets every key and closes the worker (the call client starts over). */
  reset(): void;
}

export function createE2eeSession(deps: E2eeSessionDeps): E2eeSession {
  const { store } = deps;
  const rotationDelayMs = deps.rotationDelayMs ?? KEY_ROTATION_DELAY_MS;
  let cryptor: FrameCryptor | null | undefined;
  let keyPair: Promise<SessionKeyPair> | null = null;
  let view: SessionView | null = null;
  let keyId = -1;
  let sendKeySet = false;
  let rotation: ReturnType<typeof setTimeout> | undefined;
  /** Who received the current key, as `id:publicKey` sorted; null before the first key. */
  let keyedFor: string | null = null;
  /** The last public key seen of each person, to announce a change. */
  const knownKeys = new Map<string, string>();
  /** Keys whose sender's public key this page has not seen yet. */
  let pending: E2eeMediaKeyEvent[] = [];
  let reportedHash: string | null = null;
  /** Bumped by reset(): work queued before it changes nothing. */
  let generation = 0;
  // One thing after the other: views and keys arrive faster than WebCrypto answers.
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (what: string, work: () => Promise<void>) => {
    const queuedIn = generation;
    queue = queue
      .then(() => (queuedIn === generation ? work() : undefined))
      .catch((error: unknown) => logMediaError(what, error));
  };

  const pair = () => (keyPair ??= (deps.createKeyPair ?? createSessionKeyPair)());
  const getCryptor = () => {
    if (cryptor === undefined) cryptor = deps.createCryptor();
    return cryptor;
  };

  function send<E extends 'e2ee:announce' | 'e2ee:media-key' | 'e2ee:verify'>(
    event: E,
    payload: Parameters<typeof ask<E>>[2],
  ) {
    const connection = deps.signalling.current();
    if (!connection) return Promise.resolve(false);
    return ask(connection, event, payload, deps.timeoutMs)
      .then((answer) => 'data' in answer)
      .catch(() => false);
  }

  /**
   * Everyone else in the call with a key and in the same room as this page (the main room, or
   * one breakout room: media flows only within a room, and so do media keys), sorted by id.
   */
  function members(current: SessionView) {
    const room = current.participants.find((p) => p.id === current.selfId)?.breakoutRoom ?? null;
    return current.participants
      .filter(
        (p) =>
          p.id !== current.selfId && p.presence !== 'waiting' && p.e2ee && p.breakoutRoom === room,
      )
      .map((p) => ({ id: p.id, name: p.displayName, publicKey: p.e2ee!.publicKey }))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  async function rekey(current: SessionView, recipients: ReturnType<typeof members>) {
    const frames = getCryptor();
    if (!frames) return;
    const own = await pair();
    keyId = (keyId + 1) & 0xff;
    const id = keyId;
    const material = newMediaKeyMaterial();
    if (recipients.length > 0) {
      const keys = await Promise.all(
        recipients.map(async (r) => ({
          to: r.id,
          wrapped: await wrapMediaKey(own.privateKey, r.publicKey, material, {
            sessionId: current.sessionId,
            fromId: current.selfId,
            toId: r.id,
            keyId: id,
          }),
        })),
      );
      await send('e2ee:media-key', { keyId: id, keys });
    }
    clearTimeout(rotation);
    if (!sendKeySet) {
      sendKeySet = true;
      frames.setSendKey(id, material);
      return;
    }
    rotation = setTimeout(() => {
      if (id === keyId && cryptor === frames) frames.setSendKey(id, material);
    }, rotationDelayMs);
  }

  async function receiveKey(event: E2eeMediaKeyEvent): Promise<boolean> {
    const current = view;
    const frames = getCryptor();
    const sender = current?.participants.find((p) => p.id === event.fromId);
    if (!current || !frames || !sender?.e2ee) return false;
    const own = await pair();
    const material = await unwrapMediaKey(own.privateKey, sender.e2ee.publicKey, event.wrapped, {
      sessionId: current.sessionId,
      fromId: event.fromId,
      toId: current.selfId,
      keyId: event.keyId,
    });
    frames.setReceiveKey(event.fromId, event.keyId, material);
    return true;
  }

  async function applyView(current: SessionView) {
    const frames = getCryptor();
    if (!frames) {
      store.set({ e2ee: { status: 'unsupported' } });
      return;
    }
    const own = await pair();
    const others = members(current);
    for (const other of others) {
      const known = knownKeys.get(other.id);
      if (known && known !== other.publicKey) {
        const text = `${other.name}'s encryption key changed. Compare the safety code again.`;
        store.set({ notice: text });
        store.announce(text);
      }
      knownKeys.set(other.id, other.publicKey);
    }
    const selfKnown = current.participants.some((p) => p.id === current.selfId && p.e2ee);
    const signature = others.map((o) => `${o.id}:${o.publicKey}`).join(',');
    if (selfKnown && signature !== keyedFor) {
      const before = new Set((keyedFor ?? '').split(',').map((entry) => entry.split(':')[0]));
      for (const id of before) if (id && !others.some((o) => o.id === id)) frames.forget(id);
      keyedFor = signature;
      await rekey(current, others);
    }
    const waiting = pending;
    pending = [];
    for (const event of waiting) {
      if (!(await receiveKey(event).catch(() => false))) pending.push(event);
    }
    // The code covers everyone in this room with a key, this page's own key as it really is.
    const code = selfKnown
      ? await safetyCode([own.publicKey, ...others.map((o) => o.publicKey)])
      : null;
    const codeHash = code ? await safetyCodeHash(code) : null;
    store.set({ e2ee: { status: 'on', code, codeHash, people: others.length + 1 } });
    if (codeHash && codeHash !== reportedHash) {
      reportedHash = codeHash;
      if (!(await send('e2ee:verify', { codeHash }))) reportedHash = null;
    }
  }

  return {
    required: () => store.state.view?.endToEndEncrypted === true,
    cryptor: getCryptor,
    onView(next) {
      if (!next.endToEndEncrypted) return;
      view = next;
      enqueue('encryption keys', () => applyView(next));
    },
    onMediaKey(event) {
      enqueue('media key', async () => {
        if (!(await receiveKey(event))) pending.push(event);
      });
    },
    onMediaLive() {
      if (!store.state.view?.endToEndEncrypted || !getCryptor()) return;
      // A new connection: the server knows no key and no code of this page yet, and the others
      // forgot its keys while it was away: a new one goes to them once its key is in the view.
      reportedHash = null;
      keyedFor = null;
      enqueue('announce key', async () => {
        const { publicKey } = await pair();
        await send('e2ee:announce', { publicKey });
      });
    },
    reset() {
      generation += 1;
      clearTimeout(rotation);
      cryptor?.close();
      cryptor = undefined;
      keyPair = null;
      view = null;
      keyId = -1;
      sendKeySet = false;
      keyedFor = null;
      knownKeys.clear();
      pending = [];
      reportedHash = null;
    },
  };
}
