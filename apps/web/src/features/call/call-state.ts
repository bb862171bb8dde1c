import type { ReceivedAgenda } from '../agenda/agenda-display';
import type {
  ChatMessage,
  ConnectionGrade,
  MediaSource,
  Participant,
  SessionView,
} from '@hearth/contracts';
import type { StageLayout } from './call-view-prefs';

export type { ConnectionGrade } from '@hearth/contracts';

/** Where the person is in the call, from the check before joining to the end screen. */
export type CallPhase = 'pre-join' | 'joining' | 'waiting' | 'in-call' | 'ended' | 'failed';

/** The signalling connection, as the reconnecting banner sees it. */
export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** The media set-up behind the call: the device, the two transports and one's own tracks. */
export type MediaStatus = 'off' | 'connecting' | 'live' | 'failed';

/** The pre-join network check's verdict: a connection grade, known once the check is done. */
export type NetworkQuality = Exclude<ConnectionGrade, 'unknown'>;

/** What is known of everyone's connection, from mediasoup's scores and the browser's stats. */
export interface CallQuality {
  /** One's own connection: what one sends and what arrives. */
  readonly self: ConnectionGrade;
  /** Each other person's sending side, by participant id. */
  readonly others: Readonly<Record<string, ConnectionGrade>>;
  /** The downlink estimate (kbit/s), when the browser gives one. */
  readonly downlinkKbps: number | null;
}

/** A media failure in plain words: what happened, and what the person can try. */
export interface MediaProblem {
  readonly summary: string;
  readonly advice: string;
}

export type NetworkCheck =
  | { readonly status: 'idle' }
  | { readonly status: 'checking' }
  | { readonly status: 'done'; readonly roundTripMs: number; readonly quality: NetworkQuality }
  | { readonly status: 'failed'; readonly message: string };

/** `replaced`: the same person joined from another window, which took the seat. */
export type EndReason = 'left' | 'removed' | 'denied' | 'replaced';

export interface CallEnd {
  readonly reason: EndReason;
  /** What the therapist wrote, if anything. */
  readonly message: string | null;
}

/** Why joining did not work, with the words the screen shows. */
export interface CallFailure {
  readonly code: string;
  readonly message: string;
}

/** One incoming track, as the server offered it. */
export interface RemoteTrack {
  readonly consumerId: string;
  readonly participantId: string;
  readonly kind: 'audio' | 'video';
  readonly source: MediaSource;
  readonly track: MediaStreamTrack;
  /** The sender muted it or turned it off. */
  readonly paused: boolean;
}

/**
 * A remote track this client could not receive: creating or resuming its consumer kept failing.
 * Its tile says so rather than staying blank.
 */
export interface UnshownTrack {
  readonly consumerId: string;
  readonly participantId: string;
  readonly kind: 'audio' | 'video';
  readonly source: MediaSource;
}

export interface DeviceOption {
  readonly id: string;
  readonly label: string;
}

export interface LocalMedia {
  readonly microphone: MediaStreamTrack | null;
  readonly camera: MediaStreamTrack | null;
  readonly screen: MediaStreamTrack | null;
  /** What the person wants: on the pre-join screen, how they will enter; in the call, now. */
  readonly microphoneOn: boolean;
  readonly cameraOn: boolean;
  readonly microphoneId: string | null;
  readonly cameraId: string | null;
  readonly microphones: readonly DeviceOption[];
  readonly cameras: readonly DeviceOption[];
  /** Why a camera or microphone could not be used, in words for the person. */
  readonly problem: string | null;
  /** The person's choice: take the noise out of the microphone on this device before sending. */
  readonly noiseSuppression: boolean;
  /** Why noise suppression is not running although chosen (the raw microphone is sent). */
  readonly noiseProblem: string | null;
}

/** A message for the screen reader's live region; the id makes a repeated text heard again. */
export interface Announcement {
  readonly id: number;
  readonly text: string;
}

