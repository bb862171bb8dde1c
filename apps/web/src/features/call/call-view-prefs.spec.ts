import { describe, expect, it } from 'vitest';
import { defaultViewPrefs, readViewPrefs, shortcutOf, writeViewPrefs } from './call-view-prefs';
import { memoryStorage } from '../../testing/memory-storage';

describe('call view preferences', () => {
  it('keeps the layout and the self view on the device, and ignores what is not ours', () => {
    const storage = memoryStorage();
    expect(readViewPrefs(storage)).toEqual(defaultViewPrefs);
    writeViewPrefs(storage, { layout: 'grid', selfMinimised: true });
    expect(readViewPrefs(storage)).toEqual({ layout: 'grid', selfMinimised: true });
    storage.setItem('hearth.call.view', '{"layout":"cinema","selfMinimised":"yes"}');
    expect(readViewPrefs(storage)).toEqual(defaultViewPrefs);
    storage.setItem('hearth.call.view', 'not json');
    expect(readViewPrefs(storage)).toEqual(defaultViewPrefs);
  });

  it('holds the choice for the call when storage is refused', () => {
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    } as unknown as Storage;
    expect(() => writeViewPrefs(refusing, defaultViewPrefs)).not.toThrow();
    expect(readViewPrefs(refusing)).toEqual(defaultViewPrefs);
  });
});

describe('call shortcuts', () => {
  const press = (code: string, more: Partial<KeyboardEvent> = {}) => ({
    code,
    key: '',
    altKey: true,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    ...more,
  });

  it('knows Alt with a letter by the key, whatever the layout types', () => {
    expect(shortcutOf(press('KeyA', { key: 'å' }), false)).toBe('microphone');
    expect(shortcutOf(press('KeyV'), false)).toBe('camera');
    expect(shortcutOf(press('KeyY'), false)).toBe('hand');
    expect(shortcutOf(press('KeyP'), false)).toBe('panel');
    expect(shortcutOf(press('KeyQ'), false)).toBeNull();
  });

  it('leaves typing, other modifiers and plain letters alone', () => {
    expect(shortcutOf(press('KeyA'), true)).toBeNull();
    expect(shortcutOf(press('KeyA', { ctrlKey: true }), false)).toBeNull();
    expect(shortcutOf(press('KeyA', { altKey: false, key: 'a' }), false)).toBeNull();
    expect(shortcutOf(press('Slash', { altKey: false, shiftKey: true, key: '?' }), false)).toBe(
      'help',
    );
    expect(shortcutOf(press('Slash', { altKey: false, key: '?' }), true)).toBeNull();
  });
});
