// Real audio for tests and scripts: espeak-ng speech and WAV files, read as 16 kHz mono.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ANALYSIS_SAMPLE_RATE, type MonoAudio } from '../../../shared/types/audio';
import { decodeAudioFile } from '../../audio';

/** Project-relative location of the shared speech data (never copied into the repo). */
export const SHARED_DATA_DIR = path.resolve(import.meta.dirname, '../../../../shared/data');

/** Reads an audio file through the app's own decoder, as 16 kHz mono. */
export async function readWav16k(file: string): Promise<MonoAudio> {
  return (await decodeAudioFile(file)).audio;
}

/** A fresh temporary directory for generated files. */
export function scratchDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'prosody-'));
}

/** Speaks text with espeak-ng at wordsPerMinute and converts it to 16 kHz mono with sox; returns the WAV path. */
export function speakToWav(text: string, wordsPerMinute: number, dir: string, name: string, pitch = 50): string {
  const raw = path.join(dir, `${name}.raw.wav`);
  const out = path.join(dir, `${name}.wav`);
  execFileSync('espeak-ng', ['-s', String(wordsPerMinute), '-p', String(pitch), '-w', raw, text]);
  execFileSync('sox', [raw, '-r', String(ANALYSIS_SAMPLE_RATE), '-c', '1', '-b', '16', out]);
  return out;
}

/** Whether a command-line tool is on PATH (tests skip cleanly without it). */
export function hasTool(tool: string): boolean {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `count` files of a corpus (labels.csv's first column), a seeded draw without repeats. */
function drawCorpusClips(corpus: string, count: number, random: () => number): string[] {
  const dir = path.join(SHARED_DATA_DIR, corpus);
  const files = readFileSync(path.join(dir, 'labels.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => path.join(dir, line.split(',')[0]!));
  for (let i = files.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [files[i], files[j]] = [files[j]!, files[i]!];
  }
  return files.slice(0, count);
}

/** The benchmarks' draw: `count` clips, half of RAVDESS (the odd one too), half of nEMO, seeded. */
export function drawBenchClips(count: number, random: () => number): string[] {
  return [...drawCorpusClips('ravdess', Math.ceil(count / 2), random), ...drawCorpusClips('nemo', Math.floor(count / 2), random)];
}
