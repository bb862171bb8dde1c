// The baseline of the agenda fan-out benchmark: a plain WebSocket server that relays each
// message from a group's "therapist" connection to that group's other connections, unchanged.
// Usage: node bench/agenda/ws-relay.mjs <port>   (prints "ready" when listening)
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2]);
const groups = new Map();
const server = new WebSocketServer({ host: '127.0.0.1', port });

server.on('connection', (socket, request) => {
  const url = new URL(request.url ?? '/', 'http://relay');
  const group = url.searchParams.get('group') ?? '';
  const role = url.searchParams.get('role');
  if (!groups.has(group)) groups.set(group, new Set());
  if (role === 'client') {
    groups.get(group).add(socket);
    socket.on('close', () => groups.get(group)?.delete(socket));
    return;
  }
  socket.on('message', (data) => {
    // Parsed and serialised again, as a server that looks at what it sends would.
    const payload = JSON.stringify(JSON.parse(data.toString()));
    for (const client of groups.get(group) ?? []) client.send(payload);
  });
});

server.on('listening', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
