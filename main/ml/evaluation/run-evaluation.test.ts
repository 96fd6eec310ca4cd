// The whole evaluation on two small espeak-ng corpora with the untrained tiny model: the figures are
// meaningless, the shape is what is pinned — per-corpus results, pooled, leave-one-corpus-out, the
// calibrated condition and the invariance rows, in a JSON the model card reads.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeRavdessFolder, speak, tempDir } from '../../data/testing/fixtures';
import { hasTool } from '../../prosody/testing/audio-files';
import { sharedModelSessions } from '../pipeline';
import { evaluationText } from './report-text';
import { runEvaluation, runInvarianceCheck, type EvaluationReport } from './run-evaluation';

const TINY = path.resolve(import.meta.dirname, '../../../resources/models/tiny');

/** A CSV-manifest corpus "lab": 4 speakers × neutral / happy / sad, spoken by espeak-ng. */
function makeLabCorpus(): string {
  const root = path.join(tempDir('eval'), 'lab');
  mkdirSync(root, { recursive: true });
  const styles = {
    neutral: { pitch: 40, speed: 150, amp: 90 },
    happy: { pitch: 75, speed: 200, amp: 150 },
    sad: { pitch: 20, speed: 110, amp: 50 },
  };
  const rows = ['path,label,speaker,gender'];
  for (const [i, speaker] of ['p1', 'p2', 'p3', 'p4'].entries()) {
    for (const [label, style] of Object.entries(styles)) {
      const file = `${speaker}/${label}.wav`;
      speak(path.join(root, file), 'The boxes are in the kitchen', style, i % 2 ? 'en+f2' : 'en+m2');
      rows.push(`${file},${label},${speaker},${i % 2 ? 'F' : 'M'}`);
    }
  }
  writeFileSync(path.join(root, 'manifest.csv'), `${rows.join('\n')}\n`);
  return root;
}

afterAll(() => sharedModelSessions.releaseAll());

