import type { ReactNode } from 'react';
import {
  Dialog as AriaDialog,
  DialogTrigger,
  Heading,
  Modal,
  ModalOverlay,
} from 'react-aria-components';
import { Button } from './Button';
import './dialog.css';

export { DialogTrigger };

export interface DialogProps {
  readonly title: string;
  /** The content; given `close`, it can end the dialog from inside. */
  readonly children: ReactNode | ((close: () => void) => ReactNode);
  /** Controlled use; leave out inside a DialogTrigger. */
  readonly isOpen?: boolean;
  readonly onOpenChange?: (open: boolean) => void;
  /** 'alertdialog' for a question that must be answered (Escape still cancels). */
  readonly role?: 'dialog' | 'alertdialog';
  /** The label of the button that closes it; none when the content has its own. */
  readonly closeLabel?: string | null;
}

/**
 * A modal dialog: focus moves in and stays in while it is open, Escape closes it, and focus
 * goes back where it was when it closes.
 */
export function Dialog({
  title,
  children,
  isOpen,
  onOpenChange,
  role = 'dialog',
  closeLabel = 'Close',
}: DialogProps) {
  const controlled = isOpen === undefined ? {} : { isOpen };
  return (
    <ModalOverlay
      className="dialog-overlay"
      isDismissable={role === 'dialog'}
      {...controlled}
      {...(onOpenChange ? { onOpenChange } : {})}
    >
      <Modal className="dialog-modal">
        <AriaDialog className="dialog" role={role}>
          {({ close }) => (
            <>
              <Heading slot="title" className="dialog__title">
                {title}
              </Heading>
              <div className="dialog__body">
                {typeof children === 'function' ? children(close) : children}
              </div>
              {closeLabel ? (
                <div className="dialog__actions">
                  <Button variant="secondary" onPress={close}>
                    {closeLabel}
                  </Button>
                </div>
              ) : null}
            </>
          )}
        </AriaDialog>
      </Modal>
    </ModalOverlay>
  );
}
