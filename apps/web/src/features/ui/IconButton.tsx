import type { ReactNode } from 'react';
import { Button as AriaButton, type ButtonProps as AriaButtonProps } from 'react-aria-components';
import './button.css';

export interface IconButtonProps extends Omit<AriaButtonProps, 'className' | 'children'> {
  /** What the button does, read by screen readers and shown as a tooltip. */
  readonly label: string;
  /** The picture; hidden from screen readers, which read `label`. */
  readonly icon: ReactNode;
  readonly className?: string;
}

/** A button that shows only an icon: square, at least one tap wide, named by `label`. */
export function IconButton({ label, icon, className, ...props }: IconButtonProps) {
  return (
    <AriaButton
      {...props}
      aria-label={label}
      className={['icon-button', className ?? ''].filter(Boolean).join(' ')}
    >
      <span aria-hidden="true" className="icon-button__icon" title={label}>
        {icon}
      </span>
    </AriaButton>
  );
}
