// The shipped reasoning reward model through a real ONNX session: it tells damaged reasoning from
// clean on the criterion each corruption targets, and a broken folder is a typed error naming the part.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CriterionScores, ReasoningCriterion } from '../../../shared/types/grpo';
import { seededRandom } from '../../../shared/util/random';
import { computeCueProfile } from '../../data/cot/cue-profile';
import { buildTrace } from '../../data/cot/trace-grammar';
import { summary } from '../../data/testing/summaries';
import { TrainingFailure } from '../training/training-failure';
import { clean, corrupt, type CorruptionName } from './corruptions';
import { FUNCTIONAL_DIMS } from './prosody-vector';
import { RewardModelScorer } from './reward-model-scorer';
import { PROSODY_FUNCTIONAL_NAMES } from '../../prosody/functionals';

const SHIPPED = path.resolve(import.meta.dirname, '../../../resources/reward-models/default');
const SPEECH_MODEL = path.resolve(import.meta.dirname, '../../../resources/models/tiny');
const LABELS = ['neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust', 'surprised'];
const clips = [
  { label: 'sad', summary: summary({ pitch: 'low', energy: 'low', speed: 'slow' }) },
  { label: 'angry', summary: summary({ pitch: 'high', energy: 'high', speed: 'fast' }) },
  { label: 'neutral', summary: summary() },
];
const ctx = { profile: computeCueProfile(clips), voiceQualityNorms: null };
// The clip's functionals at the scale's means: the vector's level and contour slots carry the clip.
const manifest = JSON.parse(readFileSync(path.join(SHIPPED, 'manifest.json'), 'utf8')) as {
  prosodyVector: { fields: string[]; mean: number[] };
};
const functionals = {
  names: [...PROSODY_FUNCTIONAL_NAMES],
  values: PROSODY_FUNCTIONAL_NAMES.map((n) => manifest.prosodyVector.mean[manifest.prosodyVector.fields.indexOf(n)] ?? Number.NaN),
};

let scorer: RewardModelScorer;
beforeAll(async () => {
  scorer = await RewardModelScorer.open(SHIPPED, { intraOpNumThreads: 1 });
});
afterAll(() => scorer?.release());

async function meanScores(name: CorruptionName | null): Promise<CriterionScores> {
  const requests = [];
  for (let s = 0; s < 24; s++) {
    const clip = clips[s % clips.length]!;
    let c = clean(buildTrace(seededRandom(`rm${s}`), clip.summary, clip.label, ctx), clip.label);
    if (name) c = corrupt(seededRandom(`${name}${s}`), c, name, LABELS) ?? c;
    requests.push({ clipId: `c${s}`, reasoning: c.reasoning, answer: c.answer, prosody: clip.summary, functionals });
  }
  const scores = await scorer.score(requests);
  const mean = (k: ReasoningCriterion) => scores.reduce((sum, x) => sum + x[k], 0) / scores.length;
  for (const s of scores) for (const v of Object.values(s)) expect(v >= 1 && v <= 5).toBe(true);
  return {
    factualAlignment: mean('factualAlignment'),
    interpretativeQuality: mean('interpretativeQuality'),
    captionCompleteness: mean('captionCompleteness'),
    fluencyStructure: mean('fluencyStructure'),
  };
}

describe('the shipped reasoning reward model', () => {
  it('records its held-out agreement and the scale it reads functionals on', () => {
    expect(scorer.metrics.factualAlignmentSpearman).toBeGreaterThan(0.3);
    expect(manifest.prosodyVector.fields).toHaveLength(FUNCTIONAL_DIMS);
  });

  // On traces of hand-made clips (the card's table is on real held-out speakers). What it does not
  // notice — an answer that is not the conclusion, the answer named as its own alternative — is stated
  // in its card, not asserted here.
  it('scores the damages it learned lower on the criterion they target than the clean trace', async () => {
    const base = await meanScores(null);
    expect((await meanScores('self-contradiction')).factualAlignment).toBeLessThan(base.factualAlignment - 0.8);
    expect((await meanScores('dropped-cues')).captionCompleteness).toBeLessThan(base.captionCompleteness - 0.4);
    expect((await meanScores('truncated')).interpretativeQuality).toBeLessThan(base.interpretativeQuality - 0.5);
    for (const name of ['shuffled', 'repeated', 'padded'] as const) {
      expect((await meanScores(name)).fluencyStructure, name).toBeLessThan(base.fluencyStructure - 0.6);
    }
  });

  it("refuses requests without the clip's measurement", async () => {
    await expect(scorer.score([{ clipId: 'x', reasoning: 'The pitch is high.', answer: 'happy' }])).rejects.toMatchObject({
      code: 'bad_request',
    });
  });
});

describe('broken reward-model folders', () => {
  const dirs: string[] = [];
  const copy = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rrm-'));
    dirs.push(dir);
    cpSync(SHIPPED, dir, { recursive: true });
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const edit = (dir: string, change: (m: Record<string, unknown>) => void) => {
    const m = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    change(m);
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));
  };

  it('names what is wrong', async () => {
    await expect(RewardModelScorer.open(SPEECH_MODEL)).rejects.toThrow(/not a reasoning reward model/);
    const noGraph = copy();
    rmSync(path.join(noGraph, 'score.onnx'));
    await expect(RewardModelScorer.open(noGraph)).rejects.toThrow(/score\.onnx is missing/);
    const untrained = copy();
    edit(untrained, (m) => delete m.prosodyVector);
    await expect(RewardModelScorer.open(untrained)).rejects.toThrow(/untrained/);
    const short = copy();
    writeFileSync(path.join(short, 'weights.bin'), Buffer.alloc(100));
    await expect(RewardModelScorer.open(short)).rejects.toBeInstanceOf(TrainingFailure);
    await expect(RewardModelScorer.open(short)).rejects.toThrow(/^parameter \S+: bytes \d+\.\.\d+ lie outside weights\.bin \(100 bytes\)$/);
    // The reward model's own fields are read by the one manifest parser, with its message.
    const noTokens = copy();
    edit(noTokens, (m) => delete (m.training as { shapes: Record<string, unknown> }).shapes.tokens);
    await expect(RewardModelScorer.open(noTokens)).rejects.toThrow(
      /manifest\.json: training\.shapes\.tokens: .+ \(not a reasoning reward model\)$/,
    );
    const garbage = copy();
    writeFileSync(path.join(garbage, 'score.onnx'), 'not onnx');
    await expect(RewardModelScorer.open(garbage)).rejects.toMatchObject({ code: 'model_invalid' });
  });
});
