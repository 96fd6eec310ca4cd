// Augmentation like real recordings (issue 11): each training copy passes through a random chain of
// what happens between a speaker and the app — a slightly different voice (±0.5 st, ±6 % tempo),
// a room (SoX reverb), room noise (white, or babble mixed from other training speakers) at 5–30 dB
// SNR, a microphone (peaking EQ, small-capsule high-pass), a gain, and a channel (telephone band,
// Opus or MP3 at low bitrates). The copy is then measured again, so its prompt and trace describe
// what the app will measure on such a recording, not what the studio original measured.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applyChannelTransform, transformName, type ChannelTransform } from '../../audio/channel-transforms';

export interface RecordingAugmentation {
  pitchSemitones: number;
  tempo: number;
  /** Applied in order after the pitch/tempo change. */
  chain: ChannelTransform[];
}

const uniform = (random: () => number, lo: number, hi: number) => lo + (hi - lo) * random();
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * One random recording condition. `babblePool` holds clips of other speakers to mix as babble (at
 * least 3 are used; with fewer the noise is white).
 */
export function randomRecordingAugmentation(random: () => number, babblePool: readonly string[]): RecordingAugmentation {
  const chain: ChannelTransform[] = [];
  if (random() < 0.4)
    chain.push({
      kind: 'reverb',
      reverberance: Math.round(uniform(random, 15, 70)),
      roomScale: Math.round(uniform(random, 20, 100)),
      preDelayMs: Math.round(uniform(random, 0, 20)),
    });
  if (random() < 0.7) {
    const snrDb = round(uniform(random, 5, 30));
    const seed = Math.floor(random() * 2 ** 31);
    if (babblePool.length >= 3 && random() < 0.6) {
      const count = 3 + Math.floor(random() * 4);
      const others = Array.from({ length: count }, () => babblePool[Math.floor(random() * babblePool.length)]!);
      chain.push({ kind: 'babble', snrDb, others, seed });
    } else chain.push({ kind: 'white-noise', snrDb, seed });
  }
  if (random() < 0.5) {
    const bands = [
      { hz: Math.round(uniform(random, 120, 400)), db: round(uniform(random, -6, 6)) },
      { hz: Math.round(uniform(random, 1800, 5000)), db: round(uniform(random, -6, 6)) },
    ];
    chain.push({ kind: 'eq', bands, ...(random() < 0.5 ? { highpassHz: Math.round(uniform(random, 80, 250)) } : {}) });
  }
  chain.push({ kind: 'gain', db: round(uniform(random, -12, 6)) });
  const channel = random();
  if (channel < 0.2) chain.push({ kind: 'telephone' });
  else if (channel < 0.4) chain.push({ kind: 'opus', kbps: [12, 16, 24, 32][Math.floor(random() * 4)]! });
  else if (channel < 0.5) chain.push({ kind: 'mp3', kbps: [32, 48, 64][Math.floor(random() * 3)]! });
  const voice = random() < 0.5;
  return { pitchSemitones: voice ? round(random() - 0.5, 2) : 0, tempo: voice ? round(uniform(random, 0.94, 1.06), 3) : 1, chain };
}

/** e.g. "pitch +0.21 st, tempo 0.97, reverb 40%/60%, babble 12 dB SNR, gain -3 dB, opus 16 kbit/s". */
export function describeRecordingAugmentation(a: RecordingAugmentation): string {
  const voice =
    a.pitchSemitones !== 0 || a.tempo !== 1 ? [`pitch ${a.pitchSemitones >= 0 ? '+' : ''}${a.pitchSemitones} st`, `tempo ${a.tempo}`] : [];
  return [...voice, ...a.chain.map(transformName)].join(', ');
}

/** Writes the augmented copy of `source` to `outFile` (16 kHz mono 16-bit WAV). */
export async function applyRecordingAugmentation(source: string, a: RecordingAugmentation, outFile: string): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'et-augment-'));
  try {
    let current = path.join(work, 'voice.wav');
    const effects = [
      ...(a.pitchSemitones !== 0 ? ['pitch', (a.pitchSemitones * 100).toFixed(0)] : []),
      ...(a.tempo !== 1 ? ['tempo', '-s', a.tempo.toFixed(4)] : []),
    ];
    execFileSync('sox', ['-R', source, '-r', '16000', '-c', '1', '-b', '16', current, ...effects], { stdio: ['ignore', 'ignore', 'pipe'] });
    for (const [i, transform] of a.chain.entries()) {
      const next = path.join(work, `step-${i}.wav`);
      await applyChannelTransform(current, transform, next);
      current = next;
    }
    copyFileSync(current, outFile);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
