import { RoomRegistry } from './room-registry';
import { SfuError } from './sfu-error';
import { testSfuConfig } from './testing/rtp-test-kit';
import { WorkerPool } from './worker-pool';

describe('RoomRegistry', () => {
  const config = testSfuConfig();
  let pool: WorkerPool;
  let registry: RoomRegistry;

  beforeAll(async () => {
    pool = await WorkerPool.start(config);
  });

  beforeEach(() => {
    registry = new RoomRegistry(pool, config);
  });

  afterEach(async () => {
    await registry.close();
  });

  afterAll(async () => {
    await pool.close();
  });

  it('gives concurrent callers the same room, with one Router', async () => {
    const rooms = await Promise.all(
      Array.from({ length: 8 }, () => registry.getOrCreate('session-1')),
    );
    expect(new Set(rooms).size).toBe(1);
    expect(registry.size).toBe(1);
    const routerIds = (await Promise.all([0, 1].map((i) => pool.worker(i)!.worker.dump()))).flatMap(
      (dump) => dump.routerIds,
    );
    expect(routerIds).toEqual([rooms[0]!.router.id]);
    expect(await registry.getOrCreate('session-1')).toBe(rooms[0]);
  });

  it('lists, finds and deletes rooms', async () => {
    const a = await registry.getOrCreate('a');
    const b = await registry.getOrCreate('b');
    expect(
      registry
        .list()
        .map((room) => room.id)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(registry.get('a')).toBe(a);
    expect(registry.require('b')).toBe(b);
    expect(registry.delete('a')).toBe(true);
    expect(a.closed).toBe(true);
    expect(a.closeReason).toBe('closed');
    expect(registry.get('a')).toBeUndefined();
    expect(registry.delete('a')).toBe(false);
    expect(() => registry.require('a')).toThrow(
      expect.objectContaining({ code: 'room_not_found' }),
    );
  });

  it('closes the room and frees its Router when the last peer leaves', async () => {
    const room = await registry.getOrCreate('session-2');
    const closed = jest.fn();
    room.on('closed', closed);
    const therapist = room.join('therapist', { role: 'therapist' });
    const client = room.join('client', { role: 'client' });
    await therapist.createWebRtcTransport('send');
    const worker = pool.worker(room.workerIndex)!;
    expect(worker.load).toEqual({ rooms: 1, peers: 2 });

    room.leave('client');
    expect(client.closed).toBe(true);
    expect(room.closed).toBe(false);
    expect(worker.load).toEqual({ rooms: 1, peers: 1 });

    therapist.close();
    expect(room.closed).toBe(true);
    expect(room.closeReason).toBe('empty');
    expect(closed).toHaveBeenCalledWith('empty');
    expect(room.router.closed).toBe(true);
    expect(registry.get('session-2')).toBeUndefined();
    expect(worker.load).toEqual({ rooms: 0, peers: 0 });
    expect((await worker.worker.dump()).routerIds).not.toContain(room.router.id);

    // The next join into that session builds a fresh room.
    const again = await registry.getOrCreate('session-2');
    expect(again).not.toBe(room);
    expect(again.closed).toBe(false);
  });

  it('keeps an emptied room open when asked to', async () => {
    const keeping = new RoomRegistry(pool, config, { closeWhenEmpty: false });
    try {
      const room = await keeping.getOrCreate('kept');
      room.join('p', { role: 'client' }).close();
      expect(room.closed).toBe(false);
      expect(room.peerCount).toBe(0);
    } finally {
      await keeping.close();
    }
  });

  it('seats a returning peer id in place of its old connection without closing the room', async () => {
    const room = await registry.getOrCreate('session-3');
    const first = room.join('client', { role: 'client' });
    const left = jest.fn();
    room.on('peerLeft', left);
    const second = room.join('client', { role: 'client' });
    expect(first.closed).toBe(true);
    expect(second.closed).toBe(false);
    expect(room.closed).toBe(false);
    expect(room.getPeer('client')).toBe(second);
    expect(room.peerCount).toBe(1);
    expect(left).not.toHaveBeenCalled();
  });

  it('refuses to seat anyone in a closed room and names unknown peers', async () => {
    const room = await registry.getOrCreate('session-4');
    expect(() => room.getPeer('nobody')).toThrow(
      expect.objectContaining({ code: 'peer_not_found' }),
    );
    room.close();
    expect(() => room.join('late', { role: 'client' })).toThrow(SfuError);
    expect(() => room.join('late', { role: 'client' })).toThrow(
      expect.objectContaining({ code: 'room_closed' }),
    );
  });

  it('refuses new rooms once closed', async () => {
    await registry.close();
    await expect(registry.getOrCreate('after')).rejects.toMatchObject({
      code: 'worker_unavailable',
    });
  });
});
