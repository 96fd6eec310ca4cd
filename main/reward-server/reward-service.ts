// What the reward server computes, with nothing of HTTP in it: a request's groups become the app's
// own RewardGroups, judged by judgeCompletion and rewarded by rewardGroups (format, outcome, τ·R_reason
// from the same scorer a GRPO job opens), and each run keeps a ProgressiveSchedule that decides R_reason
// before a step's rewards and observes its accuracy after, exactly as runGrpoIteration does.
import type { GrpoRewardConfig } from '../../shared/types/grpo';
import type { EvidenceProsody } from '../data/evidence/check-evidence';
import { PROSODY_FUNCTIONAL_NAMES } from '../prosody/functionals';
import {
  judgeCompletion,
  ProgressiveSchedule,
  rewardGroups,
  validateRewardConfig,
  type ReasoningScorer,
  type RewardGroup,
} from '../ml/training/grpo';
import { describeError } from '../../shared/errors/coded-error';
import type { ScoreGroup, ScoreRequest, ScoreResponse } from './reward-api';
import { RewardServerError } from './reward-server-error';

/** Runs (schedules) one server keeps at most: a client that invents a run per request cannot grow it. */
export const MAX_RUNS = 256;

/** A wire group as the app's RewardGroup (JSON has no NaN: a null functional is NaN again). */
export function toRewardGroup(g: ScoreGroup, labels: readonly string[]): RewardGroup {
  return {
    clipId: g.clipId,
    truth: g.truth,
    completions: g.completions.map((c) => judgeCompletion(c.text, labels, c.truncated ?? false)),
    ...(g.prosody ? { prosody: g.prosody as unknown as EvidenceProsody } : {}),
    ...(g.functionals ? { functionals: { names: PROSODY_FUNCTIONAL_NAMES, values: g.functionals.map((v) => v ?? Number.NaN) } } : {}),
  };
}

export class RewardService {
  private readonly schedules = new Map<string, ProgressiveSchedule>();
  // Steps of one run are scored one after another: the schedule's decision depends on the step before.
  private readonly queues = new Map<string, Promise<unknown>>();

  // The evidence checker concludes against the request's labels, so one scorer per label set.
  private readonly scorers = new Map<string, ReasoningScorer>();

  /** `scorerFor` gives the scorer for a label set; absent when R_reason never counts (outcome-only). */
  constructor(
    readonly config: GrpoRewardConfig,
    readonly scorerName: string,
    private readonly scorerFor?: (labels: readonly string[]) => ReasoningScorer,
  ) {
    const problems = validateRewardConfig(config);
    if (problems.length) throw new RewardServerError('bad_option', `reward settings: ${problems.join('; ')}`);
  }

  score(request: ScoreRequest): Promise<ScoreResponse> {
    const previous = this.queues.get(request.run) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.scoreStep(request));
    this.queues.set(request.run, next);
    void next
      .finally(() => {
        if (this.queues.get(request.run) === next) this.queues.delete(request.run);
      })
      .catch(() => undefined);
    return next;
  }

  async release(): Promise<void> {
    const scorers = [...new Set(this.scorers.values())];
    this.scorers.clear();
    await Promise.all(scorers.map((s) => s.release?.()));
  }

  private scorer(labels: readonly string[]): ReasoningScorer | undefined {
    if (!this.scorerFor) return undefined;
    const key = JSON.stringify(labels);
    let scorer = this.scorers.get(key);
    if (!scorer) {
      if (this.scorers.size >= MAX_RUNS) throw new RewardServerError('invalid_request', `more than ${MAX_RUNS} label sets`);
      scorer = this.scorerFor(labels);
      this.scorers.set(key, scorer);
    }
    return scorer;
  }

  private schedule(run: string): ProgressiveSchedule {
    let schedule = this.schedules.get(run);
    if (!schedule) {
      if (this.schedules.size >= MAX_RUNS)
        throw new RewardServerError('invalid_request', `this server already keeps ${MAX_RUNS} runs; restart it for new ones`);
      schedule = new ProgressiveSchedule(this.config.schedule);
      this.schedules.set(run, schedule);
    }
    return schedule;
  }

  private async scoreStep(request: ScoreRequest): Promise<ScoreResponse> {
    const groups = request.groups.map((g) => toRewardGroup(g, request.labels));
    const schedule = request.reasoning === 'schedule' ? this.schedule(request.run) : null;
    const reasoningOn = schedule?.reasoningOn ?? false;
    let batch;
    try {
      batch = await rewardGroups(groups, this.config, reasoningOn, reasoningOn ? this.scorer(request.labels) : undefined);
    } catch (error) {
      // A prosody summary of the wrong shape, or a reward model that cannot read the functionals.
      throw new RewardServerError('scoring_failed', `cannot score this batch: ${describeError(error)}`, { cause: error });
    }
    if (schedule) {
      const correct = batch.groups.reduce((n, g) => n + g.correct, 0);
      const total = groups.reduce((n, g) => n + g.completions.length, 0);
      schedule.observe(correct, total);
    }
    return {
      scorer: reasoningOn ? this.scorerName : 'none',
      reasoningOn,
      switchedOnAtStep: schedule?.switchedOnAtStep ?? null,
      rollingAccuracy: schedule?.rollingAccuracy ?? null,
      groups: batch.groups.map(({ clipId, trust, scored, correct, rewards }) => ({ clipId, trust, scored, correct, rewards })),
    };
  }
}
