import { z } from 'zod';
import { type NotesKey, notesKeysSchema } from '../clinical/notes-keys';

const logLevels = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof logLevels)[number];
const logFormats = ['json', 'text'] as const;
export type LogFormat = (typeof logFormats)[number];

const port = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const positiveInt = (max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, `must be between 1 and ${max}`)
    .max(max, `must be between 1 and ${max}`);

// Every variable Hearth reads, in one place. Unknown variables are ignored; known ones are
// validated together so a bad deployment hears about every mistake at once.
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  PORT: port.default(3000),
  PUBLIC_URL: z
    .url({
      protocol: /^https?$/,
      error: 'must be an http(s) URL such as https://hearth.example.org',
    })
    .optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// URL')
    .refine((value) => URL.canParse(value), 'must be a valid URL')
    .optional(),
  DATABASE_POOL_SIZE: positiveInt(200).default(10),
  HEARTH_DATA_DIR: z.string().min(1, 'must not be empty').default('.hearth'),
  WEB_DIST_DIR: z.string().min(1, 'must not be empty').default('dist/apps/web'),
  LOG_LEVEL: z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).default('info'),
  LOG_FORMAT: z.enum(logFormats, { error: `must be one of ${logFormats.join(', ')}` }).optional(),
  SHUTDOWN_TIMEOUT_MS: positiveInt(120_000).default(10_000),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL_SECONDS: positiveInt(3_600).default(900),
  REFRESH_TOKEN_TTL_DAYS: positiveInt(90).default(30),
  INVITATION_TTL_HOURS: positiveInt(24 * 30).default(72),
  COOKIE_SECURE: z.enum(['true', 'false'], { error: 'must be true or false' }).default('true'),
  TRUST_PROXY: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, 'must be an smtp:// or smtps:// URL')
    .refine((value) => URL.canParse(value), 'must be a valid URL')
    .optional(),
  MAIL_FROM: z
    .string()
    .min(3, 'must be an address such as Hearth <hearth@example.org>')
    .default('Hearth <hearth@localhost>'),
  MAIL_OUTBOX_INTERVAL_SECONDS: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be 0 (off) or up to 3600')
    .max(3600, 'must be 0 (off) or up to 3600')
    .default(15),
  REMINDER_INTERVAL_SECONDS: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be 0 (off) or up to 3600')
    .max(3600, 'must be 0 (off) or up to 3600')
    .default(60),
  THERAPY_REQUEST_RETENTION_DAYS: positiveInt(3_650).default(180),
  THERAPY_REQUEST_SWEEP_SECONDS: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be 0 (off) or up to 86400')
    .max(86_400, 'must be 0 (off) or up to 86400')
    .default(3_600),
  THERAPY_REQUEST_MIN_FILL_SECONDS: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 600')
    .max(600, 'must be between 0 and 600')
    .default(3),
  ALLOWED_ORIGINS: z
    .string()
    .refine(
      (value) => value.split(',').every((entry) => isOrigin(entry.trim())),
      'must be a comma-separated list of origins such as https://hearth.example.org',
    )
    .optional(),
  SFU_WORKERS: positiveInt(64).optional(),
  SFU_LISTEN_IP: z.ipv4({ error: 'must be an IPv4 address' }).or(z.ipv6()).default('127.0.0.1'),
  SFU_ANNOUNCED_ADDRESS: z.string().min(1, 'must not be empty').optional(),
  SFU_PORT: port.default(44444),
  SFU_DYNACAST: z.enum(['true', 'false'], { error: 'must be true or false' }).default('true'),
  LIVE_E2EE: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/.+/, 'must be a redis:// or rediss:// URL')
    .refine((value) => URL.canParse(value), 'must be a valid URL')
    .optional(),
  NODE_URL: z
    .url({
      protocol: /^https?$/,
      error: 'must be an http(s) URL such as https://node-1.hearth.example.org',
    })
    .optional(),
  METRICS_PORT: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be a port between 0 and 65535')
    .max(65_535, 'must be a port between 0 and 65535')
    .optional(),
  METRICS_HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  NOTES_KEYS: notesKeysSchema.optional(),
  TURN_URLS: z
    .string()
    .refine(
      (value) => value.split(',').every((entry) => /^(turns?|stun):[^\s,]+$/.test(entry.trim())),
      'must be a comma-separated list of turn:, turns: or stun: URLs',
    )
    .optional(),
  TURN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TURN_CREDENTIAL_TTL_SECONDS: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(600, 'must be between 600 and 86400')
    .max(86_400, 'must be between 600 and 86400')
    .default(14_400),
});

function isOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return /^https?:$/.test(url.protocol) && url.origin === value.replace(/\/$/, '');
}

/** The validated, read-only configuration the whole API runs on. */
export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly http: { readonly host: string; readonly port: number; readonly publicUrl?: string };
  readonly database:
    | { readonly kind: 'postgres'; readonly url: string; readonly poolSize: number }
    | { readonly kind: 'embedded'; readonly dataDir: string };
  readonly dataDir: string;
  readonly web: { readonly distDir: string };
  readonly log: {
    readonly level: LogLevel;
    /** JSON lines, or readable text; when absent, text on a terminal and JSON otherwise. */
    readonly format?: LogFormat;
  };
  readonly shutdownTimeoutMs: number;
  readonly auth: {
    /** Signing key for access tokens; when absent one is generated and kept in the data folder. */
    readonly jwtSecret?: string;
    readonly accessTokenTtlSeconds: number;
    readonly refreshTokenTtlDays: number;
    readonly invitationTtlHours: number;
    readonly cookieSecure: boolean;
  };
  /** Whether X-Forwarded-For from a reverse proxy names the client (for rate limits). */
  readonly trustProxy: boolean;
  readonly mail: {
    /** SMTP server for outgoing mail; when absent, mail is logged (without its content) instead. */
    readonly smtpUrl?: string;
    readonly from: string;
    /** How often this node retries email the mail server refused; 0 turns the timer off here. */
    readonly outboxIntervalSeconds: number;
  };
  /** How often due reminders are queued and sent; 0 turns the sender off on this node. */
  readonly reminderIntervalSeconds: number;
  /** Requests for therapy from the public form. */
  readonly therapyRequests: {
    /** Days after its decision (or arrival, undecided) that a request's personal data is cleared. */
    readonly retentionDays: number;
    /** How often this node clears expired requests; 0 turns the sweep off here. */
    readonly sweepIntervalSeconds: number;
    /** Seconds the form must be open before it may be sent (spam resistance). */
    readonly minFillSeconds: number;
  };
  /** Browser origins allowed to open the live-session socket besides the server's own. */
  readonly allowedOrigins: readonly string[];
  /**
   * Several API nodes: Redis links their sockets and says which node hosts each live session;
   * `nodeUrl` is where clients reach this very node (default: its own address).
   */
  readonly cluster?: { readonly redisUrl: string; readonly nodeUrl?: string };
  /** The media server (mediasoup) of live sessions. */
  readonly sfu: {
    /** Worker processes; one per core when absent. */
    readonly workers?: number;
    /** Address the media ports bind to. */
    readonly listenIp: string;
    /** Address or host name browsers reach the media ports at (behind NAT). */
    readonly announcedAddress?: string;
    /** First WebRTC port (one per worker); 0 picks free ports. */
    readonly port: number;
    /** Senders send only the simulcast layers someone receives (dynacast). */
    readonly dynacast: boolean;
  };
  /** Live sessions. */
  readonly live: {
    /** Every session's media is end-to-end encrypted (browsers that cannot, cannot send). */
    readonly e2ee: boolean;
  };
  /**
   * Prometheus metrics on a port of their own (never the public one); absent without
   * METRICS_PORT. 0 picks a free port (tests).
   */
  readonly metrics?: { readonly host: string; readonly port: number };
  /** Keys sealing therapist notes, current first; when absent one is generated in the data folder. */
  readonly notes: { readonly keys?: readonly NotesKey[] };
  /** TURN servers offered to browsers, with coturn REST API credentials (`use-auth-secret`). */
  readonly turn: {
    readonly urls: readonly string[];
    readonly secret?: string;
    readonly credentialTtlSeconds: number;
  };
}