export interface CallState {
  readonly phase: CallPhase;
  readonly connection: ConnectionStatus;
  readonly media: MediaStatus;
  readonly network: NetworkCheck;
  readonly view: SessionView | null;
  readonly chat: readonly ChatMessage[];
  /** How many chat messages the person has seen (the chat panel was open). */
  readonly chatRead: number;
  readonly remote: readonly RemoteTrack[];
  /** Remote tracks offered but not received here (see {@link UnshownTrack}). */
  readonly unshown: readonly UnshownTrack[];
  readonly local: LocalMedia;
  readonly end: CallEnd | null;
  readonly failure: CallFailure | null;
  /** A standing notice such as "A therapist muted you", until the person dismisses it. */
  readonly notice: string | null;
  /** The last command that did not go through. */
  readonly actionError: string | null;
  readonly announcement: Announcement | null;
  /** When the breakout rooms close, after the server's one-minute warning (epoch ms). */
  readonly breakoutWarningEndsAt: number | null;
  /** The session's agenda as last received, with the clock offset at arrival. */
  readonly agenda: ReceivedAgenda | null;
  /**
   * Server time minus this device's time (ms) when the server last told its time (on joining,
   * or a ping of the network check); null until then.
   */
  readonly clockOffsetMs: number | null;
  /** A therapist's agenda command is on its way. */
  readonly agendaBusy: boolean;
  readonly agendaError: string | null;
  /** The media is being brought back (ICE restarts) while the signalling stays connected. */
  readonly mediaReconnecting: boolean;
  /** The seat was let go after a long drop: Hearth is taking the person back in. */
  readonly rejoining: boolean;
  /** Why the audio and video do not work, in plain words, until they do. */
  readonly mediaProblem: MediaProblem | null;
  readonly quality: CallQuality;
  /** Other people's video is paused for this person (a weak connection); audio goes on. */
  readonly audioOnly: boolean;
  /** The connection looks too weak for video: audio only is offered. */
  readonly audioOnlyOffered: boolean;
  /** End-to-end encryption of the media (see {@link E2eeState}). */
  readonly e2ee: E2eeState;
}

/**
 * End-to-end encryption as this page has it: 'off' when the session does not encrypt,
 * 'unsupported' when it does and this browser cannot, 'on' with the safety code of everyone in
 * the call with a key (null until this page's own key is known to the server).
 */
export type E2eeState =
  | { readonly status: 'off' }
  | { readonly status: 'unsupported' }
  | {
      readonly status: 'on';
      readonly code: { readonly symbols: string; readonly words: readonly string[] } | null;
      /** The hash this page reports of its code; others with the same hash see the same code. */
      readonly codeHash: string | null;
      /** People the code covers, this page included. */
      readonly people: number;
    };

export const initialLocalMedia: LocalMedia = {
  microphone: null,
  camera: null,
  screen: null,
  microphoneOn: true,
  cameraOn: true,
  microphoneId: null,
  cameraId: null,
  microphones: [],
  cameras: [],
  problem: null,
  noiseSuppression: true,
  noiseProblem: null,
};

export const initialCallState: CallState = {
  phase: 'pre-join',
  connection: 'idle',
  media: 'off',
  network: { status: 'idle' },
  view: null,
  chat: [],
  chatRead: 0,
  remote: [],
  unshown: [],
  local: initialLocalMedia,
  end: null,
  failure: null,
  notice: null,
  actionError: null,
  announcement: null,
  breakoutWarningEndsAt: null,
  agenda: null,
  clockOffsetMs: null,
  agendaBusy: false,
  agendaError: null,
  mediaReconnecting: false,
  rejoining: false,
  mediaProblem: null,
  quality: { self: 'unknown', others: {}, downlinkKbps: null },
  audioOnly: false,
  audioOnlyOffered: false,
  e2ee: { status: 'off' },
};

/**
 * How far the server's clock is ahead of this device's (ms), best known: from the agenda as last
 * received, else from joining or the network check, else 0 (the device's clock is all there is).
 */
