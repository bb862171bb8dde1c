import { useEffect, useRef } from 'react';
import { shortcutOf, type CallShortcut } from '../call-view-prefs';

export type ShortcutHandlers = Record<CallShortcut['id'] | 'help', () => void>;

/** Whether a key press lands where a person types (a text box, a list, an editable area). */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset'].includes(type);
}

/** The call's keyboard shortcuts, for as long as the call view is on the page. */
export function useCallShortcuts(handlers: ShortcutHandlers): void {
  // The latest handlers, without adding and removing the listener on every render.
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.repeat || event.defaultPrevented) return;
      const which = shortcutOf(event, typingIn(event.target));
      if (!which) return;
      // A dialog (the shortcuts list itself, a confirmation) has the keyboard to itself.
      if (which !== 'help' && document.querySelector('[role="dialog"],[role="alertdialog"]'))
        return;
      event.preventDefault();
      latest.current[which]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
