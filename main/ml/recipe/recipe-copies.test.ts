// The recipe's augmented copies, made by two real shard processes on two RAVDESS clips: each clip's
// copy is written once, measured, and read back levelled at its corpus' tertiles with its own trace
// and prompt; a rerun with both shard files present makes nothing.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measuredCuePrompt } from '../../data';
import { computeCueProfile } from '../../data/cot/cue-profile';
import { DEFAULT_CALIBRATION } from '../../prosody/default-calibration';
import type { CorpusMeta, RecipeClip } from './recipe-corpora';
import { makeRecipeCopies, readRecipeCopies } from './recipe-copies';
import { recipePaths, type RecipePaths } from './recipe-plan';

const RAVDESS = path.resolve(import.meta.dirname, '../../../../shared/data/ravdess');
const train = [
  ['01', 'neutral', 'male', '01'],
  ['05', 'angry', 'female', '02'],
].map(([code, label, gender, actor]) => ({
  audio: path.join(RAVDESS, `Actor_${actor}/03-01-${code}-01-01-01-${actor}.wav`),
  label,
  gender,
  speaker: `ravdess_${actor}`,
  corpus: 'ravdess',
})) as unknown as RecipeClip[];

describe.skipIf(!existsSync(train[0]!.audio))('the recipe’s augmented copies', () => {
  let work: string;
  let paths: RecipePaths;
  const lines: string[] = [];
  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'recipe-copies-'));
    paths = recipePaths(work);
    await makeRecipeCopies(train, { paths, copies: 1, log: (m) => lines.push(m) });
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('makes each shard’s copies in its own process and keeps one complete file per shard', () => {
    const shards = paths.copyShards.map((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { source: string; corpus: string }),
    );
    // Two shards of two sources: each shard makes the copy of one clip.
    expect(shards.map((s) => s.map((c) => c.source))).toEqual([[train[0]!.audio], [train[1]!.audio]]);
    expect(lines[0]).toBe('making 1 augmented copies of 2 training clips in two processes…');
    // Both halves of each shard's work are reported: the augmentation, then the measuring.
    expect(lines.filter((l) => /^shard [01]\/2: copies of 1\/1 clips made/.test(l))).toHaveLength(2);
    expect(lines.filter((l) => /^shard [01]\/2: 1\/1 copies measured/.test(l))).toHaveLength(2);
    expect(paths.copyShards.every((f) => !existsSync(`${f}.tmp`))).toBe(true);
  });

  it('does not remake the copies when both shard files are there', async () => {
    const before = paths.copyShards.map((f) => statSync(f).mtimeMs);
    const again: string[] = [];
    await makeRecipeCopies(train, { paths, copies: 1, log: (m) => again.push(m) });
    expect(again).toEqual([]);
    expect(paths.copyShards.map((f) => statSync(f).mtimeMs)).toEqual(before);
  });

  it('reads the copies back with levels, a prompt and a trace of their own', async () => {
    const rows = paths.copyShards.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Parameters<typeof computeCueProfile>[0][number]),
    );
    // The app's shipped calibration stands in for the corpus' own tertiles (two clips are too few to cut them).
    const meta: CorpusMeta = { calibration: DEFAULT_CALIBRATION, voiceQualityNorms: null, cueProfile: computeCueProfile(rows) };
    const copies = readRecipeCopies(paths, 1, { metas: new Map([['ravdess', meta]]), promptOf: (r) => measuredCuePrompt(r.prosody, null) });
    expect(copies.map((c) => c.label)).toEqual(['neutral', 'angry']);
    for (const copy of copies) {
      expect(copy.audio).toMatch(new RegExp(`^${paths.copiesAudio}/[0-9a-f]{16}\\.wav$`));
      expect(existsSync(copy.audio)).toBe(true);
      expect(copy.prompt).toMatch(/^measured: /);
      expect(copy.trace.length).toBeGreaterThan(40);
      expect(copy.prosody.levels).toBeDefined();
    }
    expect(readRecipeCopies(paths, 0, { metas: new Map(), promptOf: () => '' })).toEqual([]);
  });
});
