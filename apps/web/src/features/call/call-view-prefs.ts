/**
 * How the call is laid out on this device: the speaker large or everyone even, and whether one's
 * own video is a small thumbnail. Kept in localStorage like the device choices; a value that is
 * not one of ours (or storage refused) gives the default.
 */
export type StageLayout = 'speaker' | 'grid';

export interface CallViewPrefs {
  readonly layout: StageLayout;
  readonly selfMinimised: boolean;
}

export const defaultViewPrefs: CallViewPrefs = { layout: 'speaker', selfMinimised: false };

const key = 'hearth.call.view';

export function readViewPrefs(storage: Storage | undefined): CallViewPrefs {
  try {
    const raw = storage?.getItem(key);
    if (!raw) return defaultViewPrefs;
    const value = JSON.parse(raw) as Partial<Record<keyof CallViewPrefs, unknown>>;
    return {
      layout: value.layout === 'grid' ? 'grid' : 'speaker',
      selfMinimised: value.selfMinimised === true,
    };
  } catch {
    return defaultViewPrefs;
  }
}

export function writeViewPrefs(storage: Storage | undefined, prefs: CallViewPrefs): void {
  try {
    storage?.setItem(key, JSON.stringify(prefs));
  } catch {
    // Storage refused (a private mode): the choice holds for this call.
  }
}

/** A keyboard shortcut of the call: Alt with a letter, as in the meeting apps people know. */
export interface CallShortcut {
  readonly id: 'microphone' | 'camera' | 'hand' | 'panel';
  /** KeyboardEvent.code, so the shortcut is the same key whatever the keyboard layout types. */
  readonly code: string;
  readonly keys: string;
  readonly does: string;
}

export const callShortcuts: readonly CallShortcut[] = [
  { id: 'microphone', code: 'KeyA', keys: 'Alt + A', does: 'Microphone on or off' },
  { id: 'camera', code: 'KeyV', keys: 'Alt + V', does: 'Camera on or off' },
  { id: 'hand', code: 'KeyY', keys: 'Alt + Y', does: 'Raise or lower your hand' },
  { id: 'panel', code: 'KeyP', keys: 'Alt + P', does: 'Show or hide the side panel' },
];

/** Shift + / ("?") opens the list of shortcuts. */
export const helpShortcut = { keys: '?', does: 'This list of shortcuts' } as const;

/** Which shortcut a key press is, if any; typing in a field is never a shortcut. */
export function shortcutOf(
  event: Pick<KeyboardEvent, 'code' | 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>,
  inTextField: boolean,
): CallShortcut['id'] | 'help' | null {
  if (inTextField) return null;
  if (event.key === '?' && !event.altKey && !event.ctrlKey && !event.metaKey) return 'help';
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  return callShortcuts.find((s) => s.code === event.code)?.id ?? null;
}
