import { apiRoutes } from '../routes';
import { buildOpenApiDocument } from './openapi';
import { z } from 'zod';
import { defineRoute } from './route';

describe('buildOpenApiDocument', () => {
  it('documents every contract route with its response schema', () => {
    const doc = buildOpenApiDocument({ title: 'Hearth', version: '1' }, apiRoutes) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { responses: Record<string, unknown>; security?: unknown[] }>
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/health/live', '/health/ready']),
    );
    const ready = doc.paths['/health/ready']?.get;
    expect(Object.keys(ready?.responses ?? {})).toEqual(['200', '400', '500', '503']);
    expect(ready?.security).toEqual([]);
  });

  it('turns :params into path parameters and lists query fields with their requiredness', () => {
    const route = defineRoute({
      method: 'GET',
      path: '/api/courses/:courseId',
      summary: 's',
      tags: ['t'],
      params: z.object({ courseId: z.uuid() }),
      query: z.object({ from: z.iso.datetime(), limit: z.coerce.number().optional() }),
      response: z.object({ ok: z.boolean() }),
    });
    const doc = buildOpenApiDocument({ title: 'T', version: '1' }, [route]) as {
      paths: Record<
        string,
        Record<string, { parameters: { name: string; in: string; required: boolean }[] }>
      >;
    };
    const op = doc.paths['/api/courses/{courseId}']?.get;
    expect(op?.parameters.map((p) => [p.name, p.in, p.required])).toEqual([
      ['courseId', 'path', true],
      ['from', 'query', true],
      ['limit', 'query', false],
    ]);
  });
});
