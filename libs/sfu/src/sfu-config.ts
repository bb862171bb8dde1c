import { availableParallelism } from 'node:os';
import type { types } from 'mediasoup';
import { SfuError } from './sfu-error';

/** Log level of the mediasoup worker processes. */
export type SfuWorkerLogLevel = types.WorkerLogLevel;

/** A tag of mediasoup worker log lines (only useful with `debug` or `warn`). */
export type SfuWorkerLogTag = types.WorkerLogTag;

/** An inclusive range of UDP/TCP ports. */
export interface SfuPortRange {
  readonly min: number;
  readonly max: number;
}

/** Where the SFU listens and what it tells clients to connect to. */
export interface SfuListenConfig {
  /** IP the sockets bind to: `0.0.0.0` in a container, `127.0.0.1` in tests. */
  readonly ip: string;
  /**
   * Public IP or hostname put into ICE candidates when the SFU sits behind NAT (the bound `ip` is
   * then private and useless to clients). Unset: candidates carry `ip`.
   */
  readonly announcedAddress?: string;
  /**
   * Port of worker 0's WebRtcServer; worker `i` listens on `webRtcServerPort + i` (UDP, and TCP on
   * the same number). 0 lets the OS pick a free port for every server (tests, or a setup where the
   * ports need not be opened in a firewall).
   */
  readonly webRtcServerPort: number;
  /** Also accept ICE over TCP, for clients whose network blocks UDP. */
  readonly enableTcp: boolean;
  /**
   * Ports for transports that are not on a WebRtcServer (plain RTP for benchmarks and tools).
   * Unset: any free port.
   */
  readonly rtcPortRange?: SfuPortRange;
}

/** The SFU's settings, complete and validated: see {@link resolveSfuConfig}. */
export interface SfuConfig {
  /** How many mediasoup workers (processes) to run; one per core by default. */
  readonly workerCount: number;
  readonly workerLogLevel: SfuWorkerLogLevel;
  readonly workerLogTags: readonly SfuWorkerLogTag[];
  readonly listen: SfuListenConfig;
  /** Codecs every room's Router offers, in order of preference. */
  readonly mediaCodecs: readonly types.RouterRtpCodecCapability[];
  /** Bitrate a new WebRtcTransport assumes it may send before bandwidth estimation knows better. */
  readonly initialAvailableOutgoingBitrate: number;
  /** Upper bound on what one client's send transport may push into the SFU (bps). */
  readonly maxIncomingBitrate: number;
  /** How often the active-speaker observer re-evaluates who speaks (ms). */
  readonly activeSpeakerIntervalMs: number;
  /**
   * Step a consumer one simulcast layer down while its sender's stream arrives lossy, and back
   * up once it is clean (see loss-layers.ts). Off only where loss is not a network's (a
   * synthetic sender that answers no retransmission request).
   */
  readonly lossLayers: boolean;
  /**
   * Dynacast: tell each sender which of its simulcast layers anyone receives, so its browser
   * stops encoding and sending the others (see dynacast.ts). Off: every layer is always sent.
   */
  readonly dynacast: boolean;
}

/** What a caller may override; everything else takes the defaults. */
export type SfuConfigInput = Partial<Omit<SfuConfig, 'listen'>> & {
  readonly listen?: Partial<SfuListenConfig>;
};

/**
 * The Router codecs, in preference order: Opus for voice (with in-band FEC and DTX); VP8 first for video because every
 * browser simulcasts it and mediasoup switches its layers without help from the client; VP9
 * profile 0 and constrained-baseline H264 so Safari and hardware encoders still have a match.
 */
export const DEFAULT_MEDIA_CODECS: readonly types.RouterRtpCodecCapability[] = [
  // In-band FEC rebuilds a lost packet from the next one; DTX sends almost nothing in silence.
  {
    kind: 'audio',
    mimeType: 'audio/opus',
    clockRate: 48000,
    channels: 2,
    parameters: { useinbandfec: 1, usedtx: 1 },
  },
  {
    kind: 'video',
    mimeType: 'video/VP8',
    clockRate: 90000,
    parameters: { 'x-google-start-bitrate': 1000 },
  },
  {
    kind: 'video',
    mimeType: 'video/VP9',
    clockRate: 90000,
    parameters: { 'profile-id': 0, 'x-google-start-bitrate': 1000 },
  },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: {
      'packetization-mode': 1,
      'profile-level-id': '42e01f',
      'level-asymmetry-allowed': 1,
      'x-google-start-bitrate': 1000,
    },
  },
];

