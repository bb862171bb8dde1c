import { liveRequests } from './live.contract';

describe('e2ee requests on the wire', () => {
  const publicKey = `B${'A'.repeat(86)}`;
  it('takes well-formed keys and refuses anything else', () => {
    expect(liveRequests['e2ee:announce'].payload.safeParse({ publicKey }).success).toBe(true);
    for (const bad of [`${publicKey}=`, publicKey.slice(1), `${publicKey.slice(1)}+`, 42]) {
      expect(liveRequests['e2ee:announce'].payload.safeParse({ publicKey: bad }).success).toBe(
        false,
      );
    }
    expect(
      liveRequests['e2ee:announce'].payload.safeParse({ publicKey, privateKey: 'x' }).success,
    ).toBe(false);
  });

  it('bounds a media key request: key id, recipients, wrapped size', () => {
    const key = { to: '22222222-2222-4222-8222-222222222222', wrapped: 'w'.repeat(59) };
    const schema = liveRequests['e2ee:media-key'].payload;
    expect(schema.safeParse({ keyId: 0, keys: [key] }).success).toBe(true);
    expect(schema.safeParse({ keyId: 256, keys: [key] }).success).toBe(false);
    expect(schema.safeParse({ keyId: 1, keys: [] }).success).toBe(false);
    expect(schema.safeParse({ keyId: 1, keys: new Array(65).fill(key) }).success).toBe(false);
    expect(
      schema.safeParse({ keyId: 1, keys: [{ ...key, wrapped: 'w'.repeat(60) }] }).success,
    ).toBe(false);
    expect(schema.safeParse({ keyId: 1, keys: [{ ...key, to: 'ana' }] }).success).toBe(false);
  });
});
