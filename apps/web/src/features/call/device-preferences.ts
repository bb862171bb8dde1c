import { useEffect, useMemo, useRef } from 'react';

/**
 * The camera, microphone and speaker chosen on this device, kept in localStorage so the next
 * call (and the pre-join check) starts with them. Audio only is kept beside them by the call
 * client (call-client/audio-only.ts). A remembered device that is no longer plugged in is passed
 * over quietly: the browser's default is used, and the choice stays for when it comes back.
 */
export type DeviceKind = 'microphone' | 'camera' | 'speaker';

export interface DevicePreferences {
  get(kind: DeviceKind): string | null;
  /** Remembers a choice; null forgets it (the default again). */
  set(kind: DeviceKind, deviceId: string | null): void;
}

const keyOf = (kind: DeviceKind) => `hearth.call.device.${kind}`;

// Device ids are opaque strings the browser makes per site; anything else is not ours.
const plausible = (value: string | null): value is string =>
  value !== null && value.length > 0 && value.length <= 512;

/** The choices in `storage`; for this page only when storage is refused (private modes). */
export function devicePreferences(storage: Storage | undefined): DevicePreferences {
  const memory = new Map<DeviceKind, string>();
  return {
    get(kind) {
      try {
        const value = storage?.getItem(keyOf(kind)) ?? null;
        if (plausible(value)) return value;
      } catch {
        // Fall through to this page's memory.
      }
      return memory.get(kind) ?? null;
    },
    set(kind, deviceId) {
      if (deviceId === null) memory.delete(kind);
      else memory.set(kind, deviceId);
      try {
        if (deviceId === null || deviceId === '') storage?.removeItem(keyOf(kind));
        else storage?.setItem(keyOf(kind), deviceId);
      } catch {
        // Storage refused: the choice holds for this page.
      }
    },
  };
}

/** The remembered device if it is among those plugged in now, else null (use the default). */
export function rememberedChoice(
  remembered: string | null,
  available: readonly { readonly id: string }[],
): string | null {
  if (remembered === null) return null;
  return available.some((device) => device.id === remembered) ? remembered : null;
}

/** The page's localStorage, or undefined where the browser refuses it (private modes). */
export function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** This browser's device choices (one store for the page). */
export function useDevicePreferences(): DevicePreferences {
  return useMemo(() => devicePreferences(browserStorage()), []);
}

/**
 * Picks the remembered device of `kind` once the list of devices is known (and only then: before
 * permission the list is empty), and returns what to call when the person chooses one.
 */
export function useRememberedDevice(
  kind: DeviceKind,
  options: readonly { readonly id: string }[],
  current: string | null,
  select: (deviceId: string) => void,
): (deviceId: string) => void {
  const preferences = useDevicePreferences();
  const applied = useRef(false);
  useEffect(() => {
    if (applied.current || options.length === 0) return;
    applied.current = true;
    const wanted = rememberedChoice(preferences.get(kind), options);
    if (wanted !== null && wanted !== current) select(wanted);
  }, [kind, options, current, select, preferences]);
  return (deviceId: string) => {
    preferences.set(kind, deviceId);
    select(deviceId);
  };
}
