// The model folder's manifest.json (see tools/model/export.py, which writes it, and
// main/ml/models/model-folder.ts, which validates it). One schema, both ends.
import { z } from 'zod';
import { InputRangeSchema } from './input-quality';

/** Tokens the decoder's output format is built from (EmotionThinker: <think>…</think><answer>…</answer>). */
export const SPECIAL_TOKENS = {
  pad: '<pad>',
  bos: '<bos>',
  eos: '<eos>',
  thinkOpen: '<think>',
  thinkClose: '</think>',
  answerOpen: '<answer>',
  answerClose: '</answer>',
} as const;

/** RAVDESS's eight emotions: the label set of the models this app ships (DESIGN.md). */
export const RAVDESS_LABELS = ['neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust', 'surprised'] as const;

const positiveInt = z.number().int().positive();

/** Model sizes and fixed training shapes (tools/model/config.py ModelConfig). */
export const ModelConfigSchema = z.object({
  d_model: positiveInt,
  heads: positiveInt,
  encoder_layers: positiveInt,
  decoder_layers: positiveInt,
  ffn: positiveInt,
  vocab: positiveInt,
  mel_bins: positiveInt,
  prosody_frame_dims: positiveInt,
  utterance_prosody_dims: positiveInt,
  subsampling: positiveInt,
  max_frames: positiveInt,
  max_tokens: positiveInt,
  train_batch: positiveInt,
  train_frames: positiveInt,
  train_tokens: positiveInt,
  lr: z.number().positive(),
  betas: z.tuple([z.number(), z.number()]),
  eps: z.number().positive(),
  weight_decay: z.number().nonnegative(),
  max_grad_norm: z.number().positive(),
  grpo_beta: z.number().nonnegative(),
  grpo_clip_epsilon: z.number().positive(),
});
/** Model sizes and fixed training shapes. */
export type ModelConfig = z.infer<typeof ModelConfigSchema>;

/** Log-mel front-end parameters (main/ml/features/log-mel.ts implements them). */
export const FeatureParamsSchema = z.object({
  sampleRate: z.literal(16000),
  nFft: positiveInt,
  winLength: positiveInt,
  hopLength: positiveInt,
  nMels: positiveInt,
  fMin: z.number().nonnegative(),
  fMax: z.number().positive(),
  melScale: z.literal('htk'),
  logFloor: z.number().positive(),
  center: z.boolean(),
  normalisation: z.enum(['utterance-mean', 'utterance-robust', 'none']),
  prosodyFrameChannels: z.array(z.string()),
  utteranceProsodyFields: z.array(z.string()),
  /** Fixed z-score statistics of the utterance vector, one per field (tools/model/config.py). */
  utteranceProsodyMean: z.array(z.number()),
  utteranceProsodyStd: z.array(z.number().positive()),
});
/** Log-mel and prosody feature parameters. */
export type FeatureParams = z.infer<typeof FeatureParamsSchema>;

/** One trainable parameter's slot in weights.bin. */
export const ParameterEntrySchema = z.object({
  name: z.string().min(1),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.literal('float32'),
  /** Byte offset into weights.bin. */
  offset: z.number().int().nonnegative(),
  /** Byte length (4 × element count). */
  length: z.number().int().nonnegative(),
  /** Whether AdamW decays it (matrices yes; norms, biases no). Baked into the training graphs. */
  weightDecay: z.boolean(),
});
/** One trainable parameter's slot in weights.bin. */
export type ParameterEntry = z.infer<typeof ParameterEntrySchema>;

/** An ONNX file in the folder with its exact input and output names. */
export const GraphEntrySchema = z.object({
  file: z.string().min(1),
  inputs: z.array(z.string()),
  outputs: z.array(z.string()),
});
/** An ONNX file in the folder with its exact input and output names. */
export type GraphEntry = z.infer<typeof GraphEntrySchema>;

