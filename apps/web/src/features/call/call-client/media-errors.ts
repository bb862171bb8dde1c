import type { MediaProblem } from '../call-state';
import { LiveRequestError } from './live-connection';

// Plain words for what goes wrong with audio and video. The browser's and mediasoup-client's own
// messages ("Failed to set remote answer sdp: …", "ICE failed") mean nothing to a person in a
// therapy session; they go to the console for whoever supports them, never onto the screen.

const nameOf = (error: unknown): string =>
  error instanceof Error || (typeof DOMException !== 'undefined' && error instanceof DOMException)
    ? error.name
    : '';

const messageOf = (error: unknown): string =>
  error instanceof Error || (typeof DOMException !== 'undefined' && error instanceof DOMException)
    ? error.message
    : String(error);

/** Keeps the raw error for support, in the console only (it carries no personal data). */
export function logMediaError(context: string, error: unknown): void {
  // The one place raw media errors go: the console, for whoever supports the person.
  // eslint-disable-next-line no-console
  console.warn(`[call] ${context}:`, nameOf(error) || 'error', messageOf(error));
}

export const networkBlocksMedia: MediaProblem = {
  summary: 'Your audio and video cannot get through this network.',
  advice:
    'Try another network: switch from office or public Wi-Fi to your home Wi-Fi or your phone’s hotspot, or turn off a VPN. Then choose “Try again”.',
};

const serverSilent: MediaProblem = {
  summary: 'The session server did not answer in time.',
  advice: 'Check that you are online, then choose “Try again”.',
};

const unsupported: MediaProblem = {
  summary: 'This browser cannot take part in video sessions.',
  advice: 'Open this page in an up-to-date Chrome, Edge, Firefox or Safari.',
};

const generic: MediaProblem = {
  summary: 'Your audio and video could not be set up.',
  advice:
    'Choose “Try again”. If it happens again, reload the page, or try another browser or network.',
};

/** The session encrypts its media end to end and this browser cannot (see media-session.ts). */
export const E2EE_UNSUPPORTED = 'E2eeUnsupportedError';
const e2eeUnsupported: MediaProblem = {
  summary: 'This browser cannot encrypt calls, and this session is end-to-end encrypted.',
  advice: 'Join with a current Chrome, Edge, Firefox or Safari.',
};

/** What went wrong setting up or keeping the media (transports, SDP, ICE), in plain words. */
export function describeMediaFailure(error: unknown): MediaProblem {
  if (nameOf(error) === E2EE_UNSUPPORTED) return e2eeUnsupported;
  if (error instanceof LiveRequestError) {
    if (error.code === 'timeout' || error.code === 'unreachable') return serverSilent;
    if (error.code === 'rate_limited') {
      return {
        summary: 'The session server is busy.',
        advice: 'Wait a moment, then choose “Try again”.',
      };
    }
    return generic;
  }
  const name = nameOf(error);
  const message = messageOf(error).toLowerCase();
  if (name === 'UnsupportedError' || message.includes('not supported')) return unsupported;
  if (
    message.includes('ice') ||
    message.includes('dtls') ||
    message.includes('connection failed')
  ) {
    return networkBlocksMedia;
  }
  return generic;
}

type DeviceWord = 'camera' | 'microphone';

/** What went wrong with a camera or microphone (getUserMedia), by the DOMException's name. */
export function describeDeviceError(error: unknown, what: DeviceWord): string {
  switch (nameOf(error)) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
      return `Hearth is not allowed to use your ${what}. Select the ${what} or lock icon in the address bar, allow the ${what} for this site, then try again.`;
    case 'SecurityError':
      return `Your browser blocks the ${what} on this page. Open Hearth from its usual https address, or allow the ${what} in the browser's settings.`;
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return `No ${what} was found. Check that it is plugged in and switched on, then try again.`;
    case 'OverconstrainedError':
      return `The ${what} you chose is no longer available. Pick another one in the settings, or plug it back in.`;
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return `Your ${what} is being used by another app, such as another video call. Close that app (or its browser tab), then try again.`;
    default:
      return `Your ${what} could not be started. Check that it works in another app, then try again.`;
  }
}
