import { type LoggerService } from '@nestjs/common';
import type { LogLevel } from '../config/config';
import { currentRequestId } from './request-context';

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

/**
 * One JSON object per line on stdout. Callers pass ids, routes, codes and timings — never request
 * bodies, names, emails or health data — so the log is safe to ship to any collector.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly level: LogLevel,
    private readonly write: (line: string) => void = (line) => process.stdout.write(line),
  ) {}

  log(message: unknown, context?: string): void {
    this.emit('info', message, context);
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
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      msg,
      ...(context ? { context } : {}),
      ...(requestId ? { requestId } : {}),
      ...fields,
    };
    this.write(`${JSON.stringify(line)}\n`);
  }
}
