import { LineIcon } from '../../ui/LineIcon';

/** The pictures on the call's buttons: line drawings on a 24×24 grid, 2 px strokes. */
const drawings = {
  microphone: 'M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3zM5 11a7 7 0 0 0 14 0M12 18v3',
  'microphone-off':
    'M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 4.5 2.6M15 10V6a3 3 0 0 0-3-3M5 11a7 7 0 0 0 11.3 5.5M19 11a7 7 0 0 1-.6 2.8M12 18v3M3 3l18 18',
  camera: 'M3 7h12v10H3zM15 10l6-3v10l-6-3',
  'camera-off': 'M3 7h12v10H3zM15 10l6-3v10l-6-3M3 3l18 18',
  share: 'M3 4h18v12H3zM8 20h8M12 16v4M12 13V7M9 10l3-3 3 3',
  hand: 'M8 12V5.5a1.5 1.5 0 0 1 3 0V11M11 10V4a1.5 1.5 0 0 1 3 0v6M14 10V5.5a1.5 1.5 0 0 1 3 0V14a7 7 0 0 1-7 7 6 6 0 0 1-5-3l-2-4a1.5 1.5 0 0 1 2.5-1.5L8 15',
  panel: 'M3 4h18v16H3zM15 4v16',
  more: 'M5 12h.01M12 12h.01M19 12h.01',
  leave: 'M10 17l-5-5 5-5M5 12h11M14 4h5v16h-5',
  close: 'M6 6l12 12M18 6L6 18',
} as const;

export type CallIconName = keyof typeof drawings;

/** Decorative: the button's visible label names what it does. */
export function CallIcon({ name }: { name: CallIconName }) {
  return <LineIcon d={drawings[name]} className="call-icon" />;
}
