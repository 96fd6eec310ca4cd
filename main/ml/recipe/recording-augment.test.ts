// Recording-condition augmentation: the drawn chains cover every condition the issue names, and a
// copy made by the real tools keeps the speech (length, voicing) while changing the channel.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeAudioFile } from '../../audio';
import { hasTool } from '../../prosody/testing/audio-files';
import { seededRandom } from '../../../shared/util/random';
import {
  applyRecordingAugmentation,
  describeRecordingAugmentation,
  randomRecordingAugmentation,
  type RecordingAugmentation,
} from './recording-augment';
import { balanceCorpora, pooledFunctionalStats, ROBUST_UTTERANCE_FIELDS } from './corpus-mix';
import { PROSODY_FUNCTIONAL_NAMES } from '../../prosody/functionals';

const RAVDESS = path.resolve(import.meta.dirname, '../../../../shared/data/ravdess/Actor_01');
const clip = (name: string) => path.join(RAVDESS, name);

describe('recording-condition augmentation', () => {
  it('draws every kind of condition, with noise at 5–30 dB SNR and gain in −12…+6 dB', () => {
    const random = seededRandom(4);
    const kinds = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const a = randomRecordingAugmentation(random, ['a.wav', 'b.wav', 'c.wav', 'd.wav']);
      for (const t of a.chain) {
        kinds.add(t.kind);
        if (t.kind === 'white-noise' || t.kind === 'babble') {
          expect(t.snrDb).toBeGreaterThanOrEqual(5);
          expect(t.snrDb).toBeLessThanOrEqual(30);
        }
        if (t.kind === 'gain') {
          expect(t.db).toBeGreaterThanOrEqual(-12);
          expect(t.db).toBeLessThanOrEqual(6);
        }
      }
      expect(Math.abs(a.pitchSemitones)).toBeLessThanOrEqual(0.5);
    }
    expect([...kinds].sort()).toEqual(['babble', 'eq', 'gain', 'mp3', 'opus', 'reverb', 'telephone', 'white-noise']);
  });

  it('uses white noise when there are too few other speakers for babble', () => {
    const random = seededRandom(5);
    for (let i = 0; i < 100; i++)
      expect(randomRecordingAugmentation(random, ['only.wav']).chain.some((t) => t.kind === 'babble')).toBe(false);
  });

  const dir = mkdtempSync(path.join(tmpdir(), 'et-recaug-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const source = clip('03-01-05-02-01-01-01.wav');
  it.skipIf(!existsSync(source) || !hasTool('sox') || !hasTool('ffmpeg'))(
    'writes a 16 kHz copy through a full chain that keeps the length within the tempo change',
    async () => {
      const a: RecordingAugmentation = {
        pitchSemitones: 0.3,
        tempo: 1.05,
        chain: [
          { kind: 'reverb', reverberance: 50, roomScale: 60 },
          {
            kind: 'babble',
            snrDb: 10,
            seed: 1,
            others: [clip('03-01-01-01-01-01-01.wav'), clip('03-01-02-01-01-01-01.wav'), clip('03-01-03-01-01-01-01.wav')],
          },
          {
            kind: 'eq',
            bands: [
              { hz: 200, db: 4 },
              { hz: 3000, db: -4 },
            ],
            highpassHz: 150,
          },
          { kind: 'gain', db: -6 },
          { kind: 'opus', kbps: 16 },
        ],
      };
      const out = path.join(dir, 'copy.wav');
      await applyRecordingAugmentation(source, a, out);
      const [{ audio: before }, { audio: after }] = await Promise.all([decodeAudioFile(source), decodeAudioFile(out)]);
      expect(after.sampleRate).toBe(16000);
      expect(after.samples.length / before.samples.length).toBeGreaterThan(0.9);
      expect(after.samples.length / before.samples.length).toBeLessThan(1.0);
      expect(describeRecordingAugmentation(a)).toBe(
        'pitch +0.3 st, tempo 1.05, reverb 50%/60%, babble 10 dB SNR, eq 200Hz+4 3000Hz-4 hp150, gain -6 dB, opus 16 kbit/s',
      );
    },
  );
});

describe('corpus mix', () => {
  it('gives each corpus the same number of items, spread evenly over its own labels', () => {
    const items = [
      ...Array.from({ length: 40 }, (_, i) => ({ corpus: 'a', label: i < 10 ? 'x' : 'y', id: i })),
      ...Array.from({ length: 90 }, (_, i) => ({ corpus: 'b', label: ['x', 'y', 'z'][i % 3]!, id: 100 + i })),
    ];
    const balanced = balanceCorpora(items);
    const count = (c: string, l?: string) => balanced.filter((r) => r.corpus === c && (!l || r.label === l)).length;
    expect(count('a')).toBe(90);
    expect(count('b')).toBe(90);
    expect(count('a', 'x')).toBe(45);
    expect(count('a', 'y')).toBe(45);
    expect(count('b', 'z')).toBe(30);
    // Every item of a cell is used before any repeats.
    expect(
      new Set(
        balanced
          .filter((r) => r.corpus === 'a' && r.label === 'x')
          .slice(0, 10)
          .map((r) => r.id),
      ).size,
    ).toBe(10);
  });

  it('pools statistics with each corpus weighted equally, skipping undefined values', () => {
    const at = PROSODY_FUNCTIONAL_NAMES.indexOf('f0_st_mean');
    const row = (v: number | null) => {
      const f: (number | null)[] = PROSODY_FUNCTIONAL_NAMES.map(() => 0);
      f[at] = v;
      return f;
    };
    const clips = [
      ...Array.from({ length: 10 }, () => ({ corpus: 'a', functionals: row(0) })),
      ...Array.from({ length: 1000 }, () => ({ corpus: 'b', functionals: row(10) })),
      { corpus: 'b', functionals: row(null) },
    ];
    const stats = pooledFunctionalStats(clips, ['f0_st_mean']);
    expect(stats.mean[0]).toBeCloseTo(5, 6);
    expect(stats.std[0]).toBeCloseTo(5, 6);
  });

  it('leaves out the levels measured re the noise floor, and reads vocal effort', () => {
    expect(ROBUST_UTTERANCE_FIELDS).not.toContain('speech_rms_re_floor_db');
    expect(ROBUST_UTTERANCE_FIELDS).not.toContain('loudness_re_floor_p50_db');
    expect(ROBUST_UTTERANCE_FIELDS).toContain('effort_spectral_balance_db');
    expect(ROBUST_UTTERANCE_FIELDS).toContain('loudness_re_floor_std_db');
  });
});
