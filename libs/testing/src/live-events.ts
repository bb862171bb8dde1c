import { parseLiveServerEvent } from '@hearth/contracts';

// What a real server sends over the live socket, held against the wire contract: tests attach
// this to each socket.io client they open and fail on any event that breaks it.

/** What a socket.io client offers for hearing every event it receives. */
export interface EveryEventSource {
  onAny(listener: (event: string, ...args: unknown[]) => void): unknown;
}

export interface ServerEventCheck {
  /** The names of the events received, in order. */
  readonly received: string[];
  /** One line per event that broke the contract: its name and where (never its contents). */
  readonly mismatches: string[];
}

/**
 * Parses every event `socket` receives from now on against its schema in `liveServerEvents`.
 * Stricter than the web client, which ignores what it does not know: here a field the contract
 * does not declare is a mismatch too, so the contract keeps up with the server.
 */
export function checkServerEvents(socket: EveryEventSource): ServerEventCheck {
  const check: ServerEventCheck = { received: [], mismatches: [] };
  socket.onAny((event, ...args) => {
    check.received.push(event);
    if (args.length !== 1) {
      check.mismatches.push(`${event}: ${args.length} arguments instead of one payload`);
      return;
    }
    const parsed = parseLiveServerEvent(event, args[0]);
    if (!parsed.ok) {
      check.mismatches.push(`${event}: ${parsed.problems.join('; ')}`);
      return;
    }
    const extra = undeclared(args[0], parsed.data, '');
    if (extra.length > 0) check.mismatches.push(`${event}: undeclared ${extra.join(', ')}`);
  });
  return check;
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
