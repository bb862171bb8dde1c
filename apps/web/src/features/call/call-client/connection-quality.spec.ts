import { describe, expect, it } from 'vitest';
import {
  gradeWords,
  scoreGrade,
  shouldOfferAudioOnly,
  statsGrade,
  worstGrade,
} from './connection-quality';

describe('connection grades', () => {
  it('grades mediasoup scores', () => {
    expect([10, 8, 7, 5, 4, 0, undefined].map(scoreGrade)).toEqual([
      'good',
      'good',
      'fair',
      'fair',
      'poor',
      'poor',
      'unknown',
    ]);
  });

  it('grades loss and round trip, the worse deciding', () => {
    expect(statsGrade(0.5, 80)).toBe('good');
    expect(statsGrade(5, 80)).toBe('fair');
    expect(statsGrade(1, 900)).toBe('poor');
    expect(statsGrade(null, null)).toBe('unknown');
    expect(statsGrade(null, 400)).toBe('fair');
    expect(worstGrade('unknown', 'good', 'fair')).toBe('fair');
    expect(worstGrade()).toBe('unknown');
  });

  it('offers audio only below 150 kbit/s or after poor readings in a row', () => {
    expect(shouldOfferAudioOnly(120, 0)).toBe(true);
    expect(shouldOfferAudioOnly(400, 0)).toBe(false);
    expect(shouldOfferAudioOnly(null, 3)).toBe(false);
    expect(shouldOfferAudioOnly(null, 4)).toBe(true);
  });

  it('words each grade for screen readers', () => {
    expect(gradeWords('poor', true)).toBe('Your connection: poor');
    expect(gradeWords('unknown', false)).toBe('Connection: not measured yet');
  });
});
