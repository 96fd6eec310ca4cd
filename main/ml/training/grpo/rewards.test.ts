import { describe, expect, it } from 'vitest';
import type { CriterionScores, GrpoRewardConfig } from '../../../../shared/types/grpo';
import { summary } from '../../../data/testing/summaries';
import { groupAdvantages, groupsToResample, sampleStd } from './advantages';
import { EvidenceCheckerScorer, evidenceScores } from './evidence-scorer';
import { rewardGroups, type RewardGroup } from './group-rewards';
import { ProgressiveSchedule } from './progressive-schedule';
import type { ReasoningScorer, ReasoningScoreRequest } from './reasoning-scorer';
import {
  DEFAULT_REWARD_CONFIG,
  formatReward,
  judgeCompletion,
  outcomeReward,
  reasoningReward,
  validateRewardConfig,
} from './reward-components';
import { groupTrust } from './trust';

const LABELS = ['neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust', 'surprised'];
const judged = (text: string, truncated = false) => judgeCompletion(text, LABELS, truncated);
const all = (g: number): CriterionScores => ({
  factualAlignment: g,
  interpretativeQuality: g,
  captionCompleteness: g,
  fluencyStructure: g,
});

/** A scorer that reads the score off the reasoning ("score 4" → 4 on every criterion) and records its calls. */
class ReadOffScorer implements ReasoningScorer {
  readonly name = 'read-off';
  calls: ReasoningScoreRequest[] = [];
  async score(requests: readonly ReasoningScoreRequest[]): Promise<CriterionScores[]> {
    this.calls.push(...requests);
    return requests.map((r) => all(Number(/score (\d)/.exec(r.reasoning)?.[1] ?? 1)));
  }
}
const answer = (label: string, score: number) => `<think>Pitch is high, score ${score}.</think><answer>${label}</answer>`;

describe('format and outcome rewards', () => {
  it('give format 1 only to a well-formed completion whose label is in the model set', () => {
    expect(formatReward(judged('<think>Pitch is high.</think><answer>happy</answer>'))).toBe(1);
    expect(formatReward(judged('<think>Pitch is high.</think><answer>joyful</answer>'))).toBe(0);
    expect(formatReward(judged('<think>Pitch is high.<answer>happy</answer>'))).toBe(0);
    expect(formatReward(judged('<think>Pitch is high.</think><answer>hap', true))).toBe(0);
    expect(formatReward(judged('<think></think><answer>happy</answer>'))).toBe(0); // empty reasoning
  });

  it('give outcome 1 when the answer names the truth, even in a malformed completion', () => {
    expect(outcomeReward(judged('<think>x</think><answer> Happy </answer>'), 'happy')).toBe(1);
    expect(outcomeReward(judged('<answer>happy</answer>'), 'happy')).toBe(1);
    expect(outcomeReward(judged('<think>x</think><answer>sad</answer>'), 'happy')).toBe(0);
    expect(outcomeReward(judged('<think>x</think>'), 'happy')).toBe(0);
  });
});

describe('R_reason = Σ w_j·g_j/5', () => {
  it('is 1 for all fives, 0.2 for all ones, and weights the criteria', () => {
    expect(reasoningReward(all(5))).toBeCloseTo(1, 12);
    expect(reasoningReward(all(1))).toBeCloseTo(0.2, 12);
    const scores = { factualAlignment: 5, interpretativeQuality: 1, captionCompleteness: 1, fluencyStructure: 1 };
    expect(reasoningReward(scores)).toBeCloseTo((1 + 0.2 * 3) / 4, 12);
    expect(
      reasoningReward(scores, { factualAlignment: 2, interpretativeQuality: 0, captionCompleteness: 0, fluencyStructure: 0 }),
    ).toBeCloseTo(1, 12);
  });

  it('rejects scores outside 1..5 and all-zero weights', () => {
    expect(() => reasoningReward(all(0))).toThrow(/outside 1..5/);
    expect(() => reasoningReward(all(Number.NaN))).toThrow(/outside 1..5/);
    expect(() => reasoningReward(all(3), all(0))).toThrow(/sum to 0/);
    expect(validateRewardConfig({ ...DEFAULT_REWARD_CONFIG, criterionWeights: all(0) })).toEqual(['criterionWeights must not all be 0']);
    expect(validateRewardConfig(DEFAULT_REWARD_CONFIG)).toEqual([]);
  });
});

