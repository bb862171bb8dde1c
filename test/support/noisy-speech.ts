import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

// A noisy kitchen for the fake microphone: espeak-ng says a few sentences, sox mixes pink noise
// under them at a set signal-to-noise ratio, into the WAV Chromium's fake audio capture plays
// (`--use-file-for-fake-audio-capture`: PCM WAV at 48 kHz or 44.1 kHz; it loops the file).

export interface NoisySpeech {
  readonly path: string;
  readonly seconds: number;
  /** Speech RMS over noise RMS, in dB, as mixed. */
  readonly snrDb: number;
}

const words =
  'I have been feeling low since the move. My sister calls on Sundays, ' +
  'but we argue about our mother. Yesterday I did not leave the flat.';

function rmsOf(file: string): number {
  // sox writes its statistics to stderr.
  const text = spawnSync('sox', [file, '-n', 'stat'], { encoding: 'utf8' }).stderr;
  const rms = /RMS\s+amplitude:\s+([\d.]+)/.exec(text)?.[1];
  if (!rms) throw new Error(`sox gave no RMS for ${file}: ${text}`);
  return Number(rms);
}

/** Writes `noisy.wav` (48 kHz, mono, 16 bit) into `dir`: speech, pauses, and noise throughout. */
export function makeNoisySpeech(dir: string, snrDb: number): NoisySpeech {
  const spoken = join(dir, 'spoken.wav');
  const speech = join(dir, 'speech.wav');
  const noise = join(dir, 'noise.wav');
  const path = join(dir, 'noisy.wav');
  // 150 words a minute with 150 ms between words: pauses to measure the noise floor in.
  execFileSync('espeak-ng', ['-v', 'en', '-s', '150', '-g', '15', '-w', spoken, words]);
  // Speech peaking at -3 dBFS, with a second of pause on either side.
  execFileSync(
    'sox',
    [spoken, '-r', '48000', '-c', '1', '-b', '16', speech].concat([
      'gain',
      '-n',
      '-3',
      'pad',
      '1',
      '1',
    ]),
  );
  const seconds = Number(execFileSync('soxi', ['-D', speech]).toString().trim());
  execFileSync(
    'sox',
    ['-n', '-r', '48000', '-c', '1', '-b', '16', noise].concat([
      'synth',
      String(seconds),
      'pinknoise',
      'vol',
      '0.5',
    ]),
  );
  const noiseGain = rmsOf(speech) / 10 ** (snrDb / 20) / rmsOf(noise);
  execFileSync('sox', ['-m', '-v', '1', speech, '-v', noiseGain.toFixed(4), noise, path]);
  return { path, seconds, snrDb };
}
