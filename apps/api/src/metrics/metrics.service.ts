import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { ClusterService } from '../live/cluster.service';
import { SfuService } from '../live/sfu.service';
import { JsonLogger } from '../logging/json-logger';
import { LiveMetrics, type WatchedServer } from './live-metrics';
import { startMetricsServer, type MetricsServer } from './metrics-server';
import { SfuMetrics } from './sfu-metrics';

/** The pg Pool's counts, where the driver has one (the embedded database has no pool). */
interface PoolCounts {
  totalCount?: unknown;
  idleCount?: unknown;
  waitingCount?: unknown;
}

/**
 * Prometheus metrics for operators, served only on their own port (METRICS_PORT, bound to
 * METRICS_HOST, loopback by default): never on the public one. Per node: Node's process figures,
 * HTTP latency by route pattern, live sockets and joins, cluster state, the database pool and
 * Redis; per media worker: see {@link SfuMetrics}. No label carries a person, session or any id.
 */
@Injectable()
export class MetricsService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  readonly registry = new Registry();
  readonly live = new LiveMetrics(this.registry);
  readonly #sfuMetrics = new SfuMetrics(this.registry);
  readonly #http: Histogram;
  #server: MetricsServer | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(SfuService) private readonly sfu: SfuService,
    @Inject(ClusterService) private readonly cluster: ClusterService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {
    collectDefaultMetrics({ register: this.registry });
    this.#http = new Histogram({
      name: 'hearth_http_request_duration_seconds',
      help: 'HTTP request latency by method, route pattern and status class',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.#clusterMetrics();
    this.#databaseMetrics();
  }

  onModuleInit(): void {
    // The workers started in SfuService's own init, before any room: every router is seen.
    if (this.sfu.started) this.#sfuMetrics.watch(this.sfu.pool);
  }

  async onApplicationBootstrap(): Promise<void> {
    const metrics = this.config.metrics;
    if (!metrics) return;
    this.#server = await startMetricsServer(metrics, this.registry);
    this.logger.event(
      'info',
      'metrics served',
      { host: metrics.host, port: this.#server.port },
      'metrics',
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.#server?.close();
  }

  /** Where the metrics listen (tests start with METRICS_PORT=0). */
  get port(): number | undefined {
    return this.#server?.port;
  }

  /** Follows the live-session socket server (called when it is created). */
  watchSockets(server: WatchedServer): void {
    this.live.watch(server);
  }

  /** Express middleware timing every request by its route pattern (never the raw URL). */
  httpMiddleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const end = this.#http.startTimer();
      res.on('finish', () => {
        const route = (req.route as { path?: unknown } | undefined)?.path;
        end({
          method: /^[A-Z]{3,7}$/.test(req.method) ? req.method : 'OTHER',
          route: typeof route === 'string' ? `${req.baseUrl}${route}` : '(unmatched)',
          status: `${Math.floor(res.statusCode / 100)}xx`,
        });
      });
      next();
    };
  }

  #clusterMetrics(): void {
    const cluster = this.cluster;
    new Gauge({
      name: 'hearth_redis_up',
      help: 'Whether this node reaches Redis (1) or not (0); absent without REDIS_URL',
      registers: [this.registry],
      collect() {
        this.reset();
        if (cluster.enabled) this.set(cluster.redisReady ? 1 : 0);
      },
    });
    new Gauge({
      name: 'hearth_cluster_hosted_sessions',
      help: 'Live sessions whose lease this node holds',
      registers: [this.registry],
      collect() {
        this.set(cluster.hostedCount);
      },
    });
    const failovers = new Counter({
      name: 'hearth_cluster_failovers_total',
      help: 'Sessions this node took over from a node whose lease lapsed (it crashed or lost Redis)',
      registers: [this.registry],
    });
    const renewalFailures = new Counter({
      name: 'hearth_cluster_lease_renewal_failures_total',
      help: 'Heartbeats in which this node could not renew its leases in Redis',
      registers: [this.registry],
    });
    cluster.on('tookOver', () => failovers.inc());
    cluster.on('renewalFailed', () => renewalFailures.inc());
  }

  #databaseMetrics(): void {
    const dataSource = this.dataSource;
    new Gauge({
      name: 'hearth_db_pool_connections',
      help: 'PostgreSQL pool connections: total, idle, and requests waiting for one',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        this.reset();
        const pool = (dataSource.driver as { master?: PoolCounts }).master;
        for (const [state, value] of [
          ['total', pool?.totalCount],
          ['idle', pool?.idleCount],
          ['waiting', pool?.waitingCount],
        ] as const) {
          if (typeof value === 'number') this.set({ state }, value);
        }
      },
    });
  }
}
