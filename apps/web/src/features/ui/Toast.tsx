import {
  Button as AriaButton,
  Text,
  UNSTABLE_Toast as AriaToast,
  UNSTABLE_ToastContent as ToastContent,
  UNSTABLE_ToastQueue as ToastQueue,
  UNSTABLE_ToastRegion as ToastRegion,
} from 'react-aria-components';
import './toast.css';

/** What a toast says: a short title and, optionally, one more sentence. */
export interface ToastMessage {
  readonly title: string;
  readonly description?: string;
}

/** The app's one queue of short notices ("Profile saved."); each closes itself after a while. */
export const toasts = new ToastQueue<ToastMessage>({ maxVisibleToasts: 3 });

/** Shows a notice for `timeout` ms (5 s by default; at least 5 s so there is time to read it). */
export function showToast(message: ToastMessage, timeout = 6000): void {
  toasts.add(message, { timeout: Math.max(5000, timeout) });
}

/** Where the notices appear: one region, a landmark screen-reader users can jump to (F6). */
export function Toasts() {
  return (
    <ToastRegion queue={toasts} className="toasts" aria-label="Notifications">
      {({ toast }) => (
        <AriaToast toast={toast} className="toast">
          <ToastContent className="toast__content">
            <Text slot="title" className="toast__title">
              {toast.content.title}
            </Text>
            {toast.content.description ? (
              <Text slot="description">{toast.content.description}</Text>
            ) : null}
          </ToastContent>
          <AriaButton slot="close" className="toast__close" aria-label="Dismiss">
            <span aria-hidden="true">×</span>
          </AriaButton>
        </AriaToast>
      )}
    </ToastRegion>
  );
}
