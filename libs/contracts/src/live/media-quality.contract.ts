import { connectionGrades } from '@hearth/domain/vocabulary';
import { z } from 'zod';

/**
 * Connection quality and staying in a call on a poor network: what the media server measures
 * for each client (`media:quality`), what the client reports of its own downlink
 * (`media:downlink`) and audio only (`media:audio-only`).
 */

/** mediasoup's 0–10 score of one RTP stream (10: no loss). */
const score = z.number().int().min(0).max(10);

/**
 * How well a participant's connection carries the call, from their media's scores on the server
 * and the downlink their client reports; 'unknown' until there is anything to go on.
 */
export const connectionGradeSchema = z.enum(connectionGrades);
export type ConnectionGrade = z.infer<typeof connectionGradeSchema>;

/**
 * Server→client, at most once a second: the scores of the recipient's own producers (how well
 * the server receives them: the uplink) and of its consumers (how well it receives the others:
 * `score` is the server→client stream, `producerScore` the sender's uplink).
 */
export const mediaQualitySchema = z.object({
  producers: z.array(z.object({ producerId: z.string(), score })),
  consumers: z.array(z.object({ consumerId: z.string(), score, producerScore: score })),
});
export type MediaQuality = z.infer<typeof mediaQualitySchema>;

/**
 * Server→client: which simulcast layers of one of the recipient's own video producers anyone
 * receives (dynacast), lowest first; the client sends only these. The lowest layer is always in
 * it. Sent at once when a layer becomes wanted, a moment later when one no longer is.
 */
export const producerLayersSchema = z.object({
  producerId: z.string(),
  spatialLayers: z.array(z.number().int().min(0).max(2)).min(1).max(3),
});
export type ProducerLayers = z.infer<typeof producerLayersSchema>;

/**
 * A tile's size is multiplied by the screen's devicePixelRatio up to this much only: a phone's
 * ratio of 3 would otherwise ask for the top layer for a thumbnail.
 */
export const MAX_TILE_PIXEL_RATIO = 2;

/** Downlink below this (kbps) cannot carry video well; offer audio only. */
export const AUDIO_ONLY_SUGGESTED_BELOW_KBPS = 150;

/** Client→server requests about quality (merged into `liveRequests`). */
export const qualityRequests = {
  /**
   * What the client measures of its downlink (its available incoming bitrate), at most every
   * few seconds; one input to its connection grade.
   */
  'media:downlink': {
    payload: z.object({ kbps: z.number().min(0).max(1_000_000) }).strict(),
    result: z.object({}).strict(),
  },
  /**
   * Audio only: the server pauses (enabled) or resumes every video this connection receives;
   * audio is untouched. Kept for the rest of the session, also across a reconnect.
   */
  'media:audio-only': {
    payload: z.object({ enabled: z.boolean() }).strict(),
    result: z.object({ audioOnly: z.boolean() }),
  },
} as const;
