import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { idempotencyKeyHeader, idempotencyKeySchema } from '@hearth/contracts';
import { DomainError } from '@hearth/domain';
import type { Request } from 'express';

/** The request's `Idempotency-Key` header, validated; undefined when the caller sent none. */
export const IdempotencyKey = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | undefined => {
    const raw = ctx.switchToHttp().getRequest<Request>().header(idempotencyKeyHeader);
    if (raw === undefined) return undefined;
    const parsed = idempotencyKeySchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    const message = parsed.error.issues[0]?.message ?? 'is not valid';
    throw new DomainError('validation_failed', `Invalid ${idempotencyKeyHeader}: ${message}`, {
      issues: [{ location: 'header', path: idempotencyKeyHeader, message }],
    });
  },
);