export function serverClockOffsetMs(state: CallState): number {
  return state.agenda?.clockOffsetMs ?? state.clockOffsetMs ?? 0;
}

export function selfOf(view: SessionView | null): Participant | null {
  return view?.participants.find((p) => p.id === view.selfId) ?? null;
}

export function isTherapist(view: SessionView | null): boolean {
  return selfOf(view)?.role === 'therapist';
}

/** Those in the call (or reconnecting to it), therapists first, then by name. */
export function inCall(view: SessionView | null): Participant[] {
  return (view?.participants ?? [])
    .filter((p) => p.presence !== 'waiting')
    .sort(
      (a, b) =>
        Number(b.role === 'therapist') - Number(a.role === 'therapist') ||
        a.displayName.localeCompare(b.displayName),
    );
}

/** The waiting room, longest waiting first. */
export function waitingRoom(view: SessionView | null): Participant[] {
  return (view?.participants ?? [])
    .filter((p) => p.presence === 'waiting')
    .sort((a, b) => Date.parse(a.since) - Date.parse(b.since));
}

/**
 * What the side panel would show a person who has not looked: chat messages not yet read and,
 * for the session's therapists, people in the waiting room. Its tabs and its button carry them.
 */
export function panelCounts(state: CallState): { unread: number; waiting: number } {
  return {
    unread: state.chat.length - state.chatRead,
    waiting: isTherapist(state.view) ? waitingRoom(state.view).length : 0,
  };
}

/** Raised hands in the order they went up. */
export function raisedHands(view: SessionView | null): Participant[] {
  return (view?.participants ?? [])
    .filter((p) => p.handPosition !== null)
    .sort((a, b) => (a.handPosition ?? 0) - (b.handPosition ?? 0));
}

/** One box on the stage: a person's camera, or a shared screen. */
export interface StageTile {
  readonly key: string;
  readonly participant: Participant;
  readonly source: 'camera' | 'screen';
  readonly isSelf: boolean;
  /** The video to show, or null for the name card. */
  readonly video: MediaStreamTrack | null;
  /** The consumer behind a remote video, whose tile size the server wants to know. */
  readonly consumerId: string | null;
  readonly speaking: boolean;
  /** How well this person's connection carries the call. */
  readonly connection: ConnectionGrade;
  /** Their connection (or, on one's own tile, one's own media) is being brought back. */
  readonly reconnecting: boolean;
  /** Their video for this tile was offered but could not be received here. */
  readonly videoUnshown: boolean;
  /** Their voice was offered but could not be received here (camera tiles only). */
  readonly audioUnshown: boolean;
}

const gradeRank: Record<ConnectionGrade, number> = { unknown: 0, good: 1, fair: 2, poor: 3 };

/** A person's grade as this client shows it: the worse of the server's and what arrives here. */
export function participantGrade(state: CallState, p: Participant): ConnectionGrade {
  const isSelf = p.id === state.view?.selfId;
  const measured = isSelf ? state.quality.self : (state.quality.others[p.id] ?? 'unknown');
  // The server's grade, from their scores and the downlink their client reports.
  const reported = p.connection;
  return gradeRank[reported] > gradeRank[measured] ? reported : measured;
}

/**
 * The tiles of the room the person is in (the main room or their breakout room): everyone's
 * camera, then shared screens, which are what the stage emphasises first.
 */
