/** Sends one video's tile size; errors are the sender's to swallow. */
export type SendTileSize = (consumerId: string, width: number, height: number) => void;

export interface TileReporter {
  /** The newest size of one video's tile; sent at once, or after the interval at the latest. */
  report(consumerId: string, width: number, height: number): void;
  forget(consumerId: string): void;
  clear(): void;
}

interface Entry {
  wanted: string;
  sent: string | null;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const clamp = (n: number) => Math.min(8192, Math.max(0, Math.round(n)));

/**
 * Throttles tile-size reports per video: the first size goes at once, later ones at most once
 * per `intervalMs`, the last one always, and an unchanged size never goes twice.
 */
export function createTileReporter(send: SendTileSize, intervalMs: number): TileReporter {
  const entries = new Map<string, Entry>();
  return {
    report(consumerId, width, height) {
      const wanted = `${clamp(width)}x${clamp(height)}`;
      const entry = entries.get(consumerId) ?? { wanted, sent: null, timer: undefined };
      entries.set(consumerId, entry);
      entry.wanted = wanted;
      const flush = () => {
        if (entry.wanted === entry.sent) return false;
        entry.sent = entry.wanted;
        const [w = 0, h = 0] = entry.wanted.split('x').map(Number);
        send(consumerId, w, h);
        return true;
      };
      if (entry.timer !== undefined || !flush()) return;
      const tick = () => {
        entry.timer = flush() ? setTimeout(tick, intervalMs) : undefined;
      };
      entry.timer = setTimeout(tick, intervalMs);
    },
    forget(consumerId) {
      clearTimeout(entries.get(consumerId)?.timer);
      entries.delete(consumerId);
    },
    clear() {
      for (const entry of entries.values()) clearTimeout(entry.timer);
      entries.clear();
    },
  };
}
