import type { LiveRequestName, LiveRequestPayload, LiveRequestResult } from '@hearth/contracts';
import { selfOf } from '../call-state';
import { commandFailure, errorText } from './call-errors';
import type { CallStore } from './call-store';
import type { InboundStat } from './inbound-stats';
import type { LocalDevices } from './local-devices';
import { stale, type MediaSession } from './media-session';
import type { CallMediaDeps } from './media-types';
import type { SignallingSession } from './signalling-session';

/** What a therapist can do to the live agenda. */
export type AgendaCommand = 'start' | 'next' | 'back' | 'next-turn' | { readonly extend: number };

/** The person's commands, everything the call view can ask for. */
export interface CallCommands {
  /** Turns the camera and microphone on for the preview and lists the devices. */
  startPreview(): Promise<void>;
  /** Lists the cameras and microphones again (one may have been plugged in since). */
  refreshDevices(): Promise<void>;
  selectMicrophone(deviceId: string): Promise<void>;
  selectCamera(deviceId: string): Promise<void>;
  /** Times a request's round trip to the session server. */
  checkNetwork(): Promise<void>;
  join(): Promise<void>;
  leave(): Promise<void>;
  toggleMicrophone(): Promise<void>;
  toggleCamera(): Promise<void>;
  toggleScreenShare(): Promise<void>;
  raiseHand(): Promise<void>;
  /** Lowers one's own hand, or (therapists) someone else's. */
  lowerHand(participantId?: string): Promise<void>;
  lowerAllHands(): Promise<void>;
  /** Resolves true once the server took the message. */
  sendChat(text: string): Promise<boolean>;
  markChatRead(): void;
  dismissNotice(): void;
  /** Says something in the call's live region (what a keyboard shortcut did, say). */
  announce(text: string): void;
  admit(participantId: string): Promise<void>;
  admitAll(): Promise<void>;
  deny(participantId: string, message?: string): Promise<void>;
  sendBack(participantId: string): Promise<void>;
  mute(participantId: string, lock: boolean): Promise<void>;
  muteAll(lock: boolean): Promise<void>;
  /** Lets one participant, or everyone, unmute again. */
  allowUnmute(participantId?: string): Promise<void>;
  remove(participantId: string): Promise<void>;
  setLocked(locked: boolean): Promise<void>;
  startBreakouts(rooms: string[][], minutes?: number): Promise<void>;
  visitBreakout(room: number | null): Promise<void>;
  endBreakouts(): Promise<void>;
  /** Therapists lead the agenda: start, next and previous item, more time, the next person. */
  agenda(command: AgendaCommand): Promise<void>;
  /** The size a remote video is shown at (device pixels; 0×0 off screen), sent throttled. */
  reportTileSize(consumerId: string, width: number, height: number): void;
  inboundStats(): Promise<InboundStat[]>;
  /** Sets the audio and video up afresh, after a failure the person was told about. */
  retryMedia(): Promise<void>;
  /** Pauses (or resumes) everyone else's video for oneself; remembered on this device. */
  setAudioOnly(enabled: boolean): Promise<void>;
  /** Says no to the audio-only offer for this call. */
  declineAudioOnly(): void;
  /** Noise suppression on one's microphone, on or off; remembered on this device. */
  setNoiseSuppression(enabled: boolean): Promise<void>;
}

/** The commands that are one request each, or one's own tracks; joining is the client's. */
export type InCallCommands = Omit<
  CallCommands,
  | 'startPreview'
  | 'refreshDevices'
  | 'selectMicrophone'
  | 'selectCamera'
  | 'checkNetwork'
  | 'join'
  | 'leave'
  | 'reportTileSize'
  | 'inboundStats'
  | 'retryMedia'
  | 'setAudioOnly'
  | 'declineAudioOnly'
  | 'setNoiseSuppression'
>;

export interface CallCommandDeps extends Pick<CallMediaDeps, 'captureScreen'> {
  readonly store: CallStore;
  readonly signalling: SignallingSession;
  readonly media: MediaSession;
  readonly devices: LocalDevices;
}

