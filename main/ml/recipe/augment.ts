// Augmented copies of a training clip for stage 2: 960 clips are few for a 3 M-parameter model, and
// copies that differ in recording conditions but not in expressed emotion fight overfitting. The
// changes are kept small (±0.5 st, ±6 % tempo, −6…0 dB, noise at 30–45 dB SNR) so that the reasoning
// trace written for the original clip (its pitch/speed levels and contour) still describes the copy.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { decodeAudioFile, wavHeader } from '../../audio';
import { PairError } from './comparative-pairs';

/** One augmentation, as applied by augmentClip. */
export interface Augmentation {
  pitchSemitones: number;
  tempo: number;
  gainDb: number;
  /** Signal-to-noise ratio of the added white noise (dB re the clip's RMS). */
  snrDb: number;
  noiseSeed: number;
}

export function randomAugmentation(random: () => number): Augmentation {
  return {
    pitchSemitones: random() - 0.5,
    tempo: 0.94 + 0.12 * random(),
    gainDb: -6 * random(),
    snrDb: 30 + 15 * random(),
    noiseSeed: Math.floor(random() * 2 ** 31),
  };
}

/** Writes the augmented copy of `source` to `outFile` (16 kHz mono, 16-bit PCM). */
export async function augmentClip(source: string, a: Augmentation, outFile: string): Promise<void> {
  const shifted = `${outFile}.sox.wav`;
  try {
    execFileSync(
      'sox',
      [
        '-R',
        source,
        '-r',
        '16000',
        '-c',
        '1',
        '-b',
        '16',
        shifted,
        'pitch',
        (a.pitchSemitones * 100).toFixed(0),
        'tempo',
        '-s',
        a.tempo.toFixed(4),
        'gain',
        a.gainDb.toFixed(2),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
  } catch (error) {
    throw new PairError(
      'sox_failed',
      `augmenting ${source} failed: ${(error as { stderr?: Buffer }).stderr?.toString().trim() ?? String(error)}`,
    );
  }
  const { audio } = await decodeAudioFile(shifted);
  execFileSync('rm', ['-f', shifted]);
  const samples = audio.samples;
  let energy = 0;
  for (const s of samples) energy += s * s;
  const rms = Math.sqrt(energy / Math.max(1, samples.length));
  const noiseRms = rms * 10 ** (-a.snrDb / 20);
  let state = a.noiseSeed >>> 0;
  const pcm = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const noise = noiseRms * Math.sqrt(12) * (state / 2 ** 32 - 0.5);
    pcm[i] = Math.max(-32768, Math.min(32767, Math.round((samples[i]! + noise) * 32767)));
  }
  const header = wavHeader({ sampleRate: audio.sampleRate, channels: 1, sampleFormat: 'pcm16', dataBytes: pcm.byteLength });
  writeFileSync(outFile, Buffer.concat([header, new Uint8Array(pcm.buffer)]));
}