/** The graphs of a model folder; training graphs are optional (an exported inference-only model may omit them). */
export const ModelGraphsSchema = z.object({
  encoder: GraphEntrySchema,
  decoder: GraphEntrySchema,
  trainSft: GraphEntrySchema.optional(),
  trainGrpo: GraphEntrySchema.optional(),
  logprobs: GraphEntrySchema.optional(),
  /** How cross-attention K/V reach the decoder: computed once by the encoder graph and fed back. */
  crossAttention: z.literal('encoder-outputs-cached'),
});
/** The graphs of a model folder. */
export type ModelGraphs = z.infer<typeof ModelGraphsSchema>;

/** Token ids the engine needs; must agree with tokenizer.json. */
export const TokenIdsSchema = z.object({
  pad: z.number().int().nonnegative(),
  bos: z.number().int().nonnegative(),
  eos: z.number().int().nonnegative(),
  thinkOpen: z.number().int().nonnegative(),
  thinkClose: z.number().int().nonnegative(),
  answerOpen: z.number().int().nonnegative(),
  answerClose: z.number().int().nonnegative(),
  /** label -> its single token id. */
  labels: z.record(z.string(), z.number().int().nonnegative()),
});
/** Token ids the engine needs. */
export type TokenIds = z.infer<typeof TokenIdsSchema>;

/** manifest.json of a model folder. */
export const ModelManifestSchema = z.object({
  formatVersion: z.literal(1),
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
  name: z.string().min(1),
  version: z.string().min(1),
  description: z.string(),
  /** True for test models that were never trained (resources/models/tiny). */
  testModel: z.boolean(),
  labels: z.array(z.string().min(1)).min(2),
  config: ModelConfigSchema,
  features: FeatureParamsSchema,
  tokenizer: z.object({ file: z.string(), tokenIds: TokenIdsSchema }),
  parameters: z.array(ParameterEntrySchema).min(1),
  weights: z.object({ file: z.string(), bytes: z.number().int().nonnegative(), parameterCount: z.number().int().positive() }),
  graphs: ModelGraphsSchema,
  training: z.object({
    shapes: z.object({ batch: positiveInt, frames: positiveInt, tokens: positiveInt }),
    defaults: z.object({
      lr: z.number().positive(),
      betas: z.tuple([z.number(), z.number()]),
      eps: z.number(),
      weightDecay: z.number().nonnegative(),
      maxGradNorm: z.number().positive(),
      grpoBeta: z.number(),
      grpoClipEpsilon: z.number(),
    }),
  }),
  stages: z.array(z.object({ name: z.string(), completedAt: z.string().optional(), notes: z.string().optional() })),
  metrics: z.record(z.string(), z.number()),
  licence: z.string().min(1),
  trainingData: z.array(z.object({ name: z.string(), clips: z.number().int().nonnegative().optional(), notes: z.string().optional() })),
  /** Decoder prompt after <bos>: none, or the clip's measured-cue line (main/data/cot/cue-prompt.ts). */
  prompt: z.enum(['none', 'measured-cues-v1']).default('none'),
  /**
   * Temperature applied to the answer's label probabilities (p^(1/T), renormalised), fitted on held-out
   * speakers so that confidence matches accuracy; 1 leaves them as generated.
   */
  answerTemperature: z.number().positive().default(1),
  /**
   * What opens the reasoning: the model's own words ('none'), or the trace's cue sentences written by
   * the app from the clip's measurements, which the model continues with its interpretation.
   */
  reasoningPrefix: z.enum(['none', 'measured-cue-sentences']).default('none'),
  /**
   * What the training clips spanned — signal quality and the utterance vector's distance — written by
   * training with computeInputRange (main/prosody/input-quality.ts); absent: the app's defaults.
   */
  inputRange: InputRangeSchema.optional(),
  /** sha256 over the model source + export script + config at export time (staleness check). */
  sourceHash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
});
/** manifest.json of a model folder. */
export type ModelManifest = z.infer<typeof ModelManifestSchema>;