describe('trust τ per group', () => {
  it('is 1 when correct completions reason at least as well as wrong ones (ties included)', () => {
    expect(groupTrust([0.8, 0.4], [true, false]).trust).toBe(1);
    expect(groupTrust([0.6, 0.6], [true, false]).trust).toBe(1);
  });

  it('is exp(mean_correct − mean_wrong) < 1 when wrong answers reason better', () => {
    const t = groupTrust([0.4, 0.6, 0.9, 0.7], [true, true, false, false]);
    expect(t.meanCorrect).toBeCloseTo(0.5, 12);
    expect(t.meanWrong).toBeCloseTo(0.8, 12);
    expect(t.trust).toBeCloseTo(Math.exp(-0.3), 12);
  });

  it('is 1 with nothing to compare: empty, all correct, all wrong', () => {
    expect(groupTrust([], [])).toEqual({ trust: 1, meanCorrect: null, meanWrong: null });
    expect(groupTrust([0.2, 0.4], [true, true]).trust).toBe(1);
    expect(groupTrust([0.2, 0.4], [false, false]).trust).toBe(1);
    expect(() => groupTrust([0.2], [true, false])).toThrow();
  });
});

describe('rewards of a batch of groups', () => {
  const config: GrpoRewardConfig = DEFAULT_REWARD_CONFIG;
  const mixed: RewardGroup = { clipId: 'mixed', truth: 'happy', completions: [judged(answer('happy', 2)), judged(answer('sad', 5))] };
  const allRight: RewardGroup = { clipId: 'right', truth: 'sad', completions: [judged(answer('sad', 3)), judged(answer('sad', 4))] };
  const allWrong: RewardGroup = { clipId: 'wrong', truth: 'angry', completions: [judged(answer('sad', 3)), judged('<think>x</think>')] };
  const empty: RewardGroup = { clipId: 'empty', truth: 'angry', completions: [] };

  it('sends only mixed groups to the scorer, and weights R = 0.3·F + 1.0·O + 0.5·τ·R_reason', async () => {
    const scorer = new ReadOffScorer();
    const { groups, scorerCalls } = await rewardGroups([mixed, allRight, allWrong, empty], config, true, scorer);
    expect(scorerCalls).toBe(2);
    expect(scorer.calls.map((c) => c.clipId)).toEqual(['mixed', 'mixed']);
    const [m, r, w, e] = groups;
    const tau = Math.exp(0.4 - 1.0);
    expect(m!.scored).toBe(true);
    expect(m!.trust).toBeCloseTo(tau, 12);
    expect(m!.rewards[0]!.total).toBeCloseTo(0.3 + 1 + 0.5 * tau * 0.4, 12);
    expect(m!.rewards[1]!.total).toBeCloseTo(0.3 + 0 + 0.5 * tau * 1.0, 12);
    expect(m!.rewards[1]!.criteria).toEqual(all(5));
    expect(r!.rewards.map((x) => x.total)).toEqual([1.3, 1.3]);
    expect(r!.rewards[0]!.reason).toBeNull();
    expect(w!.rewards.map((x) => x.total)).toEqual([0.3, 0]);
    expect(e!.rewards).toEqual([]);
  });

  it('never calls the scorer while the schedule has R_reason off, and works without one', async () => {
    const { groups, scorerCalls } = await rewardGroups([mixed], config, false);
    expect(scorerCalls).toBe(0);
    expect(groups[0]!.rewards.map((x) => x.total)).toEqual([1.3, 0.3]);
    await expect(rewardGroups([mixed], config, true)).rejects.toThrow(/no reasoning scorer/);
  });

  it('holds τ at 1 in the "without τ" ablation', async () => {
    const { groups } = await rewardGroups([mixed], { ...config, useTrust: false }, true, new ReadOffScorer());
    expect(groups[0]!.trust).toBe(1);
    expect(groups[0]!.rewards[0]!.total).toBeCloseTo(1.3 + 0.5 * 0.4, 12);
  });
});

describe('the progressive schedule', () => {
  const cfg = { mode: 'progressive' as const, threshold: 0.5, windowSteps: 3 };

  it('switches on at the step whose full window reaches the threshold exactly, and stays on', () => {
    const s = new ProgressiveSchedule(cfg);
    expect(s.observe(8, 8)).toBe(false); // window not full yet
    expect(s.observe(8, 8)).toBe(false);
    expect(s.observe(0, 16)).toBe(true); // 16/32 = 0.5 ≥ 0.5 on a full window
    expect(s.switchedOnAtStep).toBe(3);
    expect(s.observe(0, 8)).toBe(true); // latched
    expect(s.switchedOnAtStep).toBe(3);
  });

  it('stays off just below the threshold, with the window sliding', () => {
    const s = new ProgressiveSchedule(cfg);
    for (const [c, n] of [
      [4, 8],
      [4, 8],
      [3, 8],
    ] as const)
      expect(s.observe(c, n)).toBe(false); // 11/24
    expect(s.rollingAccuracy).toBeCloseTo(11 / 24, 12);
    expect(s.observe(5, 8)).toBe(true); // [4,3,5]/24 = 0.5: the oldest step left the window
    expect(s.switchedOnAtStep).toBe(4);
  });

  it('round-trips its state through JSON, as a checkpoint does', () => {
    const a = new ProgressiveSchedule(cfg);
    a.observe(2, 8);
    a.observe(2, 8);
    const b = new ProgressiveSchedule(cfg, JSON.parse(JSON.stringify(a.snapshot())));
    expect(b.snapshot()).toEqual(a.snapshot());
    expect(a.observe(8, 8)).toBe(b.observe(8, 8)); // 12/24 on a full window
    expect(b.snapshot()).toEqual(a.snapshot());
    expect(b.reasoningOn).toBe(true);
    expect(b.switchedOnAtStep).toBe(3);
  });

  it('has always and never modes for the ablations, and rejects bad settings', () => {
    expect(new ProgressiveSchedule({ ...cfg, mode: 'always' }).reasoningOn).toBe(true);
    const never = new ProgressiveSchedule({ ...cfg, mode: 'never' });
    for (let i = 0; i < 5; i++) never.observe(8, 8);
    expect(never.reasoningOn).toBe(false);
    expect(never.switchedOnAtStep).toBeNull();
    expect(() => new ProgressiveSchedule({ ...cfg, windowSteps: 0 })).toThrow();
    expect(() => new ProgressiveSchedule(cfg).observe(3, 2)).toThrow();
  });
});

