// Why a recipe step (train-default-model.ts, grpo-stage.ts, promote-grpo.ts) cannot go on: a code the
// caller can branch on and a message naming the file, option or folder at fault.
import { CodedError } from '../../../shared/errors/coded-error';

export type RecipeErrorCode =
  /** An option is missing or out of range (steps, shard, ablation, validation speakers). */
  | 'bad_option'
  /** The EmotionCoT records lack a split the recipe needs, or a folder holds none. */
  | 'missing_records'
  /** The tokenizer corpus cannot fill the vocabulary asked for. */
  | 'corpus_too_small'
  /** A step's own process (graph export, an augmentation shard) failed. */
  | 'step_failed'
  /** A job folder holds no checkpoint to export or promote. */
  | 'no_checkpoint';

export class RecipeError extends CodedError<RecipeErrorCode> {}
