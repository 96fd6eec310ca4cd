// Comparative prosody drills (stage 1): the same speech excerpt twice, one version pitch-shifted,
// time-stretched or attenuated by a known amount, joined with a short pause into ONE encoder input;
// the model says whether the first or the second version is higher / faster / louder.
//
// The DSP is SoX (Debian `sox`, already a dependency of the prosody tests): `pitch` and `tempo` are
// WSOLA-style time-domain effects that change pitch without changing duration and duration without
// changing pitch — not naive resampling, which would move both at once and let the model answer the
// pitch question by hearing speed. It runs at training-data build time only, never in the app.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ProsodyAttribute } from './prosody-tasks';
import { makeTask, type ProsodyTask } from './prosody-tasks';
import { CodedError, describeError } from '../../../shared/errors/coded-error';

export type ComparativeAttribute = Extract<ProsodyAttribute, 'compare-pitch' | 'compare-speed' | 'compare-loudness'>;
export const COMPARATIVE_ATTRIBUTES: readonly ComparativeAttribute[] = ['compare-pitch', 'compare-speed', 'compare-loudness'];

/** One comparative example: how the changed version differs, and where it sits in the pair. */
export interface PairSpec {
  attribute: ComparativeAttribute;
  /**
   * compare-pitch: semitones (±); compare-speed: tempo factor (> 1 faster); compare-loudness: dB,
   * always negative (the changed version is quieter, so nothing clips).
   */
  amount: number;
  /** Which version is the changed one. */
  changedPosition: 'first' | 'second';
}

export interface PairLayout {
  /** Seconds of the first version, of the pause and of the second version in the written file. */
  firstS: number;
  pauseS: number;
  secondS: number;
}

export class PairError extends CodedError<'sox_failed' | 'bad_spec'> {}

/** Pause between the two versions: long enough to hear two utterances, short enough to fit the window. */
export const PAIR_PAUSE_S = 0.3;
/** Longest excerpt per version: two of them, a slowed copy and the pause must fit the 4.8 s training window. */
export const MAX_EXCERPT_S = 1.8;

/** Ranges of the changes (clearly audible yet natural: ±2–4 st, 25–40 % tempo, 4–8 dB). */
export function randomPairSpec(random: () => number): PairSpec {
  const attribute = COMPARATIVE_ATTRIBUTES[Math.floor(random() * COMPARATIVE_ATTRIBUTES.length)]!;
  const sign = random() < 0.5 ? -1 : 1;
  const amount =
    attribute === 'compare-pitch'
      ? sign * (2 + 2 * random())
      : attribute === 'compare-speed'
        ? sign > 0
          ? 1.25 + 0.15 * random()
          : 0.75 + 0.05 * random()
        : -(4 + 4 * random());
  return { attribute, amount, changedPosition: random() < 0.5 ? 'first' : 'second' };
}

/** The task and its correct answer for a pair spec. */
export function pairTask(spec: PairSpec): ProsodyTask {
  const changedIsMore =
    spec.attribute === 'compare-pitch' ? spec.amount > 0 : spec.attribute === 'compare-speed' ? spec.amount > 1 : spec.amount > 0;
  const other = spec.changedPosition === 'first' ? 'second' : 'first';
  return makeTask(spec.attribute, changedIsMore ? spec.changedPosition : other);
}

function sox(args: string[]): void {
  try {
    execFileSync('sox', ['-R', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new PairError('sox_failed', `sox ${args.join(' ')} failed: ${stderr || describeError(error)}`);
  }
}

function soxDuration(file: string): number {
  return Number(execFileSync('soxi', ['-D', file], { encoding: 'utf8' }).trim());
}

/**
 * Writes `outFile` (16 kHz mono WAV): the excerpt [startS, startS + durationS) of `source` and its
 * changed copy in the order the spec says, with PAIR_PAUSE_S of silence between them.
 */
export function writeComparativePair(
  source: string,
  excerpt: { startS: number; durationS: number },
  spec: PairSpec,
  outFile: string,
): PairLayout {
  if (!(excerpt.durationS > 0.2 && excerpt.durationS <= MAX_EXCERPT_S + 1e-9)) {
    throw new PairError('bad_spec', `excerpt of ${excerpt.durationS.toFixed(2)} s; a pair needs 0.2–${MAX_EXCERPT_S} s`);
  }
  const scratch = mkdtempSync(path.join(tmpdir(), 'pair-'));
  try {
    const original = path.join(scratch, 'original.wav');
    const changed = path.join(scratch, 'changed.wav');
    const pause = path.join(scratch, 'pause.wav');
    sox([source, '-r', '16000', '-c', '1', '-b', '16', original, 'trim', excerpt.startS.toFixed(3), excerpt.durationS.toFixed(3)]);
    const effect =
      spec.attribute === 'compare-pitch'
        ? ['pitch', (spec.amount * 100).toFixed(0)]
        : spec.attribute === 'compare-speed'
          ? ['tempo', '-s', spec.amount.toFixed(4)]
          : ['gain', spec.amount.toFixed(2)];
    // `pitch` and `tempo` resample internally at the end; the explicit rate keeps the output at 16 kHz.
    sox([original, '-r', '16000', '-b', '16', changed, ...effect]);
    sox(['-n', '-r', '16000', '-c', '1', '-b', '16', pause, 'trim', '0', PAIR_PAUSE_S.toFixed(3)]);
    const [first, second] = spec.changedPosition === 'first' ? [changed, original] : [original, changed];
    sox([first, pause, second, outFile]);
    return { firstS: soxDuration(first), pauseS: PAIR_PAUSE_S, secondS: soxDuration(second) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The excerpt a pair uses: the middle MAX_EXCERPT_S of the speech span (all of it when shorter). */
export function pairExcerpt(speech: { startS: number; endS: number }[], durationS: number): { startS: number; durationS: number } {
  const start = speech[0]?.startS ?? 0;
  const end = speech.at(-1)?.endS ?? durationS;
  const span = Math.max(0.3, end - start);
  const length = Math.min(MAX_EXCERPT_S, span);
  const from = Math.max(0, start + (span - length) / 2 - 0.05);
  return { startS: from, durationS: Math.min(length + 0.1, MAX_EXCERPT_S, durationS - from) };
}
