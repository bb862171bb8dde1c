import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('runs on the embedded database with no configuration at all', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: 'embedded', dataDir: '.hearth/pglite' });
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(config.env).toBe('development');
    expect(config.log.level).toBe('info');
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/hearth',
      DATABASE_POOL_SIZE: '4',
    });
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@db:5432/hearth',
      poolSize: 4,
    });
  });

  it('names every offending variable at once and never echoes a value', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://secret@x/y',
        LOG_LEVEL: 'loud',
        NODE_ENV: 'staging',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(problems).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'NODE_ENV', 'PORT']);
    expect((error as Error).message).not.toContain('secret');
    expect((error as Error).message).toContain('PORT: must be a number');
  });

  it('rejects an out-of-range port', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow('PORT: must be between 0 and 65535');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).database.kind).toBe('embedded');
  });

  it('is read-only', () => {
    const config = loadConfig({});
    expect(() => {
      (config.http as { port: number }).port = 1;
    }).toThrow(TypeError);
  });
});