/** Start-up refused: names every offending variable, never echoes values (they may be secrets). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`,
    );
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function allowedOrigins(e: z.infer<typeof envSchema>): string[] {
  const origins = new Set(
    (e.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((entry) => entry.trim().replace(/\/$/, ''))
      .filter(Boolean),
  );
  if (e.PUBLIC_URL) origins.add(new URL(e.PUBLIC_URL).origin);
  // The Vite dev server proxies the API from its own origin.
  if (e.NODE_ENV === 'development') {
    origins.add('http://localhost:4200');
    origins.add('http://127.0.0.1:4200');
  }
  return [...origins];
}

/** Validates the environment once; throws {@link ConfigError} listing every bad variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  // An empty variable means "not set", as in most shells' `VAR= command`.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? '(environment)'),
      message: issue.message,
    }));
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const turnUrls = (e.TURN_URLS ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  if (turnUrls.some((url) => url.startsWith('turn')) && !e.TURN_SECRET) {
    throw new ConfigError([
      { variable: 'TURN_SECRET', message: 'must be set when TURN_URLS names a TURN server' },
    ]);
  }
  const dataDir = e.HEARTH_DATA_DIR;
  return deepFreeze<Config>({
    env: e.NODE_ENV,
    http: { host: e.HOST, port: e.PORT, ...(e.PUBLIC_URL ? { publicUrl: e.PUBLIC_URL } : {}) },
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'embedded', dataDir: `${dataDir}/pglite` },
    dataDir,
    web: { distDir: e.WEB_DIST_DIR },
    log: { level: e.LOG_LEVEL, ...(e.LOG_FORMAT ? { format: e.LOG_FORMAT } : {}) },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    auth: {
      ...(e.JWT_SECRET ? { jwtSecret: e.JWT_SECRET } : {}),
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
      invitationTtlHours: e.INVITATION_TTL_HOURS,
      cookieSecure: e.COOKIE_SECURE === 'true',
    },
    trustProxy: e.TRUST_PROXY === 'true',
    mail: {
      ...(e.SMTP_URL ? { smtpUrl: e.SMTP_URL } : {}),
      from: e.MAIL_FROM,
      outboxIntervalSeconds: e.MAIL_OUTBOX_INTERVAL_SECONDS,
    },
    reminderIntervalSeconds: e.REMINDER_INTERVAL_SECONDS,
    therapyRequests: {
      retentionDays: e.THERAPY_REQUEST_RETENTION_DAYS,
      sweepIntervalSeconds: e.THERAPY_REQUEST_SWEEP_SECONDS,
      minFillSeconds: e.THERAPY_REQUEST_MIN_FILL_SECONDS,
    },
    allowedOrigins: allowedOrigins(e),
    ...(e.REDIS_URL
      ? { cluster: { redisUrl: e.REDIS_URL, ...(e.NODE_URL ? { nodeUrl: e.NODE_URL } : {}) } }
      : {}),
    sfu: {
      ...(e.SFU_WORKERS ? { workers: e.SFU_WORKERS } : {}),
      listenIp: e.SFU_LISTEN_IP,
      ...(e.SFU_ANNOUNCED_ADDRESS ? { announcedAddress: e.SFU_ANNOUNCED_ADDRESS } : {}),
      port: e.SFU_PORT,
      dynacast: e.SFU_DYNACAST === 'true',
    },
    live: { e2ee: e.LIVE_E2EE === 'true' },
    ...(e.METRICS_PORT !== undefined
      ? { metrics: { host: e.METRICS_HOST, port: e.METRICS_PORT } }
      : {}),
    notes: e.NOTES_KEYS ? { keys: e.NOTES_KEYS } : {},
    turn: {
      urls: turnUrls,
      ...(e.TURN_SECRET ? { secret: e.TURN_SECRET } : {}),
      credentialTtlSeconds: e.TURN_CREDENTIAL_TTL_SECONDS,
    },
  });
}
