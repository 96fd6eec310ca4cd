// The reward server's wire format (issue 17): one POST /v1/score scores a batch of groups (the K
// completions of one clip each) as one GRPO step, with the app's own GRPO-PTR code. Checked with zod
// at the door, so a malformed request is a 4xx answer and never reaches the scorers.
import { z } from 'zod';
import type { CompletionRewards } from '../../shared/types/grpo';

const completion = z.object({
  /** The completion as judged: `<think>…</think><answer>label</answer>`. */
  text: z.string().max(64_000),
  /** It hit the engine's token limit (no stop token): R_format is 0, as in the app. */
  truncated: z.boolean().optional(),
});

const group = z.object({
  clipId: z.string().min(1).max(2_000),
  truth: z.string().min(1).max(200),
  completions: z.array(completion).min(1).max(256),
  /** The clip's measured prosody summary (an EmotionCoT record's `prosody`): the evidence checker reads it. */
  prosody: z.record(z.string(), z.unknown()).optional(),
  /** The clip's functionals in PROSODY_FUNCTIONAL_NAMES order (null where undefined): the reward model reads them. */
  functionals: z.array(z.number().nullable()).max(1_000).optional(),
});

export const scoreRequestSchema = z.object({
  /** The training run whose progressive schedule this step belongs to (one schedule per run). */
  run: z.string().min(1).max(200).default('default'),
  /**
   * `schedule`: the step counts for the run's progressive schedule (R_reason once it is on; then the
   * step's accuracy is observed). `off`: format and outcome only, the schedule untouched (one
   * completion at a time, where no group is there to compare).
   */
  reasoning: z.enum(['schedule', 'off']).default('schedule'),
  /** The model's label set the answers are parsed against. */
  labels: z.array(z.string().min(1).max(200)).min(2).max(100),
  groups: z.array(group).min(1).max(4_096),
});

export type ScoreRequest = z.infer<typeof scoreRequestSchema>;
export type ScoreGroup = z.infer<typeof group>;

/** The answer to a ScoreRequest: per completion, every component the app's GRPO-PTR computed. */
export interface ScoreResponse {
  scorer: string;
  /** Whether R_reason counted for this step. */
  reasoningOn: boolean;
  /** After this step: the step R_reason switched on at, and the schedule's pooled accuracy. */
  switchedOnAtStep: number | null;
  rollingAccuracy: number | null;
  groups: { clipId: string; trust: number; scored: boolean; correct: number; rewards: CompletionRewards[] }[];
}

/** The body of every 4xx/5xx answer. */
export interface ErrorBody {
  error: { code: string; message: string };
}
