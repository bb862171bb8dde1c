import { Inject, Injectable } from '@nestjs/common';
import type { LiveRequestPayload, LiveRequestResult } from '@hearth/contracts';
import { LiveRegistry, type LiveChannel } from './live-registry';
import { LiveViews } from './live-views';

/**
 * End-to-end encryption's signalling: the server keeps each connection's public key and the hash
 * of the safety code its page shows (both in the admitted participants' views) and relays media
 * keys wrapped for one recipient each. It holds nothing that decrypts media: the private keys
 * never leave the browsers, and a wrapped key opens only with its recipient's private key.
 */
@Injectable()
export class LiveE2eeService {
  constructor(
    @Inject(LiveRegistry) private readonly registry: LiveRegistry,
    @Inject(LiveViews) private readonly views: LiveViews,
  ) {}

  /** This connection's public key; a new key resets the reported safety code. */
  announce(
    channel: LiveChannel,
    publicKey: LiveRequestPayload<'e2ee:announce'>['publicKey'],
  ): LiveRequestResult<'e2ee:announce'> {
    const { hosted, connection } = this.registry.admitted(channel);
    if (connection.e2ee?.publicKey === publicKey) return {};
    connection.e2ee = { publicKey, codeHash: null };
    this.views.broadcast(hosted);
    return {};
  }

  /**
   * Hands each recipient the key wrapped for them, with who sent it. Only people admitted to the
   * same session receive one; a recipient who is not (any more) is skipped, not an error: they
   * may have left while the sender wrapped.
   */
  mediaKey(
    channel: LiveChannel,
    request: LiveRequestPayload<'e2ee:media-key'>,
  ): LiveRequestResult<'e2ee:media-key'> {
    const { hosted, connection } = this.registry.admitted(channel);
    let delivered = 0;
    const seen = new Set<string>();
    for (const { to, wrapped } of request.keys) {
      if (to === connection.personId || seen.has(to)) continue;
      seen.add(to);
      const recipient = hosted.connections.get(to);
      if (!recipient || !hosted.live.isAdmitted(to)) continue;
      recipient.channel.emit('e2ee:media-key', {
        fromId: connection.personId,
        keyId: request.keyId,
        wrapped,
      });
      delivered += 1;
    }
    return { delivered };
  }

  /** The hash of the safety code this connection's page shows, for the therapists' views. */
  verify(
    channel: LiveChannel,
    codeHash: LiveRequestPayload<'e2ee:verify'>['codeHash'],
  ): LiveRequestResult<'e2ee:verify'> {
    const { hosted, connection } = this.registry.admitted(channel);
    const e2ee = connection.e2ee;
    if (!e2ee) return {};
    if (e2ee.codeHash === codeHash) return {};
    e2ee.codeHash = codeHash;
    this.views.broadcast(hosted);
    return {};
  }
}
