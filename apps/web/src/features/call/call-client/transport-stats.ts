// What the browser says about the receiving transport, read every few seconds: the round trip
// of the selected candidate pair, the incoming bitrate estimate (where the browser gives one),
// and the packets that arrived or were lost on every incoming stream.

/** One reading of the receiving transport's statistics. */
export interface StatsSample {
  readonly at: number;
  readonly packetsReceived: number;
  readonly packetsLost: number;
  readonly bytesReceived: number;
  readonly roundTripMs: number | null;
  /** The browser's estimate of what the downlink can carry (kbit/s), if it gives one. */
  readonly availableIncomingKbps: number | null;
}

/** What changed between two readings. */
export interface StatsReading {
  readonly lossPercent: number | null;
  readonly roundTripMs: number | null;
  /** What actually arrived (kbit/s). */
  readonly receivedKbps: number | null;
  readonly availableIncomingKbps: number | null;
}

type Entry = Record<string, unknown>;

const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

function selectedPair(entries: readonly Entry[]): Entry | undefined {
  const byId = new Map(entries.map((e) => [e['id'], e]));
  for (const e of entries) {
    if (e['type'] !== 'transport') continue;
    const pair = byId.get(e['selectedCandidatePairId']);
    if (pair) return pair;
  }
  // Firefox names no transport: the nominated pair that works is the one in use.
  return entries.find(
    (e) =>
      e['type'] === 'candidate-pair' &&
      e['state'] === 'succeeded' &&
      (e['nominated'] === true || e['selected'] === true),
  );
}

/** Reads one stats report of the receiving side. */
export function statsSample(report: Iterable<Entry>, at: number): StatsSample {
  const entries = [...report];
  let packetsReceived = 0;
  let packetsLost = 0;
  let bytesReceived = 0;
  for (const e of entries) {
    if (e['type'] !== 'inbound-rtp') continue;
    packetsReceived += num(e['packetsReceived']) ?? 0;
    packetsLost += Math.max(0, num(e['packetsLost']) ?? 0);
    bytesReceived += num(e['bytesReceived']) ?? 0;
  }
  const pair = selectedPair(entries);
  const rtt = num(pair?.['currentRoundTripTime']);
  const available = num(pair?.['availableIncomingBitrate']);
  return {
    at,
    packetsReceived,
    packetsLost,
    bytesReceived,
    roundTripMs: rtt === null ? null : Math.round(rtt * 1000),
    availableIncomingKbps: available === null ? null : Math.round(available / 1000),
  };
}

/** The loss and throughput between two readings (counters that went back mean a new set-up). */
export function readingBetween(previous: StatsSample | null, next: StatsSample): StatsReading {
  const base = { roundTripMs: next.roundTripMs, availableIncomingKbps: next.availableIncomingKbps };
  if (!previous || next.at <= previous.at || next.packetsReceived < previous.packetsReceived) {
    return { ...base, lossPercent: null, receivedKbps: null };
  }
  const received = next.packetsReceived - previous.packetsReceived;
  const lost = Math.max(0, next.packetsLost - previous.packetsLost);
  const seconds = (next.at - previous.at) / 1000;
  return {
    ...base,
    lossPercent: received + lost === 0 ? null : (lost / (received + lost)) * 100,
    receivedKbps: Math.round(((next.bytesReceived - previous.bytesReceived) * 8) / 1000 / seconds),
  };
}

/**
 * The downlink estimate: the browser's own where it gives one (Chrome does not for receivers);
 * otherwise, while video should be arriving and packets are being lost, what does arrive is
 * about what the link carries.
 */
export function downlinkEstimate(reading: StatsReading, videoExpected: boolean): number | null {
  if (reading.availableIncomingKbps !== null) return reading.availableIncomingKbps;
  if (!videoExpected || reading.receivedKbps === null || reading.lossPercent === null) return null;
  return reading.lossPercent >= 5 ? reading.receivedKbps : null;
}
