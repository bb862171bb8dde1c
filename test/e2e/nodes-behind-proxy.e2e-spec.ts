import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import {
  enterSession,
  metric,
  setUpSession,
  signIn,
  startProxiedNodes,
  until,
  type ProxiedNode,
  type ProxiedNodes,
} from '../support/proxied-nodes';
import { showPanel } from '@hearth/testing';

// One address for three API nodes: Debian's nginx in front (docker/nginx/hearth-nodes.conf),
// routing the live socket by session id with consistent hashing. A therapist and a client in
// Chromium use only the proxy's origin: both land on the same node, which hosts the session, with
// no redirect; media flows. When that node is stopped (SIGTERM, as in a rolling restart), both
// come back on another node by themselves and media flows again. (Crashes and rolling restarts
// with the figures the README promises: nodes-failover.e2e-spec.ts.)

const redisUrl = process.env.TEST_REDIS_URL_PROXY ?? 'redis://127.0.0.1:6379/13';

describe('three API nodes behind one address', () => {
  let cluster: ProxiedNodes;
  let browser: Browser;
  const pages: Record<'therapist' | 'ana', Page> = {} as never;
  let sessionId: string;

  /** The node the live sockets are on, once both people's are on one. */
  const hostingNode = () => cluster.hostingNode(2);
  /** Media flows on a node: both people send video and receive the other's. */
  const mediaFlows = async (node: ProxiedNode) =>
    (await metric(node.metrics, 'hearth_sfu_producers', 'kind="video"')) >= 2 &&
    (await metric(node.metrics, 'hearth_sfu_consumers', 'kind="video"')) >= 2 &&
    (await metric(node.metrics, 'hearth_sfu_bitrate_bits_per_second', 'direction="out"')) > 0;

  beforeAll(async () => {
    cluster = await startProxiedNodes(redisUrl);
    const session = await setUpSession(cluster.proxy.url, cluster.smtp, ['ana']);
    sessionId = session.sessionId;
    browser = await launchBrowser();
    for (const key of ['therapist', 'ana'] as const) {
      pages[key] = await signIn(browser, cluster.proxy.url, session.people[key]!);
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await cluster?.close();
  });

  const enter = (key: 'therapist' | 'ana') =>
    enterSession(pages[key], cluster.proxy.url, sessionId);

  it('puts everyone of a session on one node through the one address, with no redirect', async () => {
    await enter('therapist');
    await pages.therapist.getByRole('toolbar', { name: 'Call controls' }).waitFor();
    await enter('ana');
    await pages.ana.getByRole('heading', { level: 1, name: 'Waiting room' }).waitFor();
    await showPanel(pages.therapist, 'People');
    await pages.therapist.getByRole('button', { name: 'Admit Person ana' }).click();
    await pages.ana.getByRole('toolbar', { name: 'Call controls' }).waitFor();

    await until('both people are on one node', async () => (await hostingNode()) !== undefined);
    const host = (await hostingNode())!;
    await until('media flows on that node', () => mediaFlows(host), 60_000);
    for (const node of cluster.nodes) {
      expect(await metric(node.metrics, 'hearth_live_joins_total', 'outcome="redirected"')).toBe(0);
      expect(await metric(node.metrics, 'hearth_cluster_hosted_sessions')).toBe(
        node === host ? 1 : 0,
      );
    }
  });

  it('brings both people back on another node by themselves when the hosting node stops', async () => {
    const host = (await hostingNode())!;
    const stopped = Date.now();
    expect(await host.stop('SIGTERM')).toBe(0);
    const exited = (Date.now() - stopped) / 1000;
    await until(
      'both people are on another node',
      async () => (await hostingNode()) !== undefined,
      30_000,
    );
    const next = (await hostingNode())!;
    const rejoined = (Date.now() - stopped) / 1000;
    await until('media flows again', () => mediaFlows(next), 30_000);
    const seconds = (Date.now() - stopped) / 1000;
    process.stdout.write(
      `after SIGTERM of the host: exited ${exited.toFixed(1)} s, both sockets on another node ` +
        `${rejoined.toFixed(1)} s, media flowing again ${seconds.toFixed(1)} s\n`,
    );
    // Generous for a loaded machine; the measured figures are what the README reports.
    expect(seconds).toBeLessThan(45);
    await pages.ana.getByRole('toolbar', { name: 'Call controls' }).waitFor();
    expect(await metric(next.metrics, 'hearth_live_joins_total', 'outcome="redirected"')).toBe(0);
  });
});