export function stageTiles(state: CallState): StageTile[] {
  const { view } = state;
  const self = selfOf(view);
  if (!view || !self) return [];
  const people = inCall(view).filter((p) => p.breakoutRoom === self.breakoutRoom);
  // Audio only: the server paused every incoming video, so show names rather than still frames.
  const videoOf = (participantId: string, source: MediaSource) =>
    state.audioOnly
      ? undefined
      : state.remote.find(
          (t) =>
            t.participantId === participantId &&
            t.kind === 'video' &&
            t.source === source &&
            !t.paused,
        );
  const unshown = (participantId: string, source: MediaSource) =>
    state.unshown.some((t) => t.participantId === participantId && t.source === source);
  const tiles: StageTile[] = [];
  const screens: StageTile[] = [];
  for (const participant of people) {
    const isSelf = participant.id === self.id;
    const camera = isSelf ? null : videoOf(participant.id, 'camera');
    const speaking = participant.id === view.activeSpeakerId;
    tiles.push({
      key: `${participant.id}:camera`,
      participant,
      source: 'camera',
      isSelf,
      video: isSelf ? (state.local.cameraOn ? state.local.camera : null) : (camera?.track ?? null),
      consumerId: camera?.consumerId ?? null,
      speaking,
      connection: participantGrade(state, participant),
      reconnecting: participant.presence === 'reconnecting' || (isSelf && state.mediaReconnecting),
      videoUnshown: !isSelf && !state.audioOnly && !camera && unshown(participant.id, 'camera'),
      audioUnshown: !isSelf && unshown(participant.id, 'microphone'),
    });
    const screen = isSelf ? null : videoOf(participant.id, 'screen');
    const ownScreen = isSelf ? state.local.screen : null;
    const screenUnshown =
      !isSelf && !state.audioOnly && !screen && unshown(participant.id, 'screen');
    if (screen || ownScreen || screenUnshown) {
      screens.push({
        key: `${participant.id}:screen`,
        participant,
        source: 'screen',
        isSelf,
        video: ownScreen ?? screen?.track ?? null,
        consumerId: screen?.consumerId ?? null,
        speaking: false,
        connection: participantGrade(state, participant),
        reconnecting: participant.presence === 'reconnecting',
        videoUnshown: screenUnshown,
        audioUnshown: false,
      });
    }
  }
  return [...screens, ...tiles];
}

/**
 * The tile to emphasise: a shared screen first; in the speaker layout, otherwise whoever is
 * speaking (not oneself); in the grid, nobody else.
 */
export function featuredTileIndex(
  tiles: readonly StageTile[],
  layout: StageLayout = 'speaker',
): number | null {
  const screen = tiles.findIndex((t) => t.source === 'screen');
  if (screen >= 0) return screen;
  if (layout === 'grid') return null;
  const speaker = tiles.findIndex((t) => t.speaking && !t.isSelf);
  return speaker >= 0 ? speaker : null;
}

/** The remote audio tracks to play: everyone in one's room, muted ones included (they are silent). */
export function audioTracks(state: CallState): RemoteTrack[] {
  return state.remote.filter((t) => t.kind === 'audio');
}

export function networkQuality(roundTripMs: number): NetworkQuality {
  if (roundTripMs <= 150) return 'good';
  if (roundTripMs <= 400) return 'fair';
  return 'poor';
}

/** The words for a failed join, by the ack's error code. */
export function joinFailureMessage(code: string, message: string): string {
  switch (code) {
    case 'forbidden':
      // The server says which: not on this session's list, or removed from it.
      return message || 'You are not on the list for this session.';
    case 'not_found':
      return 'We could not find this session. It may have been cancelled, or the link is wrong.';
    case 'conflict':
      // The server says why: outside the join window, or the session is locked.
      return message;
    case 'unauthenticated':
      return 'Your sign-in has expired. Sign in again to join.';
    case 'timeout':
      return 'The session server did not answer. Check your connection and try again.';
    default:
      return message || 'Something went wrong while joining.';
  }
}

/** "3 min", "1 h 5 min": how long ago, for the waiting room's "since" column. */
export function formatWaited(sinceIso: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(sinceIso)) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  const rest = minutes % 60;
  return rest === 0 ? `${Math.floor(minutes / 60)} h` : `${Math.floor(minutes / 60)} h ${rest} min`;
}

/** "4:05": minutes and seconds left, never negative. */
export function formatCountdown(endsAt: number, now: number): string {
  const seconds = Math.max(0, Math.ceil((endsAt - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