export function createCallCommands(deps: CallCommandDeps): InCallCommands {
  const { store, signalling, media, devices } = deps;

  /** Sends one request; a refusal shows as the call's action error, without leaving the call. */
  async function command<E extends LiveRequestName>(
    event: E,
    payload: LiveRequestPayload<E>,
    failure: string,
  ): Promise<LiveRequestResult<E> | null> {
    try {
      const result = await signalling.send(event, payload);
      if (store.state.actionError) store.set({ actionError: null });
      return result;
    } catch (error) {
      const text = commandFailure(failure, error);
      store.set({ actionError: text });
      store.announce(text);
      return null;
    }
  }

  async function toggleTrack(source: 'microphone' | 'camera') {
    const key = source === 'microphone' ? 'microphoneOn' : 'cameraOn';
    const on = !store.state.local[key];
    if (source === 'microphone' && on && selfOf(store.state.view)?.unmuteLocked) return;
    const producer = media.producer(source);
    const inCall = store.state.phase === 'in-call' && media.canSend();
    if (producer) {
      if (on) producer.resume();
      else producer.pause();
      store.setLocal({ [key]: on });
      const done = await command(
        'media:producer:set-paused',
        { producerId: producer.id, paused: !on },
        on ? `Could not turn your ${source} on` : `Could not turn your ${source} off`,
      );
      if (!done) {
        if (on) producer.pause();
        else producer.resume();
        store.setLocal({ [key]: !on });
      }
      return;
    }
    store.setLocal({ [key]: on });
    const current = store.state.local[source];
    if (source === 'microphone' && current) {
      current.enabled = on;
    } else if (source === 'camera' && current && !on && !inCall) {
      // Before joining, a camera turned off really is off: the light goes out.
      current.stop();
      store.setLocal({ camera: null });
    }
    if (on && !current) {
      const got = await devices.capture({
        microphone: source === 'microphone',
        camera: source === 'camera',
      });
      const track = got[source];
      if (!track) {
        store.setLocal({ [key]: false, problem: got.problem });
        return;
      }
      if (source === 'microphone') devices.adoptMicrophone(track);
      else devices.adoptCamera(track);
      store.setLocal({ problem: null });
    }
    const track = store.state.local[source];
    if (on && inCall && track) {
      try {
        await media.produce(source, track, false);
      } catch (error) {
        if (error !== stale)
          store.set({ actionError: commandFailure(`Could not send your ${source}`, error) });
      }
    }
  }

  async function stopScreenShare() {
    const producer = media.forgetProducer('screen');
    store.state.local.screen?.stop();
    store.setLocal({ screen: null });
    if (producer) {
      producer.close();
      await command('media:producer:close', { producerId: producer.id }, 'Could not stop sharing');
    }
  }

  async function toggleScreenShare() {
    if (store.state.local.screen) return stopScreenShare();
    if (store.state.phase !== 'in-call' || !media.canSend()) return;
    let track: MediaStreamTrack | undefined;
    try {
      track = (await deps.captureScreen()).find((t) => t.kind === 'video');
    } catch {
      // Cancelling the browser's picker is a choice, not an error.
      return;
    }
    if (!track) return;
    const screen = track;
    screen.addEventListener('ended', () => {
      if (store.state.local.screen === screen) void stopScreenShare();
    });
    store.setLocal({ screen });
    try {
      await media.produce('screen', screen, false);
      store.announce('You are sharing your screen.');
    } catch (error) {
      screen.stop();
      store.setLocal({ screen: null });
      if (error !== stale)
        store.set({ actionError: commandFailure('Could not share your screen', error) });
    }
  }

  return {
    toggleMicrophone: () => toggleTrack('microphone'),
    toggleCamera: () => toggleTrack('camera'),
    toggleScreenShare,
    async raiseHand() {
      if ((selfOf(store.state.view)?.handPosition ?? null) === null)
        await command('hand:raise', {}, 'Could not raise your hand');
    },
    async lowerHand(participantId) {
      await command(
        'hand:lower',
        participantId ? { participantId } : {},
        'Could not lower the hand',
      );
    },
    async lowerAllHands() {
      await command('hand:lower-all', {}, 'Could not lower the hands');
    },
    async sendChat(text) {
      const result = await command('chat:send', { text }, 'Your message was not sent');
      return result !== null;
    },
    markChatRead() {
      const { chat, chatRead } = store.state;
      if (chatRead !== chat.length) store.set({ chatRead: chat.length });
    },
    dismissNotice() {
      store.set({ notice: null, actionError: null });
    },
    announce(text) {
      store.announce(text);
    },
    async admit(participantId) {
      await command('lobby:admit', { participantId }, 'Could not let them in');
    },
    async admitAll() {
      await command('lobby:admit-all', {}, 'Could not let everyone in');
    },
    async deny(participantId, message) {
      const text = message?.trim();
      await command(
        'lobby:deny',
        { participantId, ...(text ? { message: text } : {}) },
        'Could not deny entry',
      );
    },
    async sendBack(participantId) {
      await command(
        'lobby:send-back',
        { participantId },
        'Could not move them to the waiting room',
      );
    },
    async mute(participantId, lock) {
      await command('moderation:mute', { participantId, lock }, 'Could not mute them');
    },
    async muteAll(lock) {
      await command('moderation:mute-all', { lock }, 'Could not mute everyone');
    },
    async allowUnmute(participantId) {
      await command(
        'moderation:unlock-mute',
        participantId ? { participantId } : {},
        'Could not allow unmuting',
      );
    },
    async remove(participantId) {
      await command('moderation:remove', { participantId }, 'Could not remove them');
    },
    async setLocked(locked) {
      const done = await command(
        'moderation:lock',
        { locked },
        locked ? 'Could not lock the session' : 'Could not unlock the session',
      );
      if (done) store.announce(locked ? 'The session is locked.' : 'The session is unlocked.');
    },
    async startBreakouts(rooms, minutes) {
      await command(
        'breakout:start',
        { rooms, ...(minutes ? { minutes } : {}) },
        'Could not open the breakout rooms',
      );
    },
    async visitBreakout(room) {
      await command('breakout:visit', { room }, 'Could not move you');
    },
    async endBreakouts() {
      await command('breakout:end', {}, 'Could not bring everyone back');
    },
    async agenda(agendaCommand) {
      if (store.state.agendaBusy) return;
      store.set({ agendaBusy: true, agendaError: null });
      try {
        if (agendaCommand === 'start') await signalling.send('agenda:start', {});
        else if (agendaCommand === 'next') await signalling.send('agenda:next', {});
        else if (agendaCommand === 'back') await signalling.send('agenda:back', {});
        else if (agendaCommand === 'next-turn') await signalling.send('agenda:next-turn', {});
        else await signalling.send('agenda:extend', { minutes: agendaCommand.extend });
        store.set({ agendaBusy: false });
      } catch (error) {
        store.set({
          agendaBusy: false,
          agendaError: errorText(error) || 'That did not work. Please try again.',
        });
      }
    },
  };
}
