// The stage-2 mix on the real corpora's manifests (RAVDESS and nEMO as the importers read them, split
// by the recipe's validation speakers) comes out at the counts the shipped default model's report
// records, and is balanced per corpus and label the way the card says.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assignSpeakerSplits, DEFAULT_LABEL_MAPPINGS, importDataset, mapLabels } from '../../data';
import { makeTask, TASK_OPTIONS, type ProsodyAttribute } from './prosody-tasks';
import { defaultRecipeOptions } from './recipe-plan';
import type { TaskExample } from './stage-datasets';
import { copyTarget, stage1Records, stage2Mix, type MixClip } from './stage-mix';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const options = defaultRecipeOptions(ROOT);
const report = JSON.parse(readFileSync(path.join(ROOT, 'resources/models/default/report.json'), 'utf8')) as {
  trainByCorpus: Record<string, number>;
  augmentedCopies: number;
  stage1: { drills: number };
  stage2: { records: number; traces: number; copyTraces: number; emotionDrills: number; prosodyDrills: number };
};
const ATTRIBUTES: ProsodyAttribute[] = [
  'pitch-level',
  'energy-level',
  'speed-level',
  'intonation',
  'range',
  'final-movement',
  'stress-position',
  'compare-pitch',
];

describe.skipIf(!options.dataDirs.every((dir) => existsSync(dir)))('the default recipe’s dataset mix on RAVDESS + nEMO', () => {
  let originals: MixClip[];
  let copies: MixClip[];
  let drills: TaskExample[];

  beforeAll(() => {
    originals = options.dataDirs.flatMap((dir) => {
      const corpus = path.basename(dir);
      const imported = importDataset(dir);
      const mapped = mapLabels(imported.items, DEFAULT_LABEL_MAPPINGS[imported.format]);
      const splits = assignSpeakerSplits(
        mapped.items.map((i) => i.speaker),
        { seed: 1, validationSpeakers: options.validationSpeakers[corpus]! },
      );
      return mapped.items
        .filter((i) => splits.get(i.speaker) === 'train')
        .map((i) => ({
          audio: i.audioPath,
          corpus,
          label: i.label,
          prompt: `measured: ${i.speaker}`,
          target: copyTarget('The pitch is measured.', i.label),
        }));
    });
    // Each clip's copies and its eight stage-1 drills (seven single-clip questions and one pair), as the recipe makes them.
    copies = originals.flatMap((o) => Array.from({ length: options.copies }, (_, k) => ({ ...o, audio: `${o.audio}#copy${k}` })));
    drills = originals.flatMap((o) =>
      ATTRIBUTES.map((attribute) => ({ audio: o.audio, task: makeTask(attribute, TASK_OPTIONS[attribute][0]!) })),
    );
  });

  it('trains on the training speakers the shipped report counts, with its copies and stage-1 drills', () => {
    const byCorpus = Object.fromEntries(['ravdess', 'nemo'].map((c) => [c, originals.filter((o) => o.corpus === c).length]));
    expect(byCorpus).toEqual(report.trainByCorpus);
    expect(copies).toHaveLength(report.augmentedCopies);
    expect(drills).toHaveLength(report.stage1.drills);
    const stage1 = stage1Records(drills);
    expect(stage1).toHaveLength(drills.length);
    expect(new Set(stage1.map((r) => `${r.audio}|${r.prompt}`)).size).toBe(drills.length);
  });

  it('mixes stage 2 to the shipped counts: traces, balanced emotion drills, kept prosody drills', () => {
    const mix = stage2Mix(originals, copies, drills);
    const { records, ...counts } = mix;
    expect(counts).toEqual({
      traces: report.stage2.traces,
      copyTraces: report.stage2.copyTraces,
      emotionDrills: report.stage2.emotionDrills,
      prosodyDrills: report.stage2.prosodyDrills,
    });
    expect(records).toHaveLength(report.stage2.records);
  });

  it('gives each corpus about the same number of emotion drills and each of its labels the same share', () => {
    const drillsOf = stage2Mix(originals, copies, drills).records.filter((r) => r.answerWeight !== undefined);
    const corpusOf = new Map([...originals, ...copies].map((c) => [c.audio, c.corpus]));
    for (const corpus of ['ravdess', 'nemo']) {
      const own = drillsOf.filter((r) => corpusOf.get(r.audio) === corpus);
      const perLabel = new Map<string, number>();
      for (const r of own) perLabel.set(r.target, (perLabel.get(r.target) ?? 0) + 1);
      expect(new Set(perLabel.values()).size).toBe(1);
      expect(perLabel.size).toBe(corpus === 'ravdess' ? 8 : 6);
      expect(Math.abs(own.length - 4788)).toBeLessThanOrEqual(4);
    }
    for (const r of drillsOf) {
      expect(r.prompt).toMatch(/ which emotion\?$/);
      expect(r.answerWeight).toBe(50);
      expect(r.target).toMatch(/^<answer>[a-z]+<\/answer>$/);
    }
  });

  it('meets every clip of a (corpus, label) cell once before it repeats one', () => {
    const drillsOf = stage2Mix(originals, copies, drills).records.filter((r) => r.answerWeight !== undefined);
    const ravdessNeutral = [...originals, ...copies].filter((c) => c.corpus === 'ravdess' && c.label === 'neutral');
    const cellDrills = drillsOf.filter((r) => ravdessNeutral.some((c) => c.audio === r.audio));
    expect(new Set(cellDrills.map((r) => r.audio)).size).toBe(ravdessNeutral.length);
  });

  it('is the same mix every time (seeded orders)', () => {
    expect(stage2Mix(originals, copies, drills).records).toEqual(stage2Mix(originals, copies, drills).records);
    expect(stage1Records(drills)).toEqual(stage1Records(drills));
  });
});
