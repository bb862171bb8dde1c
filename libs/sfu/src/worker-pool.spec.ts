import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { Room } from './room';
import { RoomRegistry } from './room-registry';
import { SfuError } from './sfu-error';
import { freeConsecutivePorts, processExists, testSfuConfig } from './testing/rtp-test-kit';
import { WorkerPool, type WorkerDiedEvent, type WorkerReplacedEvent } from './worker-pool';

const run = promisify(execFile);

// Real mediasoup worker processes throughout: the binary is found the way the app finds it.
describe('WorkerPool', () => {
  const config = testSfuConfig();
  let pool: WorkerPool;

  beforeAll(async () => {
    pool = await WorkerPool.start(config, { respawnBackoffMs: 100 });
  });

  afterAll(async () => {
    await pool.close();
  });

  it('starts one live worker process per slot, each with its own WebRtcServer port', async () => {
    expect(pool.size).toBe(2);
    const infos = pool.workers;
    expect(infos.map((info) => info.index)).toEqual([0, 1]);
    expect(new Set(infos.map((info) => info.pid)).size).toBe(2);
    for (const info of infos) expect(processExists(info.pid)).toBe(true);
    const ports = await Promise.all(
      [0, 1].map(async (index) => {
        const dump = await pool.worker(index)!.webRtcServer.dump();
        expect(dump.udpSockets).toHaveLength(1);
        expect(dump.tcpServers).toHaveLength(1);
        expect(dump.udpSockets[0]!.ip).toBe('127.0.0.1');
        return dump.udpSockets[0]!.port;
      }),
    );
    expect(ports[0]).not.toBe(ports[1]);
    expect(ports.every((port) => port > 0)).toBe(true);
  });

  it('places each new room on the worker with the fewest peers, then the fewest rooms', async () => {
    const [a, b] = await Promise.all([
      Room.create('placement-a', pool.leastLoaded(), config),
      Room.create('placement-b', pool.leastLoaded(), config),
    ]);
    try {
      // Concurrent creations spread out because a room counts before its Router exists.
      expect(a.workerIndex).not.toBe(b.workerIndex);
      a.join('p1', { role: 'therapist' });
      a.join('p2', { role: 'client' });
      expect(pool.worker(a.workerIndex)!.load).toEqual({ rooms: 1, peers: 2 });
      expect(pool.leastLoaded().index).toBe(b.workerIndex);
      b.join('p3', { role: 'client' });
      b.join('p4', { role: 'client' });
      b.join('p5', { role: 'client' });
      expect(pool.leastLoaded().index).toBe(a.workerIndex);
    } finally {
      a.close();
      b.close();
    }
    expect(pool.workers.map((info) => info.rooms)).toEqual([0, 0]);
  });

  it('reports a killed worker with its rooms, replaces it, and lets the rooms be rebuilt', async () => {
    const registry = new RoomRegistry(pool, config);
    const doomed = await registry.getOrCreate('doomed');
    const survivor = await registry.getOrCreate('survivor');
    expect(doomed.workerIndex).not.toBe(survivor.workerIndex);
    doomed.join('p1', { role: 'client' });
    survivor.join('p2', { role: 'client' });
    const deadSlot = pool.worker(doomed.workerIndex)!;
    const deadPid = deadSlot.pid;
    const oldRouterId = doomed.router.id;

    const died = once(pool, 'workerDied') as Promise<[WorkerDiedEvent]>;
    const replaced = once(pool, 'workerReplaced') as Promise<[WorkerReplacedEvent]>;
    process.kill(deadPid, 'SIGKILL');

    const [death] = await died;
    expect(death).toMatchObject({ index: doomed.workerIndex, pid: deadPid, roomIds: ['doomed'] });
    expect(doomed.closed).toBe(true);
    expect(doomed.closeReason).toBe('worker_died');
    expect(registry.get('doomed')).toBeUndefined();
    expect(survivor.closed).toBe(false);
    expect(survivor.peerCount).toBe(1);

    const [replacement] = await replaced;
    expect(replacement.index).toBe(doomed.workerIndex);
    expect(replacement.pid).not.toBe(deadPid);
    expect(processExists(deadPid)).toBe(false);
    expect(pool.workers).toHaveLength(2);
    expect(pool.workers.every((info) => info.alive && processExists(info.pid))).toBe(true);

    // The rebuilt room is a new Router on a live worker, and it works.
    const rebuilt = await registry.getOrCreate('doomed');
    expect(rebuilt).not.toBe(doomed);
    expect(rebuilt.router.id).not.toBe(oldRouterId);
    expect(pool.worker(rebuilt.workerIndex)?.alive).toBe(true);
    const peer = rebuilt.join('p1', { role: 'client' });
    const transport = await peer.createWebRtcTransport('send');
    expect(transport.iceCandidates.length).toBeGreaterThan(0);

    await registry.close();
    expect(survivor.closed).toBe(true);
  });

  it('with its only worker dead, waits for the replacement to rebuild a room', async () => {
    const single = await WorkerPool.start(testSfuConfig({ workerCount: 1 }));
    const registry = new RoomRegistry(single, config);
    try {
      const room = await registry.getOrCreate('alone');
      const died = once(single, 'workerDied');
      process.kill(single.workers[0]!.pid, 'SIGKILL');
      await died;
      expect(room.closed).toBe(true);
      expect(single.workers).toHaveLength(0);
      // Asked at once, before the replacement is up: the registry waits instead of failing.
      const rebuilt = await registry.getOrCreate('alone');
      expect(rebuilt.closed).toBe(false);
      expect(single.workers).toHaveLength(1);
    } finally {
      await registry.close();
      await single.close();
    }
  });

  it('listens on base port + worker index when given a base port', async () => {
    const base = await freeConsecutivePorts(2);
    const fixed = await WorkerPool.start(
      testSfuConfig({ listen: { webRtcServerPort: base, enableTcp: false } }),
    );
    try {
      const ports = await Promise.all(
        [0, 1].map(async (index) => (await fixed.worker(index)!.webRtcServer.dump()).udpSockets),
      );
      expect(ports).toEqual([
        [{ ip: '127.0.0.1', port: base }],
        [{ ip: '127.0.0.1', port: base + 1 }],
      ]);
    } finally {
      await fixed.close();
    }
  });

  it('leaves no worker process running after close() and refuses new work', async () => {
    const closing = await WorkerPool.start(config);
    const pids = closing.workers.map((info) => info.pid);
    expect(pids).toHaveLength(2);
    await closing.close();
    for (const pid of pids) expect(processExists(pid)).toBe(false);
    const children = await mediasoupChildPids();
    // The helper sees real workers (the shared pool's), and none of the closed pool's.
    expect(children).toEqual(expect.arrayContaining(pool.workers.map((info) => info.pid)));
    for (const pid of pids) expect(children).not.toContain(pid);
    expect(closing.workers).toEqual([]);
    expect(() => closing.leastLoaded()).toThrow(SfuError);
    try {
      closing.leastLoaded();
    } catch (error) {
      expect((error as SfuError).code).toBe('worker_unavailable');
    }
  });

  it('leaves no process behind when a worker dies while the pool is closing', async () => {
    const closing = await WorkerPool.start(config, { respawnBackoffMs: 10 });
    const ours = new Set(pool.workers.map((info) => info.pid));
    const died = once(closing, 'workerDied');
    process.kill(closing.workers[0]!.pid, 'SIGKILL');
    await died;
    // The replacement is starting right now; close() must wait for it and close it too.
    await closing.close();
    expect(closing.workers).toEqual([]);
    const children = await mediasoupChildPids();
    expect(children.filter((pid) => ours.has(pid))).toHaveLength(2);
    expect(children.filter((pid) => !ours.has(pid))).toEqual([]);
  });
});

// mediasoup worker processes that are children of this test process (the name is cut to 15
// characters by the kernel).
async function mediasoupChildPids(): Promise<number[]> {
  const { stdout } = await run('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)]);
  return stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, comm]) => comm?.startsWith('mediasoup-work'))
    .map(([pid]) => Number(pid));
}
