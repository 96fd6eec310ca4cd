// The SFT engine: one train_sft.onnx step per batch of the dataset, in the data order's sequence.
// The next batch is featurised while the current step's graph runs (see step()).
import type { TrainingHyperparameters, TrainingJobConfig } from '../../../shared/types/training';
import type { CheckpointState } from './checkpoint-store';
import { DataOrder, type DataPosition } from './data-order';
import type { DatasetReader, TrainingBatch } from './dataset-reader';
import { learningRateAt } from './lr-schedule';
import { readParameters, type TrainableModel } from './trainable-model';
import { openDatasetReader } from './open-dataset';
import type { StepEngine } from './step-engine';
import { initialOptimizerState, TrainStepRunner, type OptimizerState } from './train-step-runner';

type ReadAhead = { batch: Promise<TrainingBatch>; positionAfter: DataPosition };

export class SftEngine implements StepEngine {
  private consumed: DataPosition;
  private prefetched: ReadAhead | null = null;

  private constructor(
    private readonly config: TrainingJobConfig,
    private readonly hyper: TrainingHyperparameters,
    private readonly model: TrainableModel,
    private readonly reader: DatasetReader,
    private readonly runner: TrainStepRunner,
    private readonly order: DataOrder,
    readonly tensors: OptimizerState,
    private readonly validation: { reader: DatasetReader; examples: number } | null,
  ) {
    this.consumed = order.current;
  }

  static async open(
    config: TrainingJobConfig,
    model: TrainableModel,
    hyper: TrainingHyperparameters,
    checkpoint: CheckpointState | null,
  ): Promise<SftEngine> {
    const reader = await openDatasetReader(config.dataset, model.batchSize, config.modelDir);
    const runner = await TrainStepRunner.open(model.trainGraphPath, model.parameters, reader.feedNames, {
      executionProviders: [config.executionProvider ?? 'cpu'],
      ...(config.intraOpNumThreads !== undefined ? { intraOpNumThreads: config.intraOpNumThreads } : {}),
    });
    const tensors = checkpoint ? checkpoint.tensors : initialOptimizerState(readParameters(model));
    const order = new DataOrder(reader.size, model.batchSize, config.seed, checkpoint?.position);
    let validation: { reader: DatasetReader; examples: number } | null = null;
    if (config.validation) {
      const validationReader = await openDatasetReader(config.validation.dataset, model.batchSize, config.modelDir);
      validation = { reader: validationReader, examples: Math.min(validationReader.size, config.validation.maxExamples) };
    }
    return new SftEngine(config, hyper, model, reader, runner, order, tensors, validation);
  }

  /** Not the order's own position, which the read-ahead batch has already moved on. */
  get position(): DataPosition {
    return { ...this.consumed };
  }

  async step(step: number) {
    const started = performance.now();
    const taken = this.prefetched ?? this.readAhead();
    const batch = await taken.batch;
    this.consumed = taken.positionAfter;
    // Featurising the next batch (decode, pitch track: JavaScript) overlaps this step's graph run
    // (native, off the JS thread), so a step costs max(featurise, run) rather than their sum.
    this.prefetched = step < this.config.totalSteps ? this.readAhead() : null;
    const { hyper } = this;
    const lr = learningRateAt(hyper, step, this.config.totalSteps);
    const result = await this.runner.step(
      this.tensors,
      { step, lr, weightDecay: hyper.weightDecay, maxGradNorm: hyper.maxGradNorm },
      batch,
    );
    return {
      step,
      epoch: this.consumed.epoch,
      loss: result.loss,
      gradNorm: result.gradNorm,
      lr,
      stepMs: performance.now() - started,
      examples: batch.examples,
    };
  }

  get validate(): StepEngine['validate'] {
    const validation = this.validation;
    if (!validation || validation.examples === 0) return undefined;
    return async () => {
      // Batches of the first `examples` examples in file order; the mean is over real (unpadded) rows.
      let sum = 0;
      for (let start = 0; start < validation.examples; start += this.model.batchSize) {
        const indices = Array.from({ length: Math.min(this.model.batchSize, validation.examples - start) }, (_, i) => start + i);
        const batch = await validation.reader.readBatch(indices);
        sum += (await this.runner.loss(this.tensors, batch)) * batch.examples;
      }
      return { loss: sum / validation.examples, examples: validation.examples };
    };
  }

  engineState(): undefined {
    return undefined;
  }

  get sample(): StepEngine['sample'] {
    const sample = this.reader.sample?.bind(this.reader);
    if (!sample) return undefined;
    return () => sample(new Map(this.model.parameters.map((p) => [p.name, this.tensors.get(`params.${p.name}`)!])));
  }

  async release(): Promise<void> {
    await this.runner.release();
  }

  private readAhead(): ReadAhead {
    const batch = this.reader.readBatch(this.order.nextBatch());
    batch.catch(() => {}); // a job cancelled before it is used must not leave an unhandled rejection
    return { batch, positionAfter: this.order.current };
  }
}
