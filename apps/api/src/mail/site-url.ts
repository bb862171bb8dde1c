import { Inject, Injectable } from '@nestjs/common';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';

/**
 * The address links in emails point at: PUBLIC_URL, or else the address this node listens on.
 * Never the request's Host header — a forged one would put an attacker's site into a password
 * reset link.
 */
@Injectable()
export class SiteUrl {
  #listening: string | undefined;

  constructor(@Inject(CONFIG) private readonly config: Config) {}

  /** Called once the server listens, with its own address. */
  listening(url: string): void {
    this.#listening ??= url;
  }

  /** An absolute link to a path of the web app. */
  link(path: string): string {
    const base = this.config.http.publicUrl ?? this.#listening ?? 'http://127.0.0.1:3000';
    return `${base.replace(/\/$/, '')}${path}`;
  }
}
