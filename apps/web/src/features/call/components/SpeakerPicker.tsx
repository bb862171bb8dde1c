import { useCallback, useEffect, useState } from 'react';
import { useRememberedDevice } from '../device-preferences';

interface Speaker {
  readonly id: string;
  readonly label: string;
}

/** Whether this browser lets a page choose where sound plays (Chromium and Firefox do). */
function canChooseSpeaker(): boolean {
  return (
    typeof HTMLMediaElement !== 'undefined' &&
    'setSinkId' in HTMLMediaElement.prototype &&
    typeof navigator !== 'undefined' &&
    Boolean(navigator.mediaDevices?.enumerateDevices)
  );
}

type Sinkable = HTMLMediaElement & { setSinkId(id: string): Promise<void> };

/** Plays every sound of the page (the others' voices) on `sinkId`, and any added later too. */
function useSpeakerOutput(sinkId: string | null) {
  useEffect(() => {
    if (sinkId === null || !canChooseSpeaker()) return;
    const apply = (root: ParentNode) => {
      for (const element of root.querySelectorAll<Sinkable>('audio, video')) {
        // A device unplugged meanwhile: the browser keeps its default output.
        if ((element as { sinkId?: string }).sinkId !== sinkId) {
          element.setSinkId(sinkId).catch(() => undefined);
        }
      }
    };
    apply(document);
    const observer = new MutationObserver(() => apply(document));
    observer.observe(document.body, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [sinkId]);
}

/**
 * The speaker (or headset) to hear the call on, where the browser allows choosing it; the choice
 * is kept on this device like the camera and microphone.
 */
export function SpeakerPicker({ id }: { id: string }) {
  const [speakers, setSpeakers] = useState<readonly Speaker[]>([]);
  const [current, setCurrent] = useState<string | null>(null);

  useEffect(() => {
    if (!canChooseSpeaker()) return;
    let live = true;
    const list = async () => {
      try {
        const devices = await navigator.mediaDevices.enumerateDevices();
        const outputs = devices
          .filter((d) => d.kind === 'audiooutput' && d.deviceId !== '')
          .map((d, i) => ({ id: d.deviceId, label: d.label || `Speaker ${i + 1}` }));
        if (live) setSpeakers(outputs);
      } catch {
        // Without the list the default speaker is used.
      }
    };
    void list();
    navigator.mediaDevices.addEventListener?.('devicechange', list);
    return () => {
      live = false;
      navigator.mediaDevices.removeEventListener?.('devicechange', list);
    };
  }, []);

  const select = useCallback((deviceId: string) => setCurrent(deviceId), []);
  const choose = useRememberedDevice('speaker', speakers, current, select);
  useSpeakerOutput(current);

  if (speakers.length === 0) return null;
  return (
    <div className="field">
      <label htmlFor={id}>Speaker to use</label>
      <select id={id} value={current ?? ''} onChange={(e) => choose(e.target.value)}>
        {current === null ? <option value="">Default</option> : null}
        {speakers.map((s) => (
          <option key={s.id} value={s.id}>
            {s.label}
          </option>
        ))}
      </select>
    </div>
  );
}
