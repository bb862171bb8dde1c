// The baseline of the SFU benchmark: a minimal UDP relay in Node (dgram), run as its own process
// on the core the mediasoup worker is measured on. Like the SFU it has one socket per sending
// peer and one per receiving peer; every RTP packet that arrives is sent on, unchanged, to each
// receiver that should get it. It does nothing else: no RTCP, no sequence rewriting, no layer
// selection of its own (the route table says which SSRC goes to which receiver).
import { createSocket } from 'node:dgram';
import { once } from 'node:events';

const inbound = [];
const outbound = [];

async function bindSocket() {
  const socket = createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return socket;
}

process.on('message', async (message) => {
  const reply = (body) => process.send({ id: message.id, ...body });
  try {
    if (message.type === 'bind') {
      // routes: null forwards every packet to every sink; otherwise { ssrc: [sink indexes] }.
      const { inCount, sinkPorts } = message;
      for (let i = 0; i < sinkPorts.length; i += 1) outbound.push(await bindSocket());
      let routes = null;
      const setRoutes = (table) => {
        routes = table
          ? new Map(Object.entries(table).map(([ssrc, sinks]) => [Number(ssrc), sinks]))
          : null;
      };
      setRoutes(message.routes);
      process.on('message', (update) => {
        if (update.type === 'routes') {
          setRoutes(update.routes);
          process.send({ id: update.id });
        }
      });
      const all = sinkPorts.map((_, index) => index);
      for (let i = 0; i < inCount; i += 1) {
        const socket = await bindSocket();
        socket.on('message', (packet) => {
          // RTCP (rtcp-mux: second byte 192–223) is not relayed.
          if (packet.length < 12 || (packet[1] >= 192 && packet[1] <= 223)) return;
          const sinks = routes ? routes.get(packet.readUInt32BE(8)) : all;
          if (!sinks) return;
          for (const sink of sinks) outbound[sink].send(packet, sinkPorts[sink], '127.0.0.1');
        });
        inbound.push(socket);
      }
      reply({ ports: inbound.map((socket) => socket.address().port) });
    } else if (message.type === 'exit') {
      for (const socket of [...inbound, ...outbound]) socket.close();
      reply({});
      process.disconnect();
    }
  } catch (error) {
    reply({ error: String(error?.stack ?? error) });
  }
});
