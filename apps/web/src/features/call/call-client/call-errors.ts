import { LiveRequestError } from './live-connection';

/** The words of an error for a command that did not go through. */
export function errorText(error: unknown): string {
  if (error instanceof LiveRequestError) return error.message;
  return error instanceof Error ? error.message : 'Something went wrong.';
}
