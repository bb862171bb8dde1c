import { z } from 'zod';
import { apiErrorBodySchema } from './errors';
import type { RouteContract } from './route';

type JsonSchema = Record<string, unknown>;

export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

const statusText: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No content',
  400: 'The request is invalid; details.issues names each field',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflicts with existing data',
  413: 'Too large',
  422: 'Cannot be processed',
  429: 'Too many requests',
  500: 'Unexpected server error',
  503: 'Temporarily unavailable',
};

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
  delete (json as { $schema?: unknown }).$schema;
  return json as JsonSchema;
}

function toParameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = toJsonSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

/** Builds an OpenAPI 3.1 document from route contracts, so the docs cannot drift from the code. */
export function buildOpenApiDocument(
  info: OpenApiInfo,
  routes: readonly RouteContract[],
): JsonSchema {
  const errorSchema = toJsonSchema(apiErrorBodySchema, 'output');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
    const success = route.status ?? 200;
    const responses: Record<string, unknown> = {
      [success]: {
        description: statusText[success] ?? 'Success',
        content: {
          [route.contentType ?? 'application/json']: {
            schema: toJsonSchema(route.response, 'output'),
          },
        },
      },
    };
    const errorStatuses = new Set<number>([400, 500, ...(route.errors ?? [])]);
    if (!route.public) errorStatuses.add(401);
    for (const status of [...errorStatuses].sort((a, b) => a - b)) {
      responses[status] = {
        description: statusText[status] ?? 'Error',
        content: { 'application/json': { schema: errorSchema } },
      };
    }
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      summary: route.summary,
      ...(route.roles ? { description: `Allowed for: ${route.roles.join(', ')}.` } : {}),
      tags: [...route.tags],
      operationId: `${route.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c?: string) => (c ? c.toUpperCase() : ''))}`,
      parameters: [
        ...toParameters(route.params, 'path'),
        ...toParameters(route.query, 'query'),
        ...(route.idempotent
          ? [
              {
                name: 'Idempotency-Key',
                in: 'header',
                required: false,
                description:
                  'Makes a retry safe: the same key with the same body returns the first result; with another body, 422.',
                schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,128}$' },
              },
            ]
          : []),
      ],
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toJsonSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses,
      ...(route.public ? { security: [] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: { ...info },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    security: [{ bearer: [] }],
  };
}
