// A long recording made of real utterances (test support for the emotion timeline): RAVDESS clips
// of validation speakers, decoded to 16 kHz and joined by room-like silence (quiet noise, not zeros),
// with where each clip lies so a test can check that the split found them.
import { join } from 'node:path';
import { decodeAudioFile } from '../../../audio';
import type { MonoAudio } from '../../../../shared/types/audio';
import type { TimeInterval } from '../../../../shared/types/prosody';

/**
 * Seven RAVDESS utterances of validation speakers (actors 17–20, never trained on), other emotions
 * in turn: the long recordings of the timeline tests are made of them (about 33 s in all).
 */
export const VALIDATION_UTTERANCES = [
  'Actor_17/03-01-05-02-01-01-17.wav',
  'Actor_18/03-01-04-01-02-01-18.wav',
  'Actor_19/03-01-03-02-01-02-19.wav',
  'Actor_20/03-01-01-01-01-01-20.wav',
  'Actor_17/03-01-06-01-02-02-17.wav',
  'Actor_19/03-01-08-01-01-01-19.wav',
  'Actor_20/03-01-07-02-02-02-20.wav',
] as const;

/** The first `count` validation utterances as paths under a RAVDESS folder. */
export function validationUtterances(ravdessDir: string, count: number = VALIDATION_UTTERANCES.length): string[] {
  return VALIDATION_UTTERANCES.slice(0, count).map((file) => join(ravdessDir, file));
}

export interface LongRecording {
  audio: MonoAudio;
  /** Where each joined clip lies in the recording. */
  clips: TimeInterval[];
}

/** The clips in order, each followed by `gapS` of noise at about −70 dBFS. */
export async function joinClips(paths: readonly string[], gapS = 1.2, seed = 7): Promise<LongRecording> {
  const sampleRate = 16_000;
  const parts: Float32Array[] = [];
  const clips: TimeInterval[] = [];
  let state = seed >>> 0;
  const noise = (n: number): Float32Array =>
    Float32Array.from({ length: n }, () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return (state / 2 ** 32 - 0.5) * 6e-4;
    });
  let at = 0;
  for (const file of paths) {
    const { audio } = await decodeAudioFile(file);
    clips.push({ startS: at / sampleRate, endS: (at + audio.samples.length) / sampleRate });
    parts.push(audio.samples, noise(Math.round(gapS * sampleRate)));
    at += audio.samples.length + Math.round(gapS * sampleRate);
  }
  const samples = new Float32Array(at);
  let offset = 0;
  for (const part of parts) {
    samples.set(part, offset);
    offset += part.length;
  }
  return { audio: { samples, sampleRate }, clips };
}
