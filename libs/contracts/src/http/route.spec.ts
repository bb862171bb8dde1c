import { buildPath } from './route';

describe('buildPath', () => {
  it('fills and encodes every parameter', () => {
    expect(buildPath('/api/courses/:courseId/sessions/:n', { courseId: 'a b/c', n: 3 })).toBe(
      '/api/courses/a%20b%2Fc/sessions/3',
    );
  });

  it('refuses a missing parameter instead of sending "undefined"', () => {
    expect(() => buildPath('/api/courses/:courseId', {})).toThrow(
      'Missing path parameter "courseId"',
    );
  });
});
