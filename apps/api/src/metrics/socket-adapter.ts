import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { WatchedServer } from './live-metrics';

type IoServer = ReturnType<IoAdapter['createIOServer']>;

/** Nest's socket.io adapter, handing every socket server it creates to `watch` (the metrics). */
export class WatchedIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly watch: (server: WatchedServer) => void,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Parameters<IoAdapter['createIOServer']>[1]) {
    const server: IoServer = super.createIOServer(port, options);
    this.watch(server as unknown as WatchedServer);
    return server;
  }
}
