import type { ReactNode } from 'react';
import {
  Button as AriaButton,
  Menu as AriaMenu,
  MenuItem,
  MenuTrigger,
  Popover,
  type Key,
} from 'react-aria-components';
import './menu.css';

export interface MenuEntry {
  readonly id: string;
  readonly label: ReactNode;
  /** A link: the entry navigates (through the router provider) instead of calling onAction. */
  readonly href?: string;
  /** Plain text of the label, for type-ahead, when the label is not a string. */
  readonly textValue?: string;
  readonly current?: boolean;
}

/**
 * A button that opens a list of actions or links: arrow keys move, Enter chooses, Escape closes
 * and returns focus to the button.
 */
export function Menu({
  label,
  trigger,
  items,
  onAction,
  className,
}: {
  /** The trigger's accessible name. */
  label: string;
  /** What the trigger shows. */
  trigger: ReactNode;
  items: readonly MenuEntry[];
  onAction?: (id: string) => void;
  /** Replaces the trigger's own look. */
  className?: string;
}) {
  return (
    <MenuTrigger>
      <AriaButton aria-label={label} className={className ?? 'menu-trigger'}>
        {trigger}
      </AriaButton>
      <Popover className="menu-popover" placement="bottom end">
        <AriaMenu
          className="menu"
          {...(onAction ? { onAction: (key: Key) => onAction(String(key)) } : {})}
        >
          {items.map((item) => (
            <MenuItem
              key={item.id}
              id={item.id}
              className="menu__item"
              {...(item.href ? { href: item.href } : {})}
              {...(item.current ? { 'aria-current': 'page' as const } : {})}
              textValue={item.textValue ?? (typeof item.label === 'string' ? item.label : item.id)}
            >
              {item.label}
            </MenuItem>
          ))}
        </AriaMenu>
      </Popover>
    </MenuTrigger>
  );
}
