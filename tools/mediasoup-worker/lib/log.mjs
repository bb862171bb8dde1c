// Output helpers. Everything is prefixed so that, in the middle of `npm ci` output, it is clear
// which step is talking and that it is still alive.

export const TAG = '[mediasoup-worker]';

export function log(message) {
  console.log(`${TAG} ${message}`);
}

export function warn(message) {
  console.warn(`${TAG} WARNING: ${message}`);
}

// A failure whose message is complete for the person reading the install log; the entry point
// prints it without a stack trace.
export class StepError extends Error {}

export function formatDuration(ms) {
  const seconds = Math.round(ms / 1000);

  if (seconds < 60) {
    return `${seconds}s`;
  }

  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}
