import { io, type Socket } from 'socket.io-client';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * A participant as the web client behaves: it joins through whichever node it reached, follows a
 * redirect to the hosting node, waits as told while the session is between nodes, and when that
 * node goes away it goes back through the nodes it knows (a load balancer would do the choosing)
 * and joins again.
 */
export class Participant {
  socket: Socket | undefined;
  readonly received: { event: string; payload: Json }[] = [];
  rejoined: Promise<Json> | undefined;

  constructor(
    readonly name: string,
    readonly token: string,
    readonly entryPoints: string[],
  ) {}

  async join(sessionId: string, url = this.entryPoints[0]!): Promise<Json> {
    const socket = io(url, {
      path: '/api/live/socket.io',
      transports: ['websocket'],
      auth: { token: this.token },
      reconnection: false,
      forceNew: true,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    for (const event of [
      'session:view',
      'chat:message',
      'agenda:state',
      'agenda:progress',
    ] as const) {
      socket.on(event, (payload: Json) => this.received.push({ event, payload }));
    }
    let answer = await this.ask(socket, 'session:join', { sessionId });
    for (let waits = 0; answer.retry && waits < 40; waits += 1) {
      // The session is between nodes (its node crashed): ask again when the server says.
      await new Promise((resolve) => setTimeout(resolve, answer.retry.afterMs));
      answer = await this.ask(socket, 'session:join', { sessionId });
    }
    if (answer.retry) throw new Error(`${this.name}: the session stayed between nodes`);
    if (answer.redirect) {
      socket.disconnect();
      return this.join(sessionId, answer.redirect.url);
    }
    this.socket = socket;
    socket.once('disconnect', () => {
      if (this.socket !== socket) return;
      this.rejoined = this.#failOver(sessionId, url);
    });
    return answer;
  }

  async #failOver(sessionId: string, lost: string): Promise<Json> {
    const others = this.entryPoints.filter((entry) => entry !== lost);
    for (let attempt = 0; attempt < 40; attempt += 1) {
      for (const entry of others) {
        try {
          return await this.join(sessionId, entry);
        } catch {
          // That node is not answering yet, or the hosting node is still handing over.
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${this.name} could not rejoin`);
  }

  ask(socket: Socket, event: string, payload: unknown = {}): Promise<Json> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${event}: no answer`)), 5_000);
      socket.emit(event, payload, (answer: Json) => {
        clearTimeout(timer);
        if (answer.error)
          reject(new Error(`${event}: ${answer.error.code} ${answer.error.message}`));
        else resolve(answer.data);
      });
    });
  }

  request(event: string, payload: unknown = {}): Promise<Json> {
    if (!this.socket) throw new Error(`${this.name} is not connected`);
    return this.ask(this.socket, event, payload);
  }

  async waitFor(event: string, until: (payload: Json) => boolean): Promise<Json> {
    // A bound only to catch a hang: 15 s.
    for (let i = 0; i < 300; i += 1) {
      const hit = this.received.find((r) => r.event === event && until(r.payload));
      if (hit) return hit.payload;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${this.name} never received the expected ${event}`);
  }

  close(): void {
    const socket = this.socket;
    this.socket = undefined;
    socket?.disconnect();
  }
}
