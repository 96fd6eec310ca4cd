import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAudioFile } from '../audio';
import { summarise } from '../data';
import { analyzeProsody } from '../prosody';
import { writeProsodyDrills } from './prosody-drills';

const RAVDESS = path.resolve(import.meta.dirname, '../../../shared/data/ravdess');
const CLIP = 'Actor_01/03-01-05-01-01-01-01.wav';

describe.skipIf(!existsSync(RAVDESS))('stage-1 prosody drills from EmotionCoT records', () => {
  it('writes the single-clip questions each record’s measured prosody answers, with absolute audio paths', async () => {
    const { audio } = await decodeAudioFile(path.join(RAVDESS, CLIP));
    const dir = mkdtempSync(path.join(tmpdir(), 'drills-'));
    const source = path.join(dir, 'train.jsonl');
    writeFileSync(
      source,
      `${JSON.stringify({ audio: path.join(RAVDESS, CLIP), target: '<answer>angry</answer>', prosody: summarise(analyzeProsody(audio)) })}\n`,
    );
    const written = writeProsodyDrills(source, path.join(dir, 'job'), 1);
    const rows = readFileSync(written.path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { audio: string; prompt: string; target: string });
    expect(written).toMatchObject({ clips: 1, drills: rows.length });
    expect(rows.length).toBeGreaterThanOrEqual(7);
    for (const row of rows) {
      expect(row.audio).toBe(path.join(RAVDESS, CLIP));
      expect(row.target).toMatch(/^<answer>[a-z-]+<\/answer>$/);
      expect(row.prompt.length).toBeGreaterThan(10);
    }
  });

  it('refuses records without measured prosody, naming the line', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'drills-'));
    const source = path.join(dir, 'plain.jsonl');
    writeFileSync(source, '{"audio": "a.wav", "target": "<answer>sad</answer>"}\n');
    expect(() => writeProsodyDrills(source, path.join(dir, 'job'), 1)).toThrow(
      /needs EmotionCoT records with their measured prosody.*line 1/,
    );
  });
});
