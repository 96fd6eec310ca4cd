// The reasoning reward models the training area can start from and GRPO-PTR can score R_reason with
// (issue 12): the shipped one (resources/reward-models/*) and those trained in the app
// (<data folder>/reward-models/<job id>), each with what its manifest says it was trained on —
// clinicians' ratings counted — and its held-out agreement. Plain data with runtime schemas.
import { z } from 'zod';
import { REASONING_CRITERIA } from './grpo';

/** A reward model's key: `shipped:<folder>` or `user:<folder>` (a training job's id). */
export const rewardModelKeySchema = z.string().regex(/^(shipped|user):[A-Za-z0-9._-]{1,120}$/, 'choose a reasoning reward model');

/** Agreement of one criterion with held-out targets (speakers never read in training). */
export const criterionAgreementSchema = z.object({
  criterion: z.enum(REASONING_CRITERIA),
  /** Null when undefined: the held-out targets or scores of the criterion were all equal. */
  spearman: z.number().nullable(),
  /** Share of held-out examples scored to the exact (rounded) target. */
  exact: z.number(),
  /** Share within one point of the target. */
  withinOne: z.number(),
});
/** One criterion's held-out figures. */
export type CriterionAgreementFigures = z.infer<typeof criterionAgreementSchema>;

/** Does it reward length or repetition on their own? Mean-score differences on held-out clean traces. */
export const rewardProbesSchema = z.object({
  repetitionPenalty: z.number(),
  paddingPenalty: z.number(),
  lengthCorrelation: z.number(),
  answerMismatchPenalty: z.number(),
});
/** The length / repetition probes. */
export type RewardProbeFigures = z.infer<typeof rewardProbesSchema>;

/** A reward-model folder as the form lists it. */
export const rewardModelEntrySchema = z.object({
  key: rewardModelKeySchema,
  origin: z.enum(['shipped', 'user']),
  name: z.string(),
  version: z.string(),
  createdAt: z.string().nullable(),
  /** Clinicians' ratings its training read (null: the manifest does not say). */
  clinicianRatings: z.number().int().nullable(),
  trainExamples: z.number().int().nullable(),
  heldOutExamples: z.number().int().nullable(),
  steps: z.number().int().nullable(),
  /** Per criterion; empty for a folder without figures (an untrained export). */
  agreement: z.array(criterionAgreementSchema),
  probes: rewardProbesSchema.nullable(),
  /** False for an untrained export (no prosody scale): it can neither score nor be fine-tuned. */
  usable: z.boolean(),
  /** Why the folder cannot be used, when it cannot. */
  problem: z.string().nullable(),
});
/** A listed reward model. */
export type RewardModelEntry = z.infer<typeof rewardModelEntrySchema>;

/** Every reward model, and how many clinician ratings the app's database holds right now. */
export const rewardModelListingSchema = z.object({
  models: z.array(rewardModelEntrySchema),
  /** The shipped default's key when it is usable (the form's preselection). */
  defaultKey: rewardModelKeySchema.nullable(),
  /** Rated explanations in the app's reviews: what a new reward-model job would read. */
  clinicianRatings: z.number().int(),
});
/** The reward-model listing. */
export type RewardModelListing = z.infer<typeof rewardModelListingSchema>;

/** A reward-model job's inputs and, once it completed, the folder it wrote (for its page). */
export const rewardModelJobSchema = z.object({
  baseKey: rewardModelKeySchema,
  clinicianRatings: z.number().int(),
  trainExamples: z.number().int(),
  heldOutExamples: z.number().int(),
  corruptedCopies: z.number().int(),
  /** The trained folder, with its held-out figures, once the job completed and exported. */
  result: rewardModelEntrySchema.nullable(),
  /** Why the export failed, when it did. */
  exportProblem: z.string().nullable(),
});
/** A reward-model job's facts. */
export type RewardModelJob = z.infer<typeof rewardModelJobSchema>;