describe.skipIf(!hasTool('espeak-ng') || !hasTool('sox') || !hasTool('ffmpeg'))('runEvaluation on two corpora with the tiny model', () => {
  let report: EvaluationReport;
  const logged: string[] = [];
  const dirs: string[] = [];

  it('evaluates each corpus on its own validation speakers, with the baselines on the same clips', async () => {
    const ravdess = makeRavdessFolder([1, 2, 3, 4], ['01', '03', '04', '05']);
    const lab = makeLabCorpus();
    dirs.push(ravdess, lab);
    report = await runEvaluation({
      corpora: [{ dir: ravdess }, { dir: lab }],
      speakers: { ravdess: ['3', '4'], lab: ['p3', 'p4'] },
      model: TINY,
      maxTokens: 12,
      retries: 0,
      latencyRuns: 0,
      invariance: 1,
      log: (t) => logged.push(t),
    });
    expect(report.corpora.map((c) => [c.name, c.clips.analyzed, c.classes])).toEqual([
      ['ravdess', 8, ['angry', 'happy', 'neutral', 'sad']],
      ['lab', 6, ['happy', 'neutral', 'sad']],
    ]);
    for (const c of report.corpora) {
      expect(c.systems.map((s) => s.name)).toEqual([
        'model emotion-reasoner-tiny',
        'model, T cross-fitted',
        'logistic-regression (functionals)',
        'mlp (functionals)',
      ]);
      expect(c.systems.every((s) => s.clips === c.clips.analyzed && s.classes.join() === c.classes.join())).toBe(true);
      expect(c.systems.every((s) => s.collapse.share > 0 && s.collapse.share <= 1)).toBe(true);
    }
    // Baselines trained on the training speakers of both corpora: 8 + 6 clips.
    expect(report.clips).toEqual({ validation: 14, analyzed: 14, failed: 0, train: 14 });
    expect(report.systems[0]!.clips).toBe(14);
  }, 180_000);

  it("trains the baselines on one corpus and tests them on the other's clips of the classes both have", () => {
    expect(report.leaveOneCorpusOut.map((l) => [l.trainCorpus, l.testCorpus, l.sharedClasses, l.clips])).toEqual([
      ['ravdess', 'lab', ['happy', 'neutral', 'sad'], 6],
      ['lab', 'ravdess', ['happy', 'neutral', 'sad'], 6],
    ]);
    const [first] = report.leaveOneCorpusOut;
    expect(first!.systems.map((s) => s.name)).toEqual([
      'model emotion-reasoner-tiny',
      'logistic-regression (functionals)',
      'mlp (functionals)',
      'logistic-regression (functionals, z-scored per corpus)',
    ]);
    expect(first!.systems[1]!.description).toMatch(/training speakers of ravdess$/);
  });

  it('calibrates each corpus on its own validation clips and runs the model again with it', () => {
    expect(report.calibratedCondition!.map((c) => [c.corpus, c.calibration.clips, c.failed])).toEqual([
      ['ravdess', 8, 0],
      ['lab', 6, 0],
    ]);
    expect(report.calibratedCondition![0]!.systems.map((s) => s.clips)).toEqual([8, 8, 8]);
    expect(report.perClip.every((p) => 'calibratedLabel' in p)).toBe(true);
  });

  it("checks invariance under all six transforms per corpus, with the baselines' answers beside the model's", () => {
    const rows = report.invariance!.rows;
    expect(rows).toHaveLength(18); // 2 corpora and "all" × 6 transforms
    expect(rows.map((r) => r.transform).slice(0, 6)).toEqual([
      'gain -12 dB',
      'gain +6 dB',
      'telephone 300-3400 Hz',
      'opus 24 kbit/s',
      'white noise 20 dB SNR',
      'babble 20 dB SNR',
    ]);
    expect(Object.keys(rows[0]!.answerUnchanged)).toEqual(['model', 'logistic-regression (functionals)', 'mlp (functionals)']);
    expect(rows.every((r) => r.clips === (r.corpus === 'all' ? 2 : 1) && r.failed === 0)).toBe(true);
  });

  it('runs the invariance check on its own, without the rest of the evaluation', async () => {
    const check = await runInvarianceCheck({
      corpora: dirs.map((dir) => ({ dir })),
      speakers: { ravdess: ['3', '4'], lab: ['p3', 'p4'] },
      model: TINY,
      maxTokens: 12,
      retries: 0,
      mlp: false,
      invariance: 1,
    });
    expect(check.rows.map((r) => [r.corpus, r.transform, r.answerUnchanged])).toEqual(
      report.invariance!.rows.map((r) => [
        r.corpus,
        r.transform,
        { model: r.answerUnchanged.model, 'logistic-regression (functionals)': r.answerUnchanged['logistic-regression (functionals)'] },
      ]),
    );
  }, 120_000);

  it('keeps the fields the model card reads and prints every section', () => {
    const json = JSON.parse(JSON.stringify(report)) as Record<string, any>;
    expect(json.clips.validation).toBe(14);
    expect(json.systems[0]).toEqual(
      expect.objectContaining({
        name: expect.any(String),
        accuracy: expect.any(Number),
        accuracyCi95: expect.any(Object),
        unweightedAverageRecall: expect.any(Number),
        expectedCalibrationError: expect.any(Number),
      }),
    );
    expect(json.evidence).toEqual(
      expect.objectContaining({ verified: expect.any(Number), contradicted: expect.any(Number), unverifiable: expect.any(Number) }),
    );
    expect(json).toHaveProperty('wellFormedShare');
    expect(json.calibration).toHaveProperty('fittedTemperature');
    expect(json.latency4s).toBeNull();
    const text = evaluationText(report);
    for (const heading of [
      '== ravdess:',
      '== lab:',
      '== all corpora pooled',
      '== leave one corpus out',
      '== calibrated: lab',
      '== invariance',
    ])
      expect(text).toContain(heading);
    expect(logged.some((l) => l.startsWith('lab model: 6/6'))).toBe(true);
  });
});
