import { parseLiveServerEvent } from '@hearth/contracts';

// What a real server sends over the live socket, held against the wire contract: tests attach
// this to each socket.io client they open (or read a browser's socket frames with it) and fail on
// any event that breaks it.

/** What a socket.io client offers for hearing every event it receives. */
export interface EveryEventSource {
  onAny(listener: (event: string, ...args: unknown[]) => void): unknown;
}

/**
 * Events received, each parsed against its schema in `liveServerEvents`. Stricter than the web
 * client, which ignores what it does not know: here a field the contract does not declare is a
 * mismatch too, so the contract keeps up with the server.
 */
export class ServerEventCheck {
  /** The names of the events received, in order. */
  readonly received: string[] = [];
  /** One line per event that broke the contract: its name and where (never its contents). */
  readonly mismatches: string[] = [];

  record(event: string, args: readonly unknown[]): void {
    this.received.push(event);
    if (args.length !== 1) {
      this.mismatches.push(`${event}: ${args.length} arguments instead of one payload`);
      return;
    }
    const parsed = parseLiveServerEvent(event, args[0]);
    if (!parsed.ok) {
      this.mismatches.push(`${event}: ${parsed.problems.join('; ')}`);
      return;
    }
    const extra = undeclared(args[0], parsed.data, '');
    if (extra.length > 0) this.mismatches.push(`${event}: undeclared ${extra.join(', ')}`);
  }
}

/** Checks every event `socket` receives from now on. */
export function checkServerEvents(socket: EveryEventSource): ServerEventCheck {
  const check = new ServerEventCheck();
  socket.onAny((event, ...args) => check.record(event, args));
  return check;
}

/**
 * The event in one socket.io frame as a WebSocket carries it (`42["session:view",{…}]`, with a
 * namespace or an ack id perhaps between the digits and the list), or null for any other frame
 * (handshakes, pings, acks): how a test reads what the server sends to a browser.
 */
export function socketIoEvent(frame: string): { event: string; args: unknown[] } | null {
  const match = /^42(?:\/[^,]*,)?\d*(\[.*)$/s.exec(frame);
  if (!match) return null;
  const [event, ...args] = JSON.parse(match[1]!) as [unknown, ...unknown[]];
  return typeof event === 'string' ? { event, args } : null;
}

/** Paths in `sent` that parsing left out of `parsed`: fields the contract does not name. */
function undeclared(sent: unknown, parsed: unknown, path: string): string[] {
  if (Array.isArray(sent) && Array.isArray(parsed)) {
    return sent.flatMap((item, i) => undeclared(item, parsed[i], `${path}${i}.`));
  }
  if (!isObject(sent) || !isObject(parsed)) return [];
  return Object.keys(sent).flatMap((key) =>
    key in parsed ? undeclared(sent[key], parsed[key], `${path}${key}.`) : [`${path}${key}`],
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
