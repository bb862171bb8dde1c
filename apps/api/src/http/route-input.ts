import type { FieldIssue, ParsedRouteInput, RouteContract } from '@hearth/contracts';
import { DomainError } from '@hearth/domain';
import type { z } from 'zod';

type Location = Exclude<FieldIssue['location'], 'header'>;

function issuesOf(location: Location, error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    location,
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/**
 * Validates params, query and body against a route contract. All problems are reported together
 * as one `validation_failed` error naming each field; nothing is half-accepted.
 */
export function parseRouteInput<R extends RouteContract>(
  route: R,
  raw: { params: unknown; query: unknown; body: unknown },
): ParsedRouteInput<R> {
  const issues: FieldIssue[] = [];
  const parsed: Record<Location, unknown> = { params: {}, query: {}, body: undefined };
  for (const location of ['params', 'query', 'body'] as const) {
    const schema = route[location];
    if (!schema) continue;
    const result = schema.safeParse(raw[location] ?? (location === 'body' ? undefined : {}));
    if (result.success) parsed[location] = result.data;
    else issues.push(...issuesOf(location, result.error));
  }
  if (issues.length > 0) {
    const first = issues[0]!;
    const field = first.path ? `${first.location}.${first.path}` : first.location;
    throw new DomainError(
      'validation_failed',
      issues.length === 1
        ? `Invalid ${field}: ${first.message}`
        : `Invalid request: ${issues.length} problems, first ${field}: ${first.message}`,
      { issues },
    );
  }
  return parsed as unknown as ParsedRouteInput<R>;
}
