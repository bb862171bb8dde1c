import { CAMERA_LAYER_SIZES, layersForTile } from './tile-layers';

describe('layersForTile', () => {
  it.each([
    [{ width: 160, height: 90 }, 0],
    [{ width: 320, height: 180 }, 0],
    [{ width: 321, height: 180 }, 1],
    [{ width: 640, height: 360 }, 1],
    [{ width: 641, height: 360 }, 2],
    [{ width: 1280, height: 720 }, 2],
    [{ width: 1920, height: 1080 }, 2],
  ])('gives the smallest layer that fills a %j tile: %i', (tile, spatialLayer) => {
    expect(layersForTile(tile)).toEqual({ kind: 'layers', spatialLayer, temporalLayer: 2 });
  });

  it('counts device pixels: a 320×180 tile on a 2× screen needs the 640×360 layer', () => {
    expect(layersForTile({ width: 320, height: 180, devicePixelRatio: 2 })).toMatchObject({
      spatialLayer: 1,
    });
    expect(layersForTile({ width: 640, height: 360, devicePixelRatio: 1.5 })).toMatchObject({
      spatialLayer: 2,
    });
  });

  it('counts a devicePixelRatio above 2 as 2: a phone-sized tile never gets the top layer', () => {
    // A phone's grid tile (169×125 CSS px at devicePixelRatio 3) was 507×375: the 720p layer.
    expect(layersForTile({ width: 169, height: 125, devicePixelRatio: 3 })).toMatchObject({
      spatialLayer: 1,
    });
    expect(layersForTile({ width: 160, height: 90, devicePixelRatio: 3.5 })).toMatchObject({
      spatialLayer: 0,
    });
    for (const [width, height] of [
      [120, 90],
      [169, 125],
      [200, 150],
      [320, 180],
    ] as const) {
      for (const devicePixelRatio of [2, 2.625, 3, 3.5, 4]) {
        const choice = layersForTile({ width, height, devicePixelRatio });
        expect(choice).toMatchObject({ kind: 'layers' });
        expect(choice.kind === 'layers' && choice.spatialLayer).toBeLessThan(2);
      }
    }
  });

  it('needs both dimensions to fit, since tiles crop the video to fill them', () => {
    // A square tile of 300 CSS px is taller than the 180-px layer.
    expect(layersForTile({ width: 300, height: 300 })).toMatchObject({ spatialLayer: 1 });
    expect(layersForTile({ width: 600, height: 100 })).toMatchObject({ spatialLayer: 1 });
  });

  it('ignores layout fractions below half a pixel', () => {
    expect(layersForTile({ width: 320.4, height: 180.2 })).toMatchObject({ spatialLayer: 0 });
  });

  it.each([
    { width: 640, height: 360, visible: false },
    { width: 0, height: 360 },
    { width: 640, height: 0 },
    { width: -1, height: 360 },
    { width: Number.NaN, height: 360 },
  ])('pauses a hidden or empty tile: %j', (tile) => {
    expect(layersForTile(tile)).toEqual({ kind: 'pause' });
  });

  it('treats a missing or nonsensical pixel ratio as 1', () => {
    for (const devicePixelRatio of [undefined, 0, -2, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(layersForTile({ width: 320, height: 180, devicePixelRatio })).toMatchObject({
        spatialLayer: 0,
      });
    }
  });

  it('stays within the layers a producer really sends', () => {
    const twoLayers = CAMERA_LAYER_SIZES.slice(0, 2);
    expect(layersForTile({ width: 1280, height: 720 }, twoLayers, 0)).toEqual({
      kind: 'layers',
      spatialLayer: 1,
      temporalLayer: 0,
    });
    expect(layersForTile({ width: 1280, height: 720 }, [])).toEqual({ kind: 'pause' });
  });
});
