import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A stateless token for the public request form: when it was handed out and for which practice,
 * signed with a key derived from the install's secret. Any API node can check it, nothing is
 * stored for a form that is never sent, and it cannot be moved to another practice or back-dated.
 */
export class FormTokens {
  private readonly key: Buffer;

  constructor(secret: Uint8Array) {
    // A key of its own, so a form token can never be mistaken for anything else signed here.
    this.key = createHmac('sha256', secret).update('hearth:therapy-request-form').digest();
  }

  issue(practiceId: string, now: number): string {
    const issued = now.toString(36);
    const nonce = randomBytes(9).toString('base64url');
    return `${issued}.${nonce}.${this.mac(practiceId, issued, nonce)}`;
  }

  /** When the token was issued, or undefined when it is not a token this install gave out for `practiceId`. */
  issuedAt(token: string, practiceId: string): number | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [issued, nonce, mac] = parts as [string, string, string];
    if (!/^[0-9a-z]{1,12}$/.test(issued) || !/^[A-Za-z0-9_-]{12}$/.test(nonce)) return undefined;
    const expected = Buffer.from(this.mac(practiceId, issued, nonce));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return parseInt(issued, 36);
  }

  private mac(practiceId: string, issued: string, nonce: string): string {
    return createHmac('sha256', this.key)
      .update(`${practiceId}.${issued}.${nonce}`)
      .digest('base64url');
  }
}
