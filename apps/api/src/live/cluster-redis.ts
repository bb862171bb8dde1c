// What the nodes keep in Redis: each node's heartbeat, each session's lease (with its fencing
// token) and snapshot, and the scripts that change a lease only while its holder still holds it.

export const keys = {
  node: (nodeId: string) => `hearth:node:${nodeId}`,
  room: (sessionId: string) => `hearth:room:${sessionId}`,
  snapshot: (sessionId: string) => `hearth:room-state:${sessionId}`,
  /** A counter per session: every new lease takes the next value, its fencing token. */
  fence: (sessionId: string) => `hearth:room-fence:${sessionId}`,
};

/** A lease's value in Redis: the node and the fencing token it was granted with. */
export const leaseValue = (nodeId: string, fence: number) => `${nodeId}:${fence}`;
export const leaseHolder = (value: string) => value.split(':')[0]!;

// Renews or releases a lease only while this node still holds it.
export const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
export const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1]) else return 0 end`;
// Takes over a room from a node whose heartbeat has lapsed (it crashed).
export const TAKE_OVER = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 else return 0 end`;
// Writes a session's snapshot only while the writer's lease (with its fencing token) stands: a
// node that lost its lease, however late its write arrives, cannot overwrite the new host's.
export const FENCED_SET = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3]) return 1 else return 0 end`;
