// Finds the person in a camera picture with MediaPipe's selfie segmentation, running in this
// page. The model, the graph, the WASM and its loader are files of Hearth's own build (content-
// hashed under /assets, served by Hearth): no picture and no request leaves for anywhere else.
import loaderUrl from '@mediapipe/selfie_segmentation/selfie_segmentation.js?url&no-inline';
import graphUrl from '@mediapipe/selfie_segmentation/selfie_segmentation.binarypb?url&no-inline';
import modelUrl from '@mediapipe/selfie_segmentation/selfie_segmentation_landscape.tflite?url&no-inline';
import simdUrl from '@mediapipe/selfie_segmentation/selfie_segmentation_solution_simd_wasm_bin.js?url&no-inline';
import simdWasmUrl from '@mediapipe/selfie_segmentation/selfie_segmentation_solution_simd_wasm_bin.wasm?url&no-inline';
import plainUrl from '@mediapipe/selfie_segmentation/selfie_segmentation_solution_wasm_bin.js?url&no-inline';
import plainWasmUrl from '@mediapipe/selfie_segmentation/selfie_segmentation_solution_wasm_bin.wasm?url&no-inline';
import { maskHeight, maskWidth } from './video-effect';

/** The files the loader asks for by name, and where this build keeps them. */
const files: Record<string, string> = {
  'selfie_segmentation.binarypb': graphUrl,
  'selfie_segmentation_landscape.tflite': modelUrl,
  'selfie_segmentation_solution_simd_wasm_bin.js': simdUrl,
  'selfie_segmentation_solution_simd_wasm_bin.wasm': simdWasmUrl,
  'selfie_segmentation_solution_wasm_bin.js': plainUrl,
  'selfie_segmentation_solution_wasm_bin.wasm': plainWasmUrl,
};

interface MediaPipeSegmentation {
  initialize(): Promise<void>;
  setOptions(options: { modelSelection?: number; selfieMode?: boolean }): void;
  onResults(listener: (results: { segmentationMask: CanvasImageSource }) => void): void;
  send(inputs: { image: CanvasImageSource }): Promise<void>;
  close(): Promise<void>;
}
type SegmentationConstructor = new (config: {
  locateFile: (file: string) => string;
}) => MediaPipeSegmentation;

/** Why segmentation cannot run in this browser, in words for the person. */
export class SegmentationUnavailable extends Error {}

/** What this browser lacks for segmentation, or null. */
export function missingSupport(): string | null {
  if (typeof WebAssembly !== 'object') return 'this browser does not run WebAssembly';
  const probe = document.createElement('canvas');
  if (!probe.getContext('webgl2') && !probe.getContext('webgl')) {
    return 'this browser offers no WebGL';
  }
  return null;
}

let loader: Promise<SegmentationConstructor> | null = null;

/** Runs MediaPipe's loader script (same origin, so the page's script-src allows it) once. */
function loadLoader(): Promise<SegmentationConstructor> {
  loader ??= new Promise<SegmentationConstructor>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = loaderUrl;
    script.onload = () => {
      const found = (window as unknown as { SelfieSegmentation?: SegmentationConstructor })
        .SelfieSegmentation;
      if (found) resolve(found);
      else reject(new SegmentationUnavailable('the segmentation code did not load'));
    };
    script.onerror = () =>
      reject(new SegmentationUnavailable('the segmentation code did not load'));
    document.head.append(script);
  }).catch((error: unknown) => {
    loader = null;
    throw error;
  });
  return loader;
}

export interface Segmenter {
  /**
   * Finds the person in `image` (read at once: the caller may close it right after); resolves
   * with the mask, opaque where the person is, which the next call overwrites.
   */
  segment(image: CanvasImageSource): Promise<CanvasImageSource>;
  close(): void;
}

/** Loads and starts the model; throws SegmentationUnavailable when this browser cannot. */
export async function createSegmenter(): Promise<Segmenter> {
  const missing = missingSupport();
  if (missing) throw new SegmentationUnavailable(missing);
  const Segmentation = await loadLoader();
  const model = new Segmentation({
    locateFile: (file) => {
      const url = files[file];
      if (!url) throw new SegmentationUnavailable(`unexpected segmentation file ${file}`);
      return url;
    },
  });
  // The landscape model: 16:9 input, as cameras give.
  model.setOptions({ modelSelection: 1, selfieMode: false });
  // The model's mask is only good until its next picture: each result is copied out.
  const mask = new OffscreenCanvas(maskWidth, maskHeight);
  const maskContext = mask.getContext('2d');
  if (!maskContext) throw new SegmentationUnavailable('this browser offers no 2D canvas');
  let latest: CanvasImageSource | null = null;
  model.onResults((results) => {
    maskContext.globalCompositeOperation = 'copy';
    maskContext.drawImage(results.segmentationMask, 0, 0, maskWidth, maskHeight);
    latest = mask;
  });
  try {
    await model.initialize();
  } catch (error) {
    void model.close().catch(() => undefined);
    throw new SegmentationUnavailable(
      `the segmentation model did not start (${error instanceof Error ? error.message : 'unknown error'})`,
    );
  }
  const input = new OffscreenCanvas(maskWidth, maskHeight);
  const inputContext = input.getContext('2d');
  if (!inputContext) throw new SegmentationUnavailable('this browser offers no 2D canvas');
  let closed = false;
  return {
    async segment(image) {
      inputContext.drawImage(image, 0, 0, maskWidth, maskHeight);
      latest = null;
      await model.send({ image: input });
      if (!latest) throw new Error('segmentation gave no mask');
      return latest;
    },
    close() {
      if (closed) return;
      closed = true;
      void model.close().catch(() => undefined);
    },
  };
}
