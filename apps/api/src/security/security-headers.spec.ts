import { contentSecurityPolicy } from './security-headers';

describe('contentSecurityPolicy', () => {
  it('allows only its own scripts and styles, no frames, and the socket on its own host', () => {
    const csp = contentSecurityPolicy({ https: false, host: 'hearth.example.org:3000' });
    expect(csp.split('; ')).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "connect-src 'self' ws://hearth.example.org:3000",
      ]),
    );
    // WebAssembly may be compiled (noise suppression, background blur); eval and inline code may not.
    expect(csp.replace("'wasm-unsafe-eval'", '')).not.toContain('unsafe');
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('uses wss: and upgrades requests over HTTPS', () => {
    const csp = contentSecurityPolicy({ https: true, host: 'hearth.example.org' });
    expect(csp).toContain("connect-src 'self' wss://hearth.example.org;");
    expect(csp).toContain('upgrade-insecure-requests');
  });

  it('ignores a forged Host header rather than letting it add directives', () => {
    const csp = contentSecurityPolicy({ https: false, host: "x; script-src 'unsafe-eval'" });
    expect(csp).toContain("connect-src 'self';");
    expect(csp).not.toContain("'unsafe-eval'");
  });

  it('lets only the API docs style inline', () => {
    expect(contentSecurityPolicy({ https: false, docs: true })).toContain(
      "style-src 'self' 'unsafe-inline'",
    );
  });
});
