// Classic speech-emotion baselines on the eGeMAPS-like functionals (main/prosody functionals):
// z-scoring fitted on training rows, multinomial logistic regression and a small MLP.
export { fitStandardiser, standardise, type Standardiser } from './standardiser';
export {
  softmaxLoss,
  softmaxProbabilities,
  trainSoftmaxRegression,
  type SoftmaxRegression,
  type SoftmaxRegressionOptions,
} from './softmax-regression';
export { mlpProbabilities, trainMlp, type MlpClassifier, type MlpOptions } from './mlp-classifier';
export { trainFunctionalBaselines, type BaselineName, type BaselinePredictions, type LabelledRows } from './functional-baselines';
