import { describe, expect, it } from 'vitest';
import {
  backgroundEffects,
  backgroundLabels,
  firstMaskLimitMs,
  isBackgroundImage,
  loadBackgroundEffect,
  maskPauseMs,
  reportedEffect,
  saveBackgroundEffect,
  SlowDeviceWatch,
  slowWindowMs,
} from './video-effect';
import { memoryStorage } from '../../../testing/memory-storage';

describe('the remembered background choice', () => {
  it('is none until one is saved, then the saved one', () => {
    const storage = memoryStorage();
    expect(loadBackgroundEffect(storage)).toBe('none');
    saveBackgroundEffect(storage, 'strong');
    expect(loadBackgroundEffect(storage)).toBe('strong');
  });

  it('remembers a background picture like a blur', () => {
    const storage = memoryStorage();
    saveBackgroundEffect(storage, 'plants');
    expect(loadBackgroundEffect(storage)).toBe('plants');
    saveBackgroundEffect(storage, 'none');
    expect(loadBackgroundEffect(storage)).toBe('none');
  });

  it('ignores a value it does not know and storage that throws', () => {
    const storage = memoryStorage();
    storage.setItem('hearth.camera.background', 'sepia');
    expect(loadBackgroundEffect(storage)).toBe('none');
    const blocked = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('blocked');
      },
    } as unknown as Storage;
    expect(loadBackgroundEffect(blocked)).toBe('none');
    expect(() => saveBackgroundEffect(blocked, 'light')).not.toThrow();
    expect(loadBackgroundEffect(undefined)).toBe('none');
  });
});

describe('the background choices', () => {
  it('offers the room as it is, two blurs and three pictures, each with its own label', () => {
    expect(backgroundEffects).toEqual(['none', 'light', 'strong', 'room', 'plants', 'gradient']);
    const labels = backgroundEffects.map((effect) => backgroundLabels[effect]);
    expect(new Set(labels).size).toBe(labels.length);
    expect(backgroundEffects.filter(isBackgroundImage)).toEqual(['room', 'plants', 'gradient']);
  });

  it('tells the server blurred, replaced or as it is, never which picture', () => {
    expect(reportedEffect('none')).toBe('none');
    expect(reportedEffect('light')).toBe('light');
    expect(reportedEffect('strong')).toBe('strong');
    for (const image of ['room', 'plants', 'gradient'] as const) {
      expect(reportedEffect(image)).toBe('image');
    }
  });
});

describe('maskPauseMs', () => {
  it('leaves segmentation a third of the time on a slow device', () => {
    expect(maskPauseMs(150)).toBe(300);
    expect(150 / (150 + maskPauseMs(150))).toBeCloseTo(1 / 3, 5);
  });

  it('asks for no more than 15 masks a second on a fast one', () => {
    expect(maskPauseMs(10) + 10).toBeCloseTo(1000 / 15, 5);
    expect(maskPauseMs(0)).toBeCloseTo(1000 / 15, 5);
  });

  it('waits at most a second after a slow first mask (the model warming up)', () => {
    expect(maskPauseMs(4000)).toBe(1000);
  });
});

describe('SlowDeviceWatch', () => {
  it('waits for the first mask, up to its limit', () => {
    const watch = new SlowDeviceWatch(33, 8000);
    expect(watch.frame(0, 100)).toBeNull();
    expect(watch.frame(firstMaskLimitMs - 1, 100)).toBeNull();
    expect(watch.frame(firstMaskLimitMs + 1, 5)).toBe('masks');
  });

  it('gives up when frames take longer than the budget over a whole window', () => {
    const watch = new SlowDeviceWatch(33, 8000);
    watch.mask(0);
    let verdict = null;
    for (let t = 0; t <= 2 * slowWindowMs && verdict === null; t += 33) {
      watch.mask(t);
      verdict = watch.frame(t, 40);
    }
    expect(verdict).toBe('frames');
  });

  it('keeps going when only a few frames are slow', () => {
    const watch = new SlowDeviceWatch(33, 8000);
    for (let t = 0; t <= 3 * slowWindowMs; t += 33) {
      watch.mask(t);
      expect(watch.frame(t, t % 990 === 0 ? 200 : 5)).toBeNull();
    }
  });

  it('gives up when masks stop coming', () => {
    const watch = new SlowDeviceWatch(33, 8000);
    watch.mask(0);
    expect(watch.frame(7000, 5)).toBeNull();
    expect(watch.frame(8001, 5)).toBe('masks');
  });
});
