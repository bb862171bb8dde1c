import { JsonLogger } from './json-logger';

function capture(level: 'debug' | 'info', format?: 'json' | 'text') {
  const lines: string[] = [];
  const logger = new JsonLogger(level, (line) => lines.push(line), format);
  return { logger, lines };
}

describe('JsonLogger', () => {
  it('writes one JSON object per line by default', () => {
    const { logger, lines } = capture('info');
    logger.event('warn', 'live join failed', { sessionId: 's-1', attempts: 2 }, 'live');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'warn',
      msg: 'live join failed',
      context: 'live',
      sessionId: 's-1',
      attempts: 2,
    });
  });

  it('writes a readable line with the same fields for a person at a terminal', () => {
    const { logger, lines } = capture('info', 'text');
    logger.event(
      'info',
      'Hearth is running at http://127.0.0.1:3000',
      { env: 'production' },
      'main',
    );
    logger.event('warn', 'slow', { route: 'GET /api/courses', note: 'two words' });
    expect(lines[0]).toMatch(
      /^\d\d:\d\d:\d\d info {2}\[main\] Hearth is running at http:\/\/127\.0\.0\.1:3000 env=production\n$/,
    );
    expect(lines[1]).toMatch(/ warn {2}slow route="GET \/api\/courses" note="two words"\n$/);
  });

  it("keeps Nest's start-up lines (modules, routes) at debug, so info starts with Hearth's own", () => {
    const quiet = capture('info');
    quiet.logger.log('Mapped {/api/courses, GET} route', 'RouterExplorer');
    quiet.logger.log('AppModule dependencies initialized', 'InstanceLoader');
    quiet.logger.log('serving the web app', 'web');
    expect(quiet.lines.map((line) => JSON.parse(line).msg)).toEqual(['serving the web app']);

    const verbose = capture('debug');
    verbose.logger.log('Mapped {/api/courses, GET} route', 'RouterExplorer');
    expect(JSON.parse(verbose.lines[0]!)).toMatchObject({ level: 'debug' });
  });
});
