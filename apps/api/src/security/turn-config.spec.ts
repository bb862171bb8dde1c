import { ConfigError, loadConfig } from '../config/config';
import { iceServersFor } from './turn-credentials';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.variable);
  }
  return [];
};

describe('TURN configuration', () => {
  it('is off by default', () => {
    expect(loadConfig({}).turn).toEqual({ urls: [], credentialTtlSeconds: 14_400 });
  });

  it('refuses a TURN server without the secret it shares with Hearth', () => {
    expect(problemsOf({ TURN_URLS: 'turn:turn.example.org:3478' })).toEqual(['TURN_SECRET']);
    expect(problemsOf({ TURN_URLS: 'stun:stun.example.org:3478' })).toEqual([]);
  });

  it('names bad URLs, short secrets and lifetimes out of range', () => {
    expect(
      problemsOf({
        TURN_URLS: 'https://turn.example.org',
        TURN_SECRET: 'short',
        TURN_CREDENTIAL_TTL_SECONDS: '5',
      }).sort(),
    ).toEqual(['TURN_CREDENTIAL_TTL_SECONDS', 'TURN_SECRET', 'TURN_URLS']);
  });

  it('gives credentials that expire after the configured time', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const servers = iceServersFor(
      { urls: ['turn:t.example.org'], secret: 'x'.repeat(32), credentialTtlSeconds: 600 },
      'person-1',
      now,
    );
    expect(servers.expiresAt).toBe('2030-01-01T00:10:00.000Z');
    expect(servers.iceServers[0]?.username).toBe(`${now.getTime() / 1000 + 600}:person-1`);
  });
});
