import { act, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { devicePreferences, rememberedChoice, useRememberedDevice } from './device-preferences';

/** A Storage like the browser's, in memory; `refuse` makes every call throw, as private modes may. */
function storage(refuse = false): Storage {
  const items = new Map<string, string>();
  const guard = () => {
    if (refuse) throw new DOMException('refused', 'SecurityError');
  };
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    key: (i) => [...items.keys()][i] ?? null,
    getItem: (k) => (guard(), items.get(k) ?? null),
    setItem: (k, v) => (guard(), void items.set(k, v)),
    removeItem: (k) => (guard(), void items.delete(k)),
  };
}

describe('device preferences', () => {
  it('keeps each kind of device apart, across page loads on the same browser', () => {
    const kept = storage();
    const first = devicePreferences(kept);
    first.set('microphone', 'mic-usb');
    first.set('camera', 'cam-desk');
    first.set('speaker', 'headset');
    const next = devicePreferences(kept);
    expect(next.get('microphone')).toBe('mic-usb');
    expect(next.get('camera')).toBe('cam-desk');
    expect(next.get('speaker')).toBe('headset');
    expect(kept.getItem('hearth.call.device.camera')).toBe('cam-desk');
  });

  it('forgets a choice when told, so the default is used again', () => {
    const kept = storage();
    const prefs = devicePreferences(kept);
    prefs.set('camera', 'cam-desk');
    prefs.set('camera', null);
    expect(devicePreferences(kept).get('camera')).toBeNull();
  });

  it('holds a choice for the page when storage is refused or absent', () => {
    for (const place of [storage(true), undefined]) {
      const prefs = devicePreferences(place);
      expect(prefs.get('microphone')).toBeNull();
      prefs.set('microphone', 'mic-usb');
      expect(prefs.get('microphone')).toBe('mic-usb');
    }
  });

  it('ignores a stored value that cannot be a device id', () => {
    const kept = storage();
    kept.setItem('hearth.call.device.camera', '');
    kept.setItem('hearth.call.device.microphone', 'x'.repeat(600));
    expect(devicePreferences(kept).get('camera')).toBeNull();
    expect(devicePreferences(kept).get('microphone')).toBeNull();
  });

  it('picks the remembered device only while it is plugged in', () => {
    const devices = [{ id: 'default' }, { id: 'mic-usb' }];
    expect(rememberedChoice('mic-usb', devices)).toBe('mic-usb');
    // Unplugged: the default, quietly.
    expect(rememberedChoice('mic-gone', devices)).toBeNull();
    expect(rememberedChoice(null, devices)).toBeNull();
    expect(rememberedChoice('mic-usb', [])).toBeNull();
  });
});

describe('useRememberedDevice', () => {
  const mics = [{ id: 'default' }, { id: 'mic-usb' }];

  it('selects the remembered device once the list arrives, and remembers a new choice', () => {
    window.localStorage.setItem('hearth.call.device.microphone', 'mic-usb');
    const select = vi.fn();
    const { result, rerender } = renderHook(
      ({ options }: { options: readonly { id: string }[] }) =>
        useRememberedDevice('microphone', options, 'default', select),
      { initialProps: { options: [] as readonly { id: string }[] } },
    );
    // Before permission the list is empty: nothing to pick yet.
    expect(select).not.toHaveBeenCalled();
    rerender({ options: mics });
    expect(select).toHaveBeenCalledTimes(1);
    expect(select).toHaveBeenLastCalledWith('mic-usb');
    rerender({ options: [...mics] });
    expect(select).toHaveBeenCalledTimes(1);
    act(() => result.current('default'));
    expect(select).toHaveBeenLastCalledWith('default');
    expect(window.localStorage.getItem('hearth.call.device.microphone')).toBe('default');
    window.localStorage.clear();
  });

  it('keeps the default quietly when the remembered device is gone', () => {
    window.localStorage.setItem('hearth.call.device.camera', 'cam-unplugged');
    const select = vi.fn();
    renderHook(() => useRememberedDevice('camera', mics, 'default', select));
    expect(select).not.toHaveBeenCalled();
    // Still remembered, for when it is plugged in again.
    expect(window.localStorage.getItem('hearth.call.device.camera')).toBe('cam-unplugged');
    window.localStorage.clear();
  });
});
