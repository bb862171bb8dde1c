import type { Room } from './room';
import { RoomRegistry } from './room-registry';
import { testSfuConfig } from './testing/rtp-test-kit';
import { WorkerPool } from './worker-pool';

describe('WebRtcTransports on the worker WebRtcServer', () => {
  const config = testSfuConfig();
  let pool: WorkerPool;
  let registry: RoomRegistry;
  let room: Room;

  beforeAll(async () => {
    pool = await WorkerPool.start(config);
    registry = new RoomRegistry(pool, config);
    room = await registry.getOrCreate('webrtc');
  });

  afterAll(async () => {
    await registry.close();
    await pool.close();
  });

  it('offers ICE candidates on the server port of 127.0.0.1, UDP preferred, and DTLS fingerprints', async () => {
    const peer = room.join('alice', { role: 'client' });
    const send = await peer.createWebRtcTransport('send');
    const recv = await peer.createWebRtcTransport('recv');
    const server = await pool.worker(room.workerIndex)!.webRtcServer.dump();
    const udpPort = server.udpSockets[0]!.port;
    const tcpPort = server.tcpServers[0]!.port;

    for (const transport of [send, recv]) {
      expect(transport.iceParameters.usernameFragment).toEqual(expect.any(String));
      expect(transport.iceParameters.password).toEqual(expect.any(String));
      expect(transport.iceParameters.iceLite).toBe(true);
      expect(transport.dtlsParameters.fingerprints.length).toBeGreaterThan(0);
      expect(transport.iceCandidates.length).toBe(2);
      for (const candidate of transport.iceCandidates) {
        expect(candidate.address).toBe('127.0.0.1');
      }
      const udp = transport.iceCandidates.find((candidate) => candidate.protocol === 'udp')!;
      const tcp = transport.iceCandidates.find((candidate) => candidate.protocol === 'tcp')!;
      // Every transport shares the server's one port: a firewall opens one port per worker.
      expect(udp.port).toBe(udpPort);
      expect(tcp.port).toBe(tcpPort);
      expect(udp.priority).toBeGreaterThan(tcp.priority);
    }
    expect(send.iceParameters.usernameFragment).not.toBe(recv.iceParameters.usernameFragment);
    expect(server.webRtcTransportIds.sort()).toEqual([send.id, recv.id].sort());
  });

  it('announces the public address instead of the bound one behind NAT', async () => {
    const natConfig = testSfuConfig({
      workerCount: 1,
      listen: { announcedAddress: '203.0.113.7', enableTcp: false },
    });
    const natPool = await WorkerPool.start(natConfig);
    const natRegistry = new RoomRegistry(natPool, natConfig);
    try {
      const natRoom = await natRegistry.getOrCreate('nat');
      const transport = await natRoom.join('p', { role: 'client' }).createWebRtcTransport('send');
      expect(transport.iceCandidates.map((candidate) => candidate.address)).toEqual([
        '203.0.113.7',
      ]);
    } finally {
      await natRegistry.close();
      await natPool.close();
    }
  });

  it('restarts ICE with new credentials on the same transport', async () => {
    const peer = room.join('bob', { role: 'client' });
    const transport = await peer.createWebRtcTransport('recv');
    const restarted = await peer.restartIce(transport.id);
    expect(restarted.usernameFragment).not.toBe(transport.iceParameters.usernameFragment);
    expect(restarted.password).not.toBe(transport.iceParameters.password);
    expect(peer.transportIds).toEqual([transport.id]);
  });

  it('replaces a peer’s transport of the same direction and closes the old one', async () => {
    const peer = room.join('carol', { role: 'client' });
    const first = await peer.createWebRtcTransport('send');
    const second = await peer.createWebRtcTransport('send');
    expect(peer.transportIds).toEqual([second.id]);
    await expect(peer.restartIce(first.id)).rejects.toMatchObject({
      code: 'transport_not_found',
    });
    const server = await pool.worker(room.workerIndex)!.webRtcServer.dump();
    expect(server.webRtcTransportIds).not.toContain(first.id);
  });

  it('rejects bad DTLS parameters and unknown transports with codes', async () => {
    const peer = room.join('dave', { role: 'client' });
    const transport = await peer.createWebRtcTransport('send');
    await expect(
      peer.connectTransport(transport.id, { role: 'client', fingerprints: [] }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(peer.connectTransport('nope', transport.dtlsParameters)).rejects.toMatchObject({
      code: 'transport_not_found',
    });
    const plain = await peer.createPlainTransport({ direction: 'recv' });
    await expect(peer.restartIce(plain.id)).rejects.toMatchObject({
      code: 'transport_not_found',
    });
  });

  it('closes a peer’s transports when the peer leaves', async () => {
    const peer = room.join('erin', { role: 'client' });
    const send = await peer.createWebRtcTransport('send');
    const recv = await peer.createWebRtcTransport('recv');
    room.leave('erin');
    const server = await pool.worker(room.workerIndex)!.webRtcServer.dump();
    expect(server.webRtcTransportIds).not.toContain(send.id);
    expect(server.webRtcTransportIds).not.toContain(recv.id);
  });
});
