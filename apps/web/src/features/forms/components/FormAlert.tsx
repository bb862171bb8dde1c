import type { RefObject } from 'react';

/**
 * A form-level problem (wrong password, too many attempts, no network). The region is always
 * rendered, empty until needed, so assistive technology announces the message when it appears.
 */
export function FormAlert({
  message,
  alertRef,
}: {
  message: string | undefined;
  alertRef: RefObject<HTMLDivElement | null>;
}) {
  return (
    <div className="form-alert" role="alert" ref={alertRef} tabIndex={-1}>
      {message ?? ''}
    </div>
  );
}
