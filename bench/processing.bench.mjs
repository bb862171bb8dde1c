// Processing in the browser, measured in Node on the same code and WebAssembly Hearth serves:
// the microphone's noise suppressor per 10 ms frame (bench/processing/audio.mjs).
//
// Usage: node bench/processing.bench.mjs   (writes bench/results/processing.json)
// Knobs: BENCH_AUDIO_SECONDS (20) of audio per round, BENCH_ROUNDS (5).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchAudioDenoiser } from './processing/audio.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const audio = await benchAudioDenoiser({
  seconds: Number(process.env.BENCH_AUDIO_SECONDS ?? 20),
  rounds: Number(process.env.BENCH_ROUNDS ?? 5),
});
const result = {
  date: new Date().toISOString(),
  machine: { cpus: os.availableParallelism(), model: os.cpus()[0]?.model.trim() },
  node: process.version,
  audio,
};
console.log(
  `noise suppression: ${audio.simd.medianUs.toFixed(0)} µs per 10 ms frame (SIMD, median; ` +
    `best ${audio.simd.bestUs.toFixed(0)}), plain build ${audio.plain.medianUs.toFixed(0)} µs; ` +
    `${audio.realTimeSharePercent.toFixed(1)}% of one core in real time`,
);
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/processing.json'), `${JSON.stringify(result, null, 2)}\n`);
