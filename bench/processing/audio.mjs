// The microphone's noise suppressor, measured outside the browser: the very AudioWorklet
// processor and WebAssembly Hearth serves (from @sapphi-red/web-noise-suppressor), run in Node
// behind the two globals an AudioWorkletGlobalScope gives it, fed 128-sample render quanta as
// the browser does. Reports the cost of one 10 ms frame (480 samples at 48 kHz) for the SIMD
// build the browser picks where it can, against the plain build as the baseline.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('@sapphi-red/web-noise-suppressor/rnnoise.wasm'));
const QUANTUM = 128;
const FRAME = 480;

let processorClass = null;

/** Loads the worklet's processor class once, as `registerProcessor` hands it over. */
async function loadProcessorClass() {
  if (processorClass) return processorClass;
  globalThis.AudioWorkletProcessor ??= class {
    constructor() {
      this.port = { addEventListener() {}, postMessage() {} };
    }
  };
  // Its Emscripten glue sees Node and wants CommonJS's two names, which ES modules lack.
  globalThis.require ??= require;
  globalThis.__dirname ??= packageDir;
  globalThis.registerProcessor = (_name, cls) => {
    processorClass = cls;
  };
  await import(pathToFileURL(join(packageDir, 'rnnoise/workletProcessor.js')).href);
  if (!processorClass) throw new Error('the worklet registered no processor');
  return processorClass;
}

/** A processor of one channel on the given build, once its WebAssembly is instantiated. */
async function newProcessor(wasmFile) {
  const Processor = await loadProcessorClass();
  const bytes = readFileSync(join(packageDir, wasmFile));
  const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const processor = new Processor({ processorOptions: { wasmBinary, maxChannels: 1 } });
  for (let i = 0; i < 500 && !processor.processor; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  if (!processor.processor) throw new Error(`${wasmFile} did not load`);
  return processor;
}

/** Runs `samples` through a processor in render quanta; returns the output. */
function run(processor, samples) {
  const out = new Float32Array(samples.length - (samples.length % QUANTUM));
  const input = new Float32Array(QUANTUM);
  const output = new Float32Array(QUANTUM);
  for (let at = 0; at + QUANTUM <= samples.length; at += QUANTUM) {
    input.set(samples.subarray(at, at + QUANTUM));
    processor.process([[input]], [[output]], {});
    out.set(output, at);
  }
  return out;
}

/** Deterministic pink-ish noise with speech-like bursts, so no file is needed for timing. */
function syntheticAudio(seconds) {
  const n = Math.floor(seconds * 48_000);
  const samples = new Float32Array(n);
  let seed = 12345;
  let brown = 0;
  for (let i = 0; i < n; i += 1) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    brown = brown * 0.98 + ((seed / 0x7fffffff) * 2 - 1) * 0.1;
    const voiced = Math.floor(i / 9600) % 3 !== 0;
    const tone = voiced ? 0.3 * Math.sin((2 * Math.PI * 180 * i) / 48_000) : 0;
    samples[i] = tone + brown * 0.2;
  }
  return samples;
}

/** Microseconds per 10 ms frame over `rounds` runs of `seconds` of audio; the best and median. */
async function timeBuild(wasmFile, audio, rounds) {
  const processor = await newProcessor(wasmFile);
  run(processor, audio.subarray(0, 48_000)); // warm-up
  const perFrame = [];
  for (let r = 0; r < rounds; r += 1) {
    const t0 = process.hrtime.bigint();
    run(processor, audio);
    const ns = Number(process.hrtime.bigint() - t0);
    perFrame.push(ns / 1000 / Math.floor(audio.length / FRAME));
  }
  processor.destroy();
  perFrame.sort((a, b) => a - b);
  const tenth = (n) => Math.round(n * 10) / 10;
  return {
    bestUs: tenth(perFrame[0]),
    medianUs: tenth(perFrame[Math.floor(perFrame.length / 2)]),
    rounds,
  };
}

/** Mono 16-bit PCM samples of a WAV file, as floats. */
export function readWav(path) {
  const buffer = readFileSync(path);
  let at = 12;
  let format = null;
  while (at + 8 <= buffer.length) {
    const id = buffer.toString('ascii', at, at + 4);
    const size = buffer.readUInt32LE(at + 4);
    if (id === 'fmt ') {
      format = {
        channels: buffer.readUInt16LE(at + 10),
        rate: buffer.readUInt32LE(at + 12),
        bits: buffer.readUInt16LE(at + 22),
      };
    } else if (id === 'data') {
      if (!format || format.channels !== 1 || format.bits !== 16) {
        throw new Error(`${path}: mono 16-bit PCM expected`);
      }
      const samples = new Float32Array(size / 2);
      for (let i = 0; i < samples.length; i += 1) {
        samples[i] = buffer.readInt16LE(at + 8 + i * 2) / 32768;
      }
      return { rate: format.rate, samples };
    }
    at += 8 + size + (size % 2);
  }
  throw new Error(`${path}: no data chunk`);
}

/** Runs a recording through the suppressor (SIMD build) and gives back what it sends. */
export async function denoiseSamples(samples) {
  const processor = await newProcessor('rnnoise_simd.wasm');
  try {
    return run(processor, samples);
  } finally {
    processor.destroy();
  }
}

/**
 * The denoiser's cost per 10 ms frame, SIMD and plain builds, on `seconds` of audio (`rounds`
 * times each); and the share of one core that is in real time.
 */
export async function benchAudioDenoiser({ seconds = 20, rounds = 5 } = {}) {
  const audio = syntheticAudio(seconds);
  const simd = await timeBuild('rnnoise_simd.wasm', audio, rounds);
  const plain = await timeBuild('rnnoise.wasm', audio, rounds);
  return {
    frameMs: 10,
    audioSeconds: seconds,
    simd,
    plain,
    realTimeSharePercent: Math.round((simd.medianUs / 10_000) * 1000) / 10,
  };
}

/** The figures of `benchAudioDenoiser`'s result, in the suite's common shape (see figures.mjs). */
export function audioFigures(figure, harness, audio) {
  return [
    figure({
      harness,
      id: 'audio.rnnoise.frame',
      name: 'noise suppression (RNNoise, SIMD): one 10 ms microphone frame, median',
      unit: 'µs',
      better: 'lower',
      value: audio.simd.medianUs,
      baseline: { name: 'the plain (non-SIMD) build', value: audio.plain.medianUs },
      // A tenth of one core in real time leaves the call's own audio thread plenty of room.
      target: { text: '≤ 1,000 µs (10% of real time)', on: 'value', op: '<=', value: 1000 },
    }),
  ];
}