describe('group-normalised advantages', () => {
  it('are (R − mean)/(std + ε) with the unbiased group std', () => {
    const { advantages, zeroSpreadGroups } = groupAdvantages([[1, 0, 0, 1]], 'group', 1e-4);
    const std = sampleStd([1, 0, 0, 1]);
    expect(std).toBeCloseTo(Math.sqrt(1 / 3), 12);
    expect(advantages[0]![0]).toBeCloseTo(0.5 / (std + 1e-4), 12);
    expect(advantages[0]!.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    expect(zeroSpreadGroups).toBe(0);
  });

  it('scale by the batch std or not at all', () => {
    const rewards = [
      [1, 0],
      [0.5, 0.3],
    ];
    const batchStd = sampleStd([1, 0, 0.5, 0.3]);
    const batch = groupAdvantages(rewards, 'batch', 1e-4).advantages;
    expect(batch[1]![0]).toBeCloseTo(0.1 / (batchStd + 1e-4), 12);
    expect(groupAdvantages(rewards, 'none').advantages).toEqual([
      [0.5, -0.5],
      [expect.closeTo(0.1, 12), expect.closeTo(-0.1, 12)],
    ]);
  });

  it('give zero advantages to zero-spread groups and count them; empty groups are neither', () => {
    const a = groupAdvantages([[1.3, 1.3, 1.3], [0.3, 0.3 + 1e-12], [1, 0], [], [0.7]], 'group');
    expect(a.advantages[0]).toEqual([0, 0, 0]);
    expect(a.advantages[1]).toEqual([0, 0]);
    expect(a.advantages[3]).toEqual([]);
    expect(a.zeroSpread).toEqual([true, true, false, true, true]);
    expect(a.zeroSpreadGroups).toBe(3); // the one-completion group has no spread either
    expect(a.zeroSpreadFraction).toBeCloseTo(3 / 4, 12);
    expect(groupAdvantages([], 'group').zeroSpreadFraction).toBe(0);
    expect(() => groupAdvantages([[Number.NaN, 1]], 'group')).toThrow();
  });

  it('resample zero-spread groups only up to the per-step cap', () => {
    expect(groupsToResample([true, false, true, true], 0, 2)).toEqual([0, 2]);
    expect(groupsToResample([true, false, true, true], 1, 2)).toEqual([0]);
    expect(groupsToResample([true, true], 2, 2)).toEqual([]);
  });
});

describe('the evidence checker as a reasoning scorer', () => {
  const prosody = summary(); // high pitch, low energy, fast; falling overall
  const request = (reasoning: string, answerLabel: string | null = 'happy') => ({ clipId: 'c', reasoning, answer: answerLabel, prosody });

  it('rewards verified, complete, concluding reasoning and penalises contradictions and repetition', async () => {
    const good =
      'The pitch is high. The voice is soft. The pace is quick. The intonation falls overall. So the most likely emotion is happiness.';
    const [g] = await new EvidenceCheckerScorer(LABELS).score([request(good)]);
    expect(g).toEqual(all(5));
    const wrong = evidenceScores(request('The pitch is low. The pitch is low. So the most likely emotion is sadness.'), LABELS);
    expect(wrong.factualAlignment).toBe(1);
    expect(wrong.interpretativeQuality).toBe(1); // concludes sad, answers happy
    expect(wrong.captionCompleteness).toBe(1);
    expect(wrong.fluencyStructure).toBeCloseTo(1 + (4 * 2) / 3, 12);
    expect(evidenceScores(request(''), LABELS)).toEqual(all(1));
    expect(() => evidenceScores({ clipId: 'c', reasoning: 'x', answer: null }, LABELS)).toThrow(/needs the clip's prosody/);
  });
});
