import { ApiError, type identityRoutes, type RouteOutput } from '@hearth/contracts';
import { networkFailureMessage } from '../forms/form-errors';

export type InvitationPreview = RouteOutput<typeof identityRoutes.previewInvitation>;

export type PreviewState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly preview: InvitationPreview }
  /** Unknown, used, revoked or expired: the API does not say which, and neither do we. */
  | { readonly kind: 'invalid' }
  | { readonly kind: 'failed'; readonly message: string };

export const invalidInvitationMessage =
  'This invitation link is not valid or has expired. Please ask your practice to send you a new one.';

export function previewFailure(error: unknown): PreviewState {
  // A 400 is a token of the wrong shape, usually a link cut short when it was copied.
  if (error instanceof ApiError && (error.status === 404 || error.status === 400)) {
    return { kind: 'invalid' };
  }
  if (error instanceof ApiError && error.status < 500)
    return { kind: 'failed', message: error.message };
  return { kind: 'failed', message: networkFailureMessage };
}
