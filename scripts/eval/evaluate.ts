// npm run eval -- [--data DIR …] [--model DIR] [--speakers CORPUS=A,B] [--invariance N [--invariance-only]] [--out FILE]
// Thin CLI over main/ml/evaluation: speaker-independent evaluation of an emotion model per corpus,
// beside classic baselines trained in the same run (logistic regression and an MLP on the functionals
// of the training speakers), leave-one-corpus-out, a calibrated condition and the invariance check.
// Prints the tables and writes everything (per clip too) as JSON that scripts/train/model-card.ts reads.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  EvaluationError,
  evaluationText,
  invarianceTable,
  parseSpeakerOptions,
  runEvaluation,
  runInvarianceCheck,
  type CorpusSpec,
  type EvaluationOptions,
} from '../../main/ml/evaluation';
import { errorCode, describeError, sharedModelSessions } from '../../main/ml/pipeline';
import { resultsToJson } from '../../main/ml/pipeline/reports/results-csv';

const USAGE = `Usage: npm run eval -- [--data DIR …] [--model DIR] [--out FILE]
  --data DIR            a corpus folder; repeat for several (each is reported separately);
                        default ../shared/data/ravdess and ../shared/data/nemo, those that exist
  --speakers LIST       validation speakers: "CORPUS=A,B" per corpus (repeatable), or "A,B" with one --data;
                        default ravdess=17,18,19,20 and nemo=nemo_IC0,nemo_KS0
  --limit N             at most N validation clips per corpus, covering its classes and speakers
  --invariance N        the channel-invariance check on N validation clips per corpus (gain −12/+6 dB,
                        telephone, Opus 24 kbit/s, white and babble noise at 20 dB SNR; needs sox, ffmpeg)
  --invariance-only     run only the invariance check (with --invariance N, default 8)
  --no-calibrated       skip the condition calibrated on each corpus's own unlabelled validation clips
  --threads N           ONNX Runtime intra-op threads of the model (default 1)
  --vq-norms model|training  voice-quality norms of the prompt and checker: the model folder's (default, as
                        the app does) or computed from the training speakers of the given corpora
  [--no-mlp] [--retries N] [--max-tokens N] [--latency-runs N] [--cache DIR]
  --checkpoint FILE     evaluate a training checkpoint's weights on the graphs of --model
  --write-temperature   store the answer temperature fitted on these clips in the model's manifest
  --no-measured-cues    let a model with a measured reasoning prefix write its cue sentences itself`;

const { values } = parseArgs({
  options: {
    data: { type: 'string', multiple: true },
    model: { type: 'string' },
    speakers: { type: 'string', multiple: true },
    out: { type: 'string' },
    limit: { type: 'string' },
    'no-mlp': { type: 'boolean' },
    retries: { type: 'string' },
    'max-tokens': { type: 'string' },
    'latency-runs': { type: 'string', default: '10' },
    cache: { type: 'string' },
    checkpoint: { type: 'string' },
    'vq-norms': { type: 'string', default: 'model' },
    // Older spelling of --vq-norms model (then not the default).
    'no-vq-norms': { type: 'boolean' },
    'write-temperature': { type: 'boolean' },
    'no-measured-cues': { type: 'boolean' },
    invariance: { type: 'string' },
    'no-calibrated': { type: 'boolean' },
    threads: { type: 'string' },
    'invariance-only': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
// Without --data: the shared corpora beside the project, those that are there.
const SHARED_CORPORA = ['ravdess', 'nemo']
  .map((name) => path.resolve(import.meta.dirname, '../../../shared/data', name))
  .filter((dir) => existsSync(dir));
const dataDirs = values.data?.length ? values.data : SHARED_CORPORA;
if (values.help || dataDirs.length === 0) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}
const int = (v: string | undefined, flag: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new EvaluationError('bad_option', `--${flag} needs a whole number ≥ 0, got "${v}".`);
  return n;
};
const stamp = () => new Date().toISOString().slice(11, 19);

try {
  const { '*': unnamed, ...speakers } = parseSpeakerOptions(values.speakers ?? []);
  if (unnamed && dataDirs.length > 1)
    throw new EvaluationError('bad_option', 'With several --data folders, name the corpus: --speakers ravdess=17,18,19,20.');
  // "--speakers A,B" applies to the only corpus; "CORPUS=A,B" to the corpus of that name.
  const corpora: CorpusSpec[] = dataDirs.map((dir) => ({ dir: path.resolve(dir), ...(unnamed ? { validationSpeakers: unnamed } : {}) }));
  const limit = int(values.limit, 'limit');
  const retries = int(values.retries, 'retries');
  const maxTokens = int(values['max-tokens'], 'max-tokens');
  const invariance = int(values.invariance, 'invariance');
  const threads = int(values.threads, 'threads');
  const vqNorms = values['no-vq-norms'] ? 'model' : values['vq-norms'];
  if (vqNorms !== 'model' && vqNorms !== 'training')
    throw new EvaluationError('bad_option', `--vq-norms is model or training, not "${vqNorms}".`);
  const options: EvaluationOptions = {
    corpora,
    speakers,
    ...(values.model ? { model: values.model } : {}),
    ...(values.checkpoint ? { checkpoint: values.checkpoint } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(retries !== undefined ? { retries } : {}),
    ...(maxTokens ? { maxTokens } : {}),
    ...(invariance ? { invariance } : {}),
    ...(threads ? { threads } : {}),
    ...(values.cache ? { cacheDir: path.resolve(values.cache) } : {}),
    latencyRuns: int(values['latency-runs'], 'latency-runs') ?? 10,
    mlp: !values['no-mlp'],
    calibrated: !values['no-calibrated'],
    voiceQualityNorms: vqNorms,
    measuredCueSentences: !values['no-measured-cues'],
    writeTemperature: Boolean(values['write-temperature']),
    log: (text) => process.stderr.write(`${stamp()} ${text}\n`),
  };
  if (values['invariance-only']) {
    const report = await runInvarianceCheck({ ...options, invariance: invariance || 8 });
    if (values.out) writeFileSync(values.out, resultsToJson({ createdAt: new Date().toISOString(), invariance: report }));
    console.log(
      `\nInvariance: ${report.clipsPerCorpus} validation clips per corpus, share unchanged under each transform (target ≥ ${(100 * report.target).toFixed(0)} %; ✗ = below)\n\n${invarianceTable(report.rows, report.target)}`,
    );
    console.log(
      report.shortfalls.length
        ? `\nBelow target: ${report.shortfalls.length} of ${report.rows.length} rows.`
        : '\nEvery transform meets the target.',
    );
  } else {
    const report = await runEvaluation(options);
    if (values.out) writeFileSync(values.out, resultsToJson(report));
    console.log(`\n${evaluationText(report)}`);
  }
  if (values.out) console.log(`\nJSON: ${values.out}`);
} catch (error) {
  // Bad input (missing folder, unknown speaker, broken model folder) ends the run with its code, no stack.
  const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : errorCode(error);
  console.error(`eval: [${code}] ${describeError(error)}`);
  process.exitCode = 2;
} finally {
  await sharedModelSessions.releaseAll();
}
