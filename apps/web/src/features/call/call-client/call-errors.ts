import { LiveRequestError } from './live-connection';
import { logMediaError } from './media-errors';

/**
 * The server's words for a refused request (they are written for people); anything else (a
 * browser or mediasoup-client exception) goes to the console and gives an empty string.
 */
export function errorText(error: unknown): string {
  if (error instanceof LiveRequestError) {
    return error.code === 'timeout' ? 'The session server did not answer in time.' : error.message;
  }
  logMediaError('call', error);
  return '';
}

/** "Could not mute them: <the server's reason>", or a plain "Please try again". */
export function commandFailure(what: string, error: unknown): string {
  const why = errorText(error);
  return why ? `${what}: ${why}` : `${what}. Please try again.`;
}
