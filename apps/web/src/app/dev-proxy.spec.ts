// @vitest-environment node
import { LIVE_SOCKET_PATH } from '@hearth/contracts';
import { describe, expect, it } from 'vitest';
import viteConfig from '../../vite.config.mjs';

describe('the development proxy', () => {
  it('passes the live-session WebSocket through to the API, ahead of the plain /api/ entry', async () => {
    const config =
      typeof viteConfig === 'function'
        ? await viteConfig({ command: 'serve', mode: 'development' })
        : viteConfig;
    const proxy = config.server?.proxy ?? {};
    expect(proxy[LIVE_SOCKET_PATH]).toMatchObject({ ws: true });
    const keys = Object.keys(proxy);
    expect(keys.indexOf(LIVE_SOCKET_PATH)).toBeLessThan(keys.indexOf('/api/'));
  });
});
