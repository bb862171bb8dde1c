import { LIVE_SOCKET_PATH, type LiveClientEvents, type LiveServerEvents } from '@hearth/contracts';
import { Device } from 'mediasoup-client';
import { io, type Socket } from 'socket.io-client';
import { browserNoiseSuppressor } from '../processing/audio-microphone';
import { backgroundStore, processCameraTracks } from '../processing/video-background';
import { reportedEffect } from '../processing/video-effect';
import { storagePreferences } from './audio-only';
import { fetchIceServers } from './ice-servers';
import { createCallClient, type CallAuth, type CallClient } from './call-client';
import { createFrameCryptor } from './frame-cryptor';
import type { LiveConnection, LiveConnectionFactory } from './live-connection';
import type { CallMediaDeps, MediaDevice } from './media-types';

/** The live gateway over socket.io, on this page's origin (Vite proxies it in development). */
export const socketIoConnection: LiveConnectionFactory = ({ token, url, sessionId }) => {
  const socket: Socket<LiveServerEvents, LiveClientEvents> = io(url ?? window.location.origin, {
    path: LIVE_SOCKET_PATH,
    // What a reverse proxy in front of several nodes routes on (docker/nginx/hearth-nodes.conf).
    query: { session: sessionId },
    // A function, so that every reconnection attempt presents the newest access token.
    auth: (callback) => callback({ token: token() }),
    transports: ['websocket'],
    autoConnect: false,
    // Back soon after a node stops or crashes (the proxy sends the next attempt to another node):
    // the first attempt after about half a second, then at most 2 s apart (±50%, so that a
    // session's people do not all arrive at once).
    reconnectionDelay: 500,
    reconnectionDelayMax: 2000,
  });
  const connection: LiveConnection = {
    connect: () => void socket.connect(),
    close() {
      socket.removeAllListeners();
      socket.disconnect();
    },
    emit(event, payload, ack) {
      // socket.io's overloads cannot follow a generic event name; the contract types both ends.
      (socket.emit as (e: string, p: unknown, a: (answer: never) => void) => void)(
        event,
        payload,
        ack as (answer: never) => void,
      );
    },
    on(event, listener) {
      (socket.on as (e: string, l: (...args: never[]) => void) => void)(
        event,
        listener as (...args: never[]) => void,
      );
    },
    onConnection(listener) {
      socket.on('connect', () => listener({ type: 'connect' }));
      socket.on('disconnect', (reason) =>
        listener({ type: 'disconnect', reason, willReconnect: socket.active }),
      );
      socket.on('connect_error', (error) =>
        listener({ type: 'connect_error', message: error.message, willRetry: socket.active }),
      );
    },
  };
  return connection;
};

/** Cameras, microphones, screens and mediasoup's Device, as this browser offers them. */
export const browserMedia: CallMediaDeps = {
  createDevice: async (): Promise<MediaDevice> => Device.factory(),
  // A camera goes out through the background effect when one is chosen (the raw one stays here).
  captureTracks: async (constraints) =>
    processCameraTracks((await navigator.mediaDevices.getUserMedia(constraints)).getTracks()),
  captureScreen: async () =>
    (await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false })).getTracks(),
  enumerateDevices: () => navigator.mediaDevices.enumerateDevices(),
  noiseSuppressor: browserNoiseSuppressor,
};

/** Reading localStorage throws where the browser blocks site data. */
function localStorageOrNone(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** A call client for one session in this browser. */
export function createBrowserCallClient(sessionId: string, auth: CallAuth): CallClient {
  return createCallClient({
    sessionId,
    auth,
    connect: socketIoConnection,
    iceServers: () => fetchIceServers(auth),
    preferences: storagePreferences(localStorageOrNone()),
    // The server hears blurred, replaced or as it is; never which picture.
    background: {
      get: () => ({ effect: reportedEffect(backgroundStore.get().effect) }),
      subscribe: backgroundStore.subscribe,
    },
    createFrameCryptor,
    ...browserMedia,
  });
}
