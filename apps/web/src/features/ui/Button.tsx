import type { ReactNode } from 'react';
import { Button as AriaButton, type ButtonProps as AriaButtonProps } from 'react-aria-components';
import './button.css';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'quiet';

export interface ButtonProps extends Omit<AriaButtonProps, 'className' | 'children'> {
  readonly variant?: ButtonVariant;
  readonly size?: 'normal' | 'small';
  readonly className?: string;
  readonly children: ReactNode;
}

/** The class list a button (or a link that looks like one) of this variant and size wears. */
export function buttonClass(
  variant: ButtonVariant = 'primary',
  size: 'normal' | 'small' = 'normal',
  extra?: string,
): string {
  return [
    'button',
    variant === 'primary' ? '' : `button--${variant}`,
    size === 'small' ? 'button--small' : '',
    extra ?? '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** A button: Enter, Space, a click or a tap press it; `isDisabled` keeps it out of reach. */
export function Button({ variant, size, className, children, ...props }: ButtonProps) {
  return (
    <AriaButton {...props} className={buttonClass(variant, size, className)}>
      {children}
    </AriaButton>
  );
}
