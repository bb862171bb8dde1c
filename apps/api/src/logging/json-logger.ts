import { type LoggerService } from '@nestjs/common';
import type { LogFormat, LogLevel } from '../config/config';
import { currentRequestId } from './request-context';

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

// Nest's own start-up chatter (a line per module, controller and route, ~100 in all) is debug
// detail; at info a newcomer's first line is where Hearth is running.
const nestStartupContexts = new Set([
  'InstanceLoader',
  'NestFactory',
  'NestApplication',
  'RoutesResolver',
  'RouterExplorer',
  'WebSocketsController',
]);

/**
 * One JSON object per line on stdout — or, for a person at a terminal, one readable line per
 * event (`format: 'text'`). Callers pass ids, routes, codes and timings — never request bodies,
 * names, emails or health data — so the log is safe to ship to any collector.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly level: LogLevel,
    private readonly write: (line: string) => void = (line) => process.stdout.write(line),
    private readonly format: LogFormat = 'json',
  ) {}

  log(message: unknown, context?: string): void {
    this.emit(context && nestStartupContexts.has(context) ? 'debug' : 'info', message, context);
  }
  error(message: unknown, traceOrContext?: string, context?: string): void {
    // Nest calls error(message, stack, context) and error(message, context).
    const ctx =
      context ?? (traceOrContext && !traceOrContext.includes('\n') ? traceOrContext : undefined);
    const stack = context
      ? traceOrContext
      : traceOrContext?.includes('\n')
        ? traceOrContext
        : undefined;
    this.emit('error', message, ctx, stack ? { stack } : undefined);
  }
  warn(message: unknown, context?: string): void {
    this.emit('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.emit('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.emit('debug', message, context);
  }
  fatal(message: unknown, context?: string): void {
    this.emit('error', message, context);
  }

  /** Structured event: a fixed message plus typed fields. */
  event(level: LogLevel, msg: string, fields: LogFields, context?: string): void {
    this.emit(level, msg, context, fields);
  }

  private emit(level: LogLevel, message: unknown, context?: string, fields?: LogFields): void {
    if (rank[level] < rank[this.level]) return;
    const msg =
      message instanceof Error
        ? message.message
        : typeof message === 'string'
          ? message
          : JSON.stringify(message);
    const requestId = currentRequestId();
    const time = new Date().toISOString();
    if (this.format === 'text') {
      this.write(`${textLine(time, level, msg, context, { requestId, ...fields })}\n`);
      return;
    }
    const line: Record<string, unknown> = {
      time,
      level,
      msg,
      ...(context ? { context } : {}),
      ...(requestId ? { requestId } : {}),
      ...fields,
    };
    this.write(`${JSON.stringify(line)}\n`);
  }
}

/** `12:04:31 warn  [live] message key=value …`: the same fields as the JSON line. */
function textLine(
  time: string,
  level: LogLevel,
  msg: string,
  context: string | undefined,
  fields: Record<string, unknown>,
): string {
  const extra = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      return `${key}=${/[\s"=]/.test(text) ? JSON.stringify(text) : text}`;
    });
  const where = context ? `[${context}] ` : '';
  return [`${time.slice(11, 19)} ${level.padEnd(5)} ${where}${msg}`, ...extra].join(' ');
}
