import type { types } from 'mediasoup-client';

// The parts of mediasoup-client and the browser's media APIs the call client uses, so that
// tests can stand in fakes. The real classes satisfy these shapes (see browser-call-deps.ts).

export interface LocalProducer {
  readonly id: string;
  readonly kind: 'audio' | 'video';
  readonly track: MediaStreamTrack | null;
  readonly paused: boolean;
  readonly closed: boolean;
  /** The browser's sender of the track (simulcast encodings are turned on and off on it). */
  readonly rtpSender?: RTCRtpSender | undefined;
  pause(): void;
  resume(): void;
  replaceTrack(options: { track: MediaStreamTrack | null }): Promise<void>;
  close(): void;
}

export interface RemoteConsumer {
  readonly id: string;
  readonly kind: 'audio' | 'video';
  readonly track: MediaStreamTrack;
  readonly closed: boolean;
  getStats(): Promise<RTCStatsReport>;
  close(): void;
}

export type ProduceAppData = { source: 'camera' | 'microphone' | 'screen'; paused: boolean };

export interface MediaTransport {
  readonly id: string;
  readonly closed: boolean;
  on(
    event: 'connect',
    listener: (
      parameters: { dtlsParameters: types.DtlsParameters },
      callback: () => void,
      errback: (error: Error) => void,
    ) => void,
  ): unknown;
  on(
    event: 'produce',
    listener: (
      parameters: {
        kind: 'audio' | 'video';
        rtpParameters: types.RtpParameters;
        appData: types.AppData;
      },
      callback: (result: { id: string }) => void,
      errback: (error: Error) => void,
    ) => void,
  ): unknown;
  on(event: 'connectionstatechange', listener: (state: types.ConnectionState) => void): unknown;
  produce(options: types.ProducerOptions<ProduceAppData>): Promise<LocalProducer>;
  consume(options: types.ConsumerOptions): Promise<RemoteConsumer>;
  restartIce(options: { iceParameters: types.IceParameters }): Promise<void>;
  getStats(): Promise<RTCStatsReport>;
  close(): void;
}

export interface MediaDevice {
  load(options: { routerRtpCapabilities: types.RtpCapabilities }): Promise<void>;
  readonly rtpCapabilities: types.RtpCapabilities;
  createSendTransport(options: types.TransportOptions): MediaTransport;
  createRecvTransport(options: types.TransportOptions): MediaTransport;
}

/** The browser's media: a mediasoup Device per media set-up, cameras, microphones and screens. */
export interface CallMediaDeps {
  createDevice(): Promise<MediaDevice>;
  /** getUserMedia, as its tracks. */
  captureTracks(constraints: MediaStreamConstraints): Promise<MediaStreamTrack[]>;
  /** getDisplayMedia, as its tracks. */
  captureScreen(): Promise<MediaStreamTrack[]>;
  enumerateDevices(): Promise<MediaDeviceInfo[]>;
  /** Takes the noise out of the microphone before it is sent; without it, the raw track goes. */
  noiseSuppressor?: NoiseSuppressor;
}

/** Noise suppression on this device (RNNoise in an AudioWorklet in the browser). */
export interface NoiseSuppressor {
  /** Loads it once per page; false where this browser cannot run it. */
  load(): Promise<boolean>;
  /** The track to send for a raw microphone track; throws if it cannot start. */
  apply(raw: MediaStreamTrack): Promise<MediaStreamTrack>;
  /** The microphone behind a sent track (the track itself when it was not processed). */
  rawOf(track: MediaStreamTrack): MediaStreamTrack;
  /** Stops a sent track and everything feeding it, the microphone too. */
  stop(track: MediaStreamTrack): void;
}
