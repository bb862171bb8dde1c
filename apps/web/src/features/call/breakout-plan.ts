/** Breakouts split a couple or family into 2 to 4 rooms. */
export const breakoutRoomCounts = [2, 3, 4] as const;
export type BreakoutRoomCount = (typeof breakoutRoomCounts)[number];

/** Room index per client id, as the therapist picked it. */
export type RoomAssignment = Readonly<Record<string, number>>;

/** Everyone spread over the rooms in turn, so each room starts with someone in it. */
export function defaultAssignment(clientIds: readonly string[], roomCount: number): RoomAssignment {
  return Object.fromEntries(clientIds.map((id, index) => [id, index % roomCount]));
}

export type BreakoutPlan =
  | { readonly ok: true; readonly rooms: string[][] }
  | { readonly ok: false; readonly message: string };

/**
 * The rooms to send, from the therapist's picks: a client without a pick (or with a room past
 * the count, after the count went down) goes to the room their place in the list gives.
 */
export function planBreakouts(
  clientIds: readonly string[],
  assignment: RoomAssignment,
  roomCount: number,
): BreakoutPlan {
  if (clientIds.length < 2) {
    return { ok: false, message: 'Breakout rooms need at least two clients in the call.' };
  }
  const rooms: string[][] = Array.from({ length: roomCount }, () => []);
  clientIds.forEach((id, index) => {
    const picked = assignment[id];
    const room = picked !== undefined && picked < roomCount ? picked : index % roomCount;
    rooms[room]?.push(id);
  });
  const empty = rooms.findIndex((room) => room.length === 0);
  if (empty >= 0) {
    return {
      ok: false,
      message: `Room ${empty + 1} has nobody in it. Move someone there or use fewer rooms.`,
    };
  }
  return { ok: true, rooms };
}

/** The minutes field: empty means no countdown; otherwise a whole number from 1 to 120. */
export function parseBreakoutMinutes(
  text: string,
): { ok: true; minutes: number | undefined } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, minutes: undefined };
  const minutes = Number(trimmed);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 120) {
    return { ok: false, message: 'Minutes must be a whole number from 1 to 120, or empty.' };
  }
  return { ok: true, minutes };
}
