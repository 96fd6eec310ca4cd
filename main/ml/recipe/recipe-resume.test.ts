// A rerun of the recipe skips what a work folder already holds and redoes the rest.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recipePaths, type RecipePaths } from './recipe-plan';
import { cachedJson, finalStage, RecipeLedger, resumeState } from './recipe-resume';

const plan = { copies: 2, decaySteps: 1500 };
const touch = (file: string, text = '{}') => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
};

describe('resuming the recipe from a work folder', () => {
  let work: string;
  let paths: RecipePaths;
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'recipe-resume-'));
    paths = recipePaths(work);
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('runs every phase in an empty folder', () => {
    expect(resumeState(paths, ['ravdess', 'nemo'], plan, {})).toEqual({
      cotToBuild: ['ravdess', 'nemo'],
      copiesToMake: true,
      initToExport: true,
      stage1ToTrain: true,
      stage2ToTrain: true,
      decayToTrain: true,
      finalTag: 'stage2',
    });
  });

  it('rebuilds a corpus whose EmotionCoT build did not finish, and keeps one that did', () => {
    touch(paths.cotMeta('ravdess'), JSON.stringify({ complete: true }));
    touch(paths.cotMeta('nemo'), JSON.stringify({ complete: false }));
    expect(resumeState(paths, ['ravdess', 'nemo'], plan, {}).cotToBuild).toEqual(['nemo']);
  });

  it('remakes the copies until both shard files are there, and makes none when no copies are asked for', () => {
    touch(paths.copyShards[0]!, '');
    expect(resumeState(paths, [], plan, {}).copiesToMake).toBe(true);
    touch(paths.copyShards[1]!, '');
    expect(resumeState(paths, [], plan, {}).copiesToMake).toBe(false);
    rmSync(paths.copiesDir, { recursive: true });
    expect(resumeState(paths, [], { ...plan, copies: 0 }, {}).copiesToMake).toBe(false);
  });

  it('counts a stage as done once its exported folder has a manifest (a job folder alone resumes)', () => {
    touch(path.join(paths.initDir, 'manifest.json'));
    touch(path.join(paths.stage1Model, 'manifest.json'));
    touch(path.join(paths.stage2Job, 'checkpoint-100.bin'), '');
    const state = resumeState(paths, [], plan, { stage1: 500 });
    expect(state).toMatchObject({ initToExport: false, stage1ToTrain: false, stage2ToTrain: true, decayToTrain: true });
    expect(resumeState(paths, [], { ...plan, decaySteps: 0 }, {}).decayToTrain).toBe(false);
  });

  it('ends on the decay continuation only when it ran steps', () => {
    expect(finalStage(1500, { stage2: 1458, decay: 1500 })).toEqual({ tag: 'stage2-decay', decayDone: 1500 });
    expect(finalStage(1500, { stage2: 1458 })).toEqual({ tag: 'stage2', decayDone: 0 });
    expect(finalStage(0, { stage2: 1458, decay: 1500 })).toEqual({ tag: 'stage2', decayDone: 0 });
  });

  it('keeps the steps and minutes of each stage in steps.json across runs', () => {
    const first = new RecipeLedger(paths.ledger);
    expect(first.entries).toEqual({});
    first.recordStage('stage1', 500, 20.5);
    first.recordStage('stage2', 1458, 45);
    const again = new RecipeLedger(paths.ledger);
    expect(again.entries).toEqual({ stage1: 500, stage1Minutes: 20.5, stage2: 1458, stage2Minutes: 45 });
    expect(JSON.parse(readFileSync(paths.ledger, 'utf8'))).toEqual(again.entries);
  });

  it('computes a measurement once and reads it back on the next run', async () => {
    const file = path.join(work, 'perception-before.json');
    let calls = 0;
    const measure = async () => {
      calls += 1;
      return { meanAccuracy: 0.5 };
    };
    expect(await cachedJson(file, measure)).toEqual({ meanAccuracy: 0.5 });
    expect(await cachedJson(file, measure)).toEqual({ meanAccuracy: 0.5 });
    expect(calls).toBe(1);
  });
});
