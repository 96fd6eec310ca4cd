// Helpers for the audio tests: fixtures made at test time with ffmpeg into a temp folder, and the
// two measurements the tests check (tone frequency, RMS level).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function commandAvailable(command: string): boolean {
  const result = spawnSync(command, ['-version'], { stdio: 'ignore' });
  return !result.error && result.status === 0;
}

export const HAVE_FFMPEG = commandAvailable('ffmpeg');
if (!HAVE_FFMPEG) console.warn('[audio tests] ffmpeg not found: tests that generate encoded fixtures are skipped');

export function makeTempDir(prefix = 'et-audio-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Write a 2-channel tone with ffmpeg: left at amplitude 0.5, right at 0.4 (channels differ so lossy
 * decoders can't collapse them to mono), encoded with `codecArgs` into `path`.
 */
export function ffmpegStereoTone(
  path: string,
  options: { frequencyHz: number; sampleRate: number; durationS: number; codecArgs: string[] },
): void {
  const { frequencyHz: f, sampleRate, durationS } = options;
  const source = `aevalsrc=0.5*sin(2*PI*${f}*t)|0.4*sin(2*PI*${f}*t):s=${sampleRate}:d=${durationS}`;
  runFfmpeg(['-f', 'lavfi', '-i', source, ...options.codecArgs, path]);
}

export function runFfmpeg(args: string[]): void {
  const result = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${result.stderr}`);
}

/** Frequency of a steady tone from its rising zero crossings, interpolated between samples. */
export function toneFrequencyHz(samples: Float32Array, sampleRate: number): number {
  const crossings: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    if (a < 0 && b >= 0) crossings.push(i - 1 + a / (a - b));
  }
  if (crossings.length < 2) return 0;
  return ((crossings.length - 1) * sampleRate) / (crossings.at(-1)! - crossings[0]!);
}

export function rms(samples: Float32Array, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / Math.max(1, to - from));
}

export function sine(frequencyHz: number, sampleRate: number, frames: number, amplitude = 0.5): Float32Array {
  return Float32Array.from({ length: frames }, (_, i) => amplitude * Math.sin((2 * Math.PI * frequencyHz * i) / sampleRate));
}
