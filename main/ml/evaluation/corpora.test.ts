import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasTool } from '../../prosody/testing/audio-files';
import { makeRavdessFolder, SHARED_DATA } from '../../data/testing/fixtures';
import { EvaluationError, loadEvalCorpus, parseSpeakerOptions, spreadSample, stratifiedSample, type EvalClip } from './corpora';

const clip = (speaker: string, label: string, n: number): EvalClip => ({
  file: `/d/${speaker}/${label}-${n}.wav`,
  corpus: 'c',
  speaker,
  gender: null,
  label,
  split: 'validation',
});

describe('stratifiedSample', () => {
  // 4 speakers × 8 classes × 2 clips, listed speaker by speaker as RAVDESS's importer lists them.
  const speakers = ['s17', 's18', 's19', 's20'];
  const classes = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
  const clips = speakers.flatMap((s) => classes.flatMap((l) => [clip(s, l, 1), clip(s, l, 2)]));

  it('takes one clip of every class before a second of any, spread over the speakers', () => {
    const picked = stratifiedSample(clips, 8);
    expect(picked.map((c) => c.label).sort()).toEqual(classes);
    expect(new Set(picked.map((c) => c.speaker))).toEqual(new Set(speakers));
  });

  it('returns every clip once when asked for more than there are, and the same clips on every call', () => {
    const all = stratifiedSample(clips, 1000);
    expect(all).toHaveLength(clips.length);
    expect(new Set(all.map((c) => c.file)).size).toBe(clips.length);
    expect(stratifiedSample(clips, 8)).toEqual(stratifiedSample([...clips].reverse(), 8));
  });
});

describe('spreadSample and parseSpeakerOptions', () => {
  it('spreads n picks evenly over a list', () => {
    expect(spreadSample([0, 1, 2, 3, 4, 5, 6, 7], 4)).toEqual([0, 2, 4, 6]);
    expect(spreadSample([1, 2], 5)).toEqual([1, 2]);
  });

  it('reads per-corpus speaker lists and the unnamed single-corpus form', () => {
    expect(parseSpeakerOptions(['nemo=nemo_IC0, nemo_KS0', '17,18'])).toEqual({ nemo: ['nemo_IC0', 'nemo_KS0'], '*': ['17', '18'] });
    expect(() => parseSpeakerOptions(['nemo='])).toThrow(EvaluationError);
  });
});

describe.skipIf(!hasTool('espeak-ng'))('loadEvalCorpus on a small RAVDESS-layout folder', () => {
  const root = makeRavdessFolder([1, 2, 3], ['01', '04']);

  it('puts the named validation speakers in validation and every other speaker in training', () => {
    const corpus = loadEvalCorpus(root, { validationSpeakers: ['3'] });
    expect(corpus.name).toBe('ravdess');
    expect(corpus.validationSpeakers).toEqual(['ravdess_03']);
    expect(corpus.validation.every((c) => c.speaker === 'ravdess_03' && c.corpus === 'ravdess')).toBe(true);
    expect(new Set(corpus.train.map((c) => c.speaker))).toEqual(new Set(['ravdess_01', 'ravdess_02']));
    expect(corpus.classes).toEqual(['neutral', 'sad']);
  });

  it("takes a corpus's speakers from the per-corpus table, and refuses a corpus with none known", () => {
    expect(loadEvalCorpus(root, { speakersByCorpus: { ravdess: ['1'] } }).validationSpeakers).toEqual(['ravdess_01']);
    writeFileSync(
      path.join(root, 'manifest.csv'),
      `path,label,speaker\n${path.join(root, 'Actor_01/03-01-01-01-01-01-01.wav')},neutral,x1\n`,
    );
    expect(() => loadEvalCorpus(root, { format: 'csv' })).toThrow(/No validation speakers known/);
  });
});

const RAVDESS = path.join(SHARED_DATA, 'ravdess');
const NEMO = path.join(SHARED_DATA, 'nemo');
describe.skipIf(!existsSync(RAVDESS) || !existsSync(NEMO))('the shared corpora split by their default validation speakers', () => {
  it('holds out RAVDESS actors 17–20 (240 clips, 8 classes) and nEMO IC0 and KS0 (480 clips, 6 classes)', () => {
    const ravdess = loadEvalCorpus(RAVDESS);
    expect(ravdess.validation).toHaveLength(240);
    expect(ravdess.train).toHaveLength(960);
    expect(ravdess.classes).toHaveLength(8);
    const nemo = loadEvalCorpus(NEMO);
    expect(nemo.name).toBe('nemo');
    expect(nemo.validationSpeakers).toEqual(['nemo_IC0', 'nemo_KS0']);
    expect(nemo.validation).toHaveLength(480);
    expect(nemo.classes).toEqual(['angry', 'fearful', 'happy', 'neutral', 'sad', 'surprised']);
  });
});
