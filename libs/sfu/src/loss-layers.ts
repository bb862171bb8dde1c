/**
 * Loss-driven layer cap for one simulcast consumer. When the stream a receiver gets from a sender
 * arrives at the server with real loss (mediasoup's score of that RTP stream, after
 * retransmissions, at or below {@link LOSSY_SCORE}: about 5 % or more of its packets lost), the
 * consumer steps down one simulcast layer: a smaller layer puts fewer packets in each frame, so
 * fewer frames are broken and wait for a retransmission or a key frame, and the lossy uplink
 * carries less. It steps up again one layer at a time once the layer above has been clean
 * ({@link CLEAN_SCORE} or better) for {@link RECOVER_MS}. The tile's own choice stays the ceiling.
 *
 * Scores of 0 are streams the sender is not sending (its browser dropped them): not loss.
 */

/** At or below: a lossy stream (mediasoup scores 0–10 from the share of packets lost). */
export const LOSSY_SCORE = 8;
/** At or above: a clean stream again. */
export const CLEAN_SCORE = 9;
/** How long the layer above must stay clean before the cap is raised by one. */
export const RECOVER_MS = 10_000;
/** Lossy reports among the last {@link WINDOW} that step the layer down. */
const LOSSY_REPORTS = 2;
const WINDOW = 3;

export class LossCap {
  #cap: number | null = null;
  #recent: boolean[] = [];
  #cleanSince: number | null = null;

  /** The highest spatial layer allowed by loss (null: no cap). */
  get cap(): number | null {
    return this.#cap;
  }

  /**
   * Takes one report of the producer's stream scores (index = spatial layer) while the tile asks
   * for layer `wanted`; returns the cap after it.
   */
  report(producerScores: readonly number[], wanted: number, now: number): number | null {
    if (this.#cap !== null && this.#cap >= wanted) this.#reset();
    const forwarded = Math.min(wanted, this.#cap ?? wanted);
    const score = producerScores[forwarded];
    if (score === undefined) return this.#cap;
    this.#recent = [...this.#recent, score > 0 && score <= LOSSY_SCORE].slice(-WINDOW);
    if (forwarded > 0 && this.#recent.filter(Boolean).length >= LOSSY_REPORTS) {
      this.#cap = forwarded - 1;
      this.#recent = [];
      this.#cleanSince = null;
      return this.#cap;
    }
    if (this.#cap === null) return null;
    const above = producerScores[this.#cap + 1] ?? 0;
    if (above < CLEAN_SCORE || score < CLEAN_SCORE) {
      this.#cleanSince = null;
      return this.#cap;
    }
    this.#cleanSince ??= now;
    if (now - this.#cleanSince >= RECOVER_MS) {
      this.#cap += 1;
      this.#recent = [];
      this.#cleanSince = null;
      if (this.#cap >= wanted) this.#cap = null;
    }
    return this.#cap;
  }

  #reset(): void {
    this.#cap = null;
    this.#recent = [];
    this.#cleanSince = null;
  }
}
