// The look of a button, apart from its behaviour: pages on the first load (the header's Sign
// out) use it on a plain <button> without bringing the accessible-controls library along.
import './button.css';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'quiet';

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