/** Defaults: one worker per core, listening on every interface from port 44444 upwards. */
export function defaultSfuConfig(): SfuConfig {
  return {
    workerCount: availableParallelism(),
    workerLogLevel: 'warn',
    workerLogTags: [],
    listen: { ip: '0.0.0.0', webRtcServerPort: 44444, enableTcp: true },
    mediaCodecs: DEFAULT_MEDIA_CODECS,
    // 1 Mbps lets a 640×360 camera layer start at once; BWE raises or lowers it within seconds.
    initialAvailableOutgoingBitrate: 1_000_000,
    // Three simulcast layers (~1.7 Mbps) plus a screen share fit; more is a misbehaving client.
    maxIncomingBitrate: 5_000_000,
    activeSpeakerIntervalMs: 300,
    lossLayers: true,
    dynacast: true,
  };
}

/**
 * Fills the defaults into `input` and validates the result once, at start-up, into a read-only
 * object. Throws an {@link SfuError} `invalid_config` whose message names every bad field.
 */
export function resolveSfuConfig(input: SfuConfigInput = {}): SfuConfig {
  const defaults = defaultSfuConfig();
  const config: SfuConfig = {
    ...defaults,
    ...stripUndefined(input),
    listen: { ...defaults.listen, ...stripUndefined(input.listen ?? {}) },
  };
  const problems = configProblems(config);
  if (problems.length > 0) {
    throw new SfuError('invalid_config', `Invalid SFU configuration: ${problems.join('; ')}`, {
      problems,
    });
  }
  return deepFreeze(config);
}

const logLevels: readonly SfuWorkerLogLevel[] = ['debug', 'warn', 'error', 'none'];

function configProblems(config: SfuConfig): string[] {
  const problems: string[] = [];
  const { listen } = config;
  if (!Number.isInteger(config.workerCount) || config.workerCount < 1) {
    problems.push('workerCount must be a whole number of at least 1');
  }
  if (!logLevels.includes(config.workerLogLevel)) {
    problems.push(`workerLogLevel must be one of ${logLevels.join(', ')}`);
  }
  if (typeof listen.ip !== 'string' || listen.ip.trim() === '') {
    problems.push('listen.ip must be an IP address');
  }
  if (listen.announcedAddress !== undefined && listen.announcedAddress.trim() === '') {
    problems.push('listen.announcedAddress must not be empty when given');
  }
  if (!isPort(listen.webRtcServerPort)) {
    problems.push('listen.webRtcServerPort must be a port number (0 picks free ports)');
  } else if (
    listen.webRtcServerPort !== 0 &&
    Number.isInteger(config.workerCount) &&
    listen.webRtcServerPort + config.workerCount - 1 > 65535
  ) {
    problems.push('listen.webRtcServerPort + workerCount - 1 must not exceed 65535');
  }
  if (listen.rtcPortRange !== undefined) {
    const { min, max } = listen.rtcPortRange;
    if (!isPort(min) || !isPort(max) || min < 1 || min > max) {
      problems.push('listen.rtcPortRange must be two ports with 1 <= min <= max');
    }
  }
  if (config.mediaCodecs.length === 0) {
    problems.push('mediaCodecs must name at least one codec');
  }
  for (const key of [
    'initialAvailableOutgoingBitrate',
    'maxIncomingBitrate',
    'activeSpeakerIntervalMs',
  ] as const) {
    if (!Number.isFinite(config[key]) || config[key] <= 0) {
      problems.push(`${key} must be a positive number`);
    }
  }
  return problems;
}

function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 65535;
}

// An explicit `undefined` from a caller (for example an unset environment variable) must not
// overwrite a default.
function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const entry of Object.values(value)) deepFreeze(entry);
  }
  return value;
}
