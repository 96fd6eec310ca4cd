// Test fixtures: small corpus folders with real, decodable speech made by espeak-ng (voice, pitch,
// speed and amplitude varied per "emotion" so levels differ), named as each corpus names its files.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const SHARED_DATA = path.resolve(import.meta.dirname, '../../../../shared/data');

/** Speech settings per emotion code: espeak-ng pitch (0–99), words per minute, amplitude. */
const STYLE: Record<string, { pitch: number; speed: number; amp: number }> = {
  '01': { pitch: 40, speed: 160, amp: 80 },
  '04': { pitch: 20, speed: 110, amp: 40 },
  '05': { pitch: 70, speed: 210, amp: 180 },
  '03': { pitch: 80, speed: 190, amp: 120 },
};

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `${prefix}-`));
}

/** espeak-ng speech to a WAV (its native 22.05 kHz; the decoder resamples). */
export function speak(file: string, text: string, style: { pitch: number; speed: number; amp: number }, voice = 'en'): void {
  mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('espeak-ng', ['-v', voice, '-p', String(style.pitch), '-s', String(style.speed), '-a', String(style.amp), '-w', file, text]);
}

/** A RAVDESS-like folder: actors 1–2 × emotions 01, 03, 04, 05; returns its root. */
export function makeRavdessFolder(actors = [1, 2], emotions = ['01', '03', '04', '05']): string {
  const root = tempDir('ravdess');
  for (const actor of actors) {
    for (const e of emotions) {
      const a = String(actor).padStart(2, '0');
      speak(
        path.join(root, `Actor_${a}`, `03-01-${e}-01-01-01-${a}.wav`),
        'Kids are talking by the door',
        STYLE[e]!,
        actor % 2 ? 'en+m3' : 'en+f3',
      );
    }
  }
  return root;
}

/** Writes a file that looks like audio by name but holds garbage. */
export function writeBadAudio(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, 'this is not a wave file at all');
}

/** A short tone WAV via sox (for layouts where only names matter). */
export function tone(file: string, seconds = 0.3): void {
  mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', file, 'synth', String(seconds), 'sine', '220']);
}
