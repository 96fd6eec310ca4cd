// The speaker-independent evaluation of an emotion model on one or more corpora, side by side with
// classic baselines measured in the same run on the same clips (issue 11 item 6, issue 13):
//   - the model runs through the app's analyse pipeline on each corpus's validation speakers;
//   - logistic regression and an MLP on the functionals are trained on the training speakers of all
//     given corpora, and — leave-one-corpus-out — on one corpus's, tested on another's;
//   - the "calibrated" condition calibrates to each test corpus's own unlabelled validation clips
//     (computeUserCalibration, what "calibrate from these recordings" does in the app);
//   - the invariance check (invariance.ts) on N validation clips per corpus.
// Per corpus: accuracy with CI, UAR over the corpus's own classes, confusion, ECE, collapse.
import path from 'node:path';
import type { ProsodySummary } from '../../../shared/types/dataset';
import type { VoiceQuality } from '../../../shared/types/prosody';
import type { UserCalibration } from '../../../shared/types/calibration';
import { computeVoiceQualityNorms, type VoiceQualityNorms } from '../../data';
import { computeUserCalibration, userCalibrationClip, type UserCalibrationClip } from '../../prosody/user-calibration';
import type { LoadedModel } from '../models/model-sessions';
import { analyzeClip, modelFor, type AnalyzeClipOptions } from '../pipeline/analyze-clip';
import { folderVoiceQualityNorms } from '../pipeline/evidence-norms';
import { resolveModelDir } from '../pipeline/model-location';
import { errorCode, errorMessage } from '../pipeline/pipeline-error';
import { pairedBootstrapDifference } from '../pipeline/evaluation/metrics';
import { crossFitTemperatures, fitTemperature } from '../pipeline/evaluation/temperature';
import { temperProbabilities } from '../pipeline/explain-clip';
import { standardiseOwn, trainBaselines, type BaselineRun, type CorpusRows } from './baseline-runs';
import { loadCheckpointModel } from './checkpoint-model';
import { EvaluationError, loadEvalCorpus, stratifiedSample, type EvalClip, type EvalCorpus, type LoadCorpusOptions } from './corpora';
import { babbleSources, invarianceClips, invarianceShortfalls, INVARIANCE_TARGET, runInvariance, summariseInvariance, type InvarianceRow } from './invariance';
import { measureLatency, type LatencyReport } from './latency';
import { ClipMeasuresCache } from './measures-cache';
import { modelRun, summariseRuns, type ModelRun, type ModelRunSummary } from './model-runs';
import { systemMetrics, type SystemMetrics } from './system-metrics';
import { writeAnswerTemperature } from './write-temperature';

/** One corpus folder to evaluate on. */
export interface CorpusSpec extends LoadCorpusOptions {
  dir: string;
}

export interface EvaluationOptions {
  corpora: CorpusSpec[];
  /** Validation speakers by corpus name (a spec's own list wins); default DEFAULT_VALIDATION_SPEAKERS. */
  speakers?: Record<string, string[]>;
  /** Model folder; default resources/models/default. */
  model?: string;
  /** A training checkpoint's weights on the graphs of `model` (no export needed). */
  checkpoint?: string;
  /** At most this many validation clips per corpus, covering its classes and speakers (stratifiedSample). */
  limit?: number;
  /** Train the MLP baseline too (default true). */
  mlp?: boolean;
  retries?: number;
  maxTokens?: number;
  /** Runs of the 4 s latency measurement; 0 skips it. Default 10. */
  latencyRuns?: number;
  /** Folder for the per-corpus measures caches; undefined measures every clip afresh. */
  cacheDir?: string;
  /**
   * Voice-quality norms for the prompt and checker: 'model' (default) uses the model folder's
   * evidence-norms.json as the app does (computed from the training speakers when the folder has
   * none); 'training' computes them from the training speakers of the given corpora — which changes
   * the model's prompt when a corpus is added, so figures of runs on different corpora differ.
   */
  voiceQualityNorms?: 'training' | 'model';
  /** Whether a model with a measured reasoning prefix gets the app-written cue sentences (default true). */
  measuredCueSentences?: boolean;
  /** Store the fitted answer temperature in the model's manifest. */
  writeTemperature?: boolean;
  /** Validation clips per corpus for the invariance check; 0 or undefined skips it. */
  invariance?: number;
  /** Run the calibrated condition (default true). */
  calibrated?: boolean;
  /** ONNX Runtime intra-op threads of the model sessions (default SAMPLER_THREADS = 1). */
  threads?: number;
  log?: (text: string) => void;
}

/** Answer quality and systems of one set of validation clips (a corpus, or all pooled). */
export interface EvaluationSlice extends ModelRunSummary {
  clips: { validation: number; analysed: number; failed: number; train: number };
  systems: SystemMetrics[];
  /** Paired bootstrap of model − baseline accuracy on the same clips. */
  comparisons: { versus: string; difference: number; low: number; high: number }[];
}

export interface CorpusEvaluation extends EvaluationSlice {
  name: string;
  dir: string;
  format: string;
  classes: string[];
  validationSpeakers: string[];
}

/** Baselines trained on one corpus's training speakers, tested on another's validation speakers. */
export interface LeaveOneCorpusOut {
  trainCorpus: string;
  testCorpus: string;
  /** The test corpus's classes the training corpus also has: the test clips are those. */
  sharedClasses: string[];
  clips: number;
  /** The model on the same clips, then the baselines. */
  systems: SystemMetrics[];
}

export interface CalibratedCorpus {
  corpus: string;
  /** How the calibration was made (from the corpus's own validation clips, labels unread). */
  calibration: { name: string; clips: number; functionals: number };
  /** Clips whose calibrated analysis failed: left out of this condition for every system. */
  failed: number;
  systems: SystemMetrics[];
}

export interface InvarianceReport {
  clipsPerCorpus: number;
  target: number;
  rows: InvarianceRow[];
  /** Rows below the target, in words (empty = the model passes). */
  shortfalls: string[];
  failed: { file: string; code: string; message: string }[];
}

export interface EvaluationReport extends EvaluationSlice {
  createdAt: string;
  model: { id: string; dir: string; testModel: boolean; checkpoint: string | null; checkpointStep: number | null };
  /** The first corpus folder (older readers); all of them in `dataDirs`. */
  data: string;
  dataDirs: string[];
  /** Validation speakers of every corpus, comma-joined (older readers). */
  validationSpeakers: string;
  voiceQualityNorms: VoiceQualityNorms | null;
  /** Where the norms came from: the model folder, or the training speakers of the given corpora. */
  voiceQualityNormsSource: string | null;
  /** Answer temperature: the manifest's, one fitted on all validation clips, and cross-fitted per speaker. */
  calibration: { manifestTemperature: number; fittedTemperature: number; crossFit: { temperatureByGroup: Record<string, number> } | null } | null;
  latency4s: LatencyReport | null;
  failed: { file: string; code: string; message: string }[];
  perClip: Record<string, unknown>[];
  corpora: CorpusEvaluation[];
  leaveOneCorpusOut: LeaveOneCorpusOut[];
  calibratedCondition: CalibratedCorpus[] | null;
  invariance: InvarianceReport | null;
}

/** The model's name in the tables. */
const modelSystemName = (id: string) => `model ${id}`;
const baselineSystemName = (b: BaselineRun, suffix = '') => `${b.name} (functionals${suffix})`;

function baselineSystems(baselines: readonly BaselineRun[], labels: (b: BaselineRun) => string[], truth: string[], pick: number[], suffix = ''): SystemMetrics[] {
  return baselines.map((b) => systemMetrics(
    baselineSystemName(b, suffix), `${b.description}; trained on ${b.trainClips} clips of the training speakers of ${b.trainedOn}`,
    labels(b), truth, pick.map((i) => b.predicted[i]!), pick.map((i) => b.probabilities[i]!),
  ));
}

const labelsOf = (b: BaselineRun) => Object.keys(b.probabilities[0] ?? {});

/** Loads the model (folder or checkpoint), runs `work` with it, and releases a checkpoint's scratch folder. */
async function withModel<T>(options: EvaluationOptions, work: (model: LoadedModel, modelDir: string, checkpointStep: number | null) => Promise<T>): Promise<T> {
  if (options.corpora.length === 0) throw new EvaluationError('bad_option', 'Give at least one corpus folder (--data DIR).');
  const modelDir = resolveModelDir(options.model);
  const load = options.threads ? { intraOpNumThreads: options.threads } : undefined;
  const fromCheckpoint = options.checkpoint ? await loadCheckpointModel(modelDir, options.checkpoint) : null;
  const model: LoadedModel = fromCheckpoint?.model ?? (await modelFor({ model: modelDir, ...(load ? { load } : {}) }));
  try {
    return await work(model, modelDir, fromCheckpoint?.step ?? null);
  } finally {
    await fromCheckpoint?.model.release(); // removes the checkpoint's scratch model folder
  }
}

export async function runEvaluation(options: EvaluationOptions): Promise<EvaluationReport> {
  return withModel(options, (model, modelDir, step) => evaluateWith(model, modelDir, step, options, options.log ?? (() => {})));
}

/** Only the invariance check (`options.invariance` clips per corpus), with the baselines beside the model. */
export async function runInvarianceCheck(options: EvaluationOptions & { invariance: number }): Promise<InvarianceReport> {
  const log = options.log ?? (() => {});
  return withModel(options, async (model) => {
    const p = await prepare(model, options, log);
    return checkInvariance(p, options.invariance, model.folder.manifest.labels, options, log);
  });
}

/** What every part of the evaluation shares: the corpora, their clips, the training rows, the analysis options. */
interface Prepared {
  corpora: EvalCorpus[];
  validation: Map<string, EvalClip[]>;
  caches: Map<string, ClipMeasuresCache>;
  trainRows: CorpusRows[];
  voiceQualityNorms: VoiceQualityNorms | null;
  voiceQualityNormsSource: string | null;
  analyse: AnalyzeClipOptions;
}

async function prepare(model: LoadedModel, options: EvaluationOptions, log: (text: string) => void): Promise<Prepared> {
  const corpora: EvalCorpus[] = options.corpora.map((c) => loadEvalCorpus(c.dir, { ...c, ...(options.speakers ? { speakersByCorpus: options.speakers } : {}) }));
  const names = corpora.map((c) => c.name);
  if (new Set(names).size !== names.length) throw new EvaluationError('bad_option', `Corpus given twice: ${names.join(', ')}.`);
  const unknown = Object.keys(options.speakers ?? {}).filter((n) => !names.includes(n));
  if (unknown.length) throw new EvaluationError('bad_option', `Validation speakers are given for ${unknown.join(', ')}, which is not among the corpora (${names.join(', ')}).`);
  // --limit keeps every class and speaker in; without it the whole validation list, in its own order.
  const validation = new Map(corpora.map((c) => [c.name, options.limit === undefined ? c.validation : stratifiedSample(c.validation, options.limit)]));
  for (const c of corpora) {
    log(`${c.name}: ${c.train.length} training clips, ${validation.get(c.name)!.length} validation clips (speakers ${c.validationSpeakers.join(', ')}; classes ${c.classes.join(', ')})`);
  }
  const caches = new Map(corpora.map((c) => [c.name, new ClipMeasuresCache(options.cacheDir ? path.join(options.cacheDir, `${c.name}-measures.jsonl`) : undefined)]));

  // Measures of the training speakers' clips: functionals for the baselines, voice quality for the
  // checker's norms (breathy / rough / clear get a measurable meaning from these speakers only).
  const trainRows: CorpusRows[] = [];
  const trainVoiceQuality: VoiceQuality[] = [];
  for (const c of corpora) {
    const features: (number | null)[][] = [];
    const trainLabels: string[] = [];
    for (const [i, clip] of c.train.entries()) {
      const measured = await caches.get(c.name)!.measure(clip.file);
      if ('functionals' in measured) {
        trainVoiceQuality.push(measured.voiceQuality);
        features.push(measured.functionals);
        trainLabels.push(clip.label);
      }
      if ((i + 1) % 200 === 0 || i + 1 === c.train.length) log(`${c.name} baseline features: ${i + 1}/${c.train.length} training clips`);
    }
    trainRows.push({ corpus: c.name, features, labels: trainLabels });
  }
  // computeVoiceQualityNorms reads only .voiceQuality of each summary.
  const folderNorms = options.voiceQualityNorms === 'training' ? null : folderVoiceQualityNorms(model.folder.dir);
  const voiceQualityNorms = folderNorms ?? computeVoiceQualityNorms(trainVoiceQuality.map((voiceQuality) => ({ voiceQuality })) as ProsodySummary[]);
  const voiceQualityNormsSource = voiceQualityNorms === null ? null : folderNorms ? 'model folder (evidence-norms.json)' : `training speakers of ${corpora.map((c) => c.name).join(' + ')}`;
  const analyse: AnalyzeClipOptions = {
    model, measuredCueSentences: options.measuredCueSentences !== false, ...(voiceQualityNorms ? { voiceQualityNorms } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}), ...(options.maxTokens ? { maxTokens: options.maxTokens } : {}),
  };
  return { corpora, validation, caches, trainRows, voiceQualityNorms, voiceQualityNormsSource, analyse };
}

/** The invariance check on `n` validation clips per corpus, with the baselines' answers on the same transformed clips. */
async function checkInvariance(p: Prepared, n: number, labels: readonly string[], options: EvaluationOptions, log: (text: string) => void): Promise<InvarianceReport> {
  const clips = p.corpora.flatMap((c) => invarianceClips({ validation: p.validation.get(c.name)! }, n));
  const babble = new Map(p.corpora.map((c) => [c.name, babbleSources(c)]));
  const { results, failed } = await runInvariance(clips, (clip: EvalClip) => babble.get(clip.corpus)!, {
    analyse: p.analyse, onClip: (done, total) => { if (done % 8 === 0 || done === total) log(`invariance: ${done}/${total} clips`); },
  });
  const observations = results.flatMap((r) => [r.original, ...r.transformed.flatMap((t) => ('observation' in t ? [t.observation] : []))]);
  if (observations.length) {
    for (const b of trainBaselines(p.trainRows, observations.map((o) => o.functionals), labels, options.mlp === false ? { mlp: false } : {})) {
      observations.forEach((o, k) => (o.answers[baselineSystemName(b)] = b.predicted[k]!));
    }
  }
  const rows = summariseInvariance(results);
  return { clipsPerCorpus: n, target: INVARIANCE_TARGET, rows, shortfalls: invarianceShortfalls(rows), failed };
}

async function evaluateWith(model: LoadedModel, modelDir: string, checkpointStep: number | null, options: EvaluationOptions, log: (text: string) => void): Promise<EvaluationReport> {
  const { manifest } = model.folder;
  const labels = manifest.labels;
  const prepared = await prepare(model, options, log);
  const { corpora, validation, caches, trainRows, voiceQualityNorms, voiceQualityNormsSource, analyse } = prepared;

  // 2. The model on the validation clips, through the same pipeline the app and the CLI use.
  const runs: ModelRun[] = [];
  const failed: { file: string; code: string; message: string }[] = [];
  const calibrationClips = new Map<string, UserCalibrationClip[]>(corpora.map((c) => [c.name, []]));
  for (const c of corpora) {
    const clips = validation.get(c.name)!;
    for (const [i, clip] of clips.entries()) {
      let functionals: (number | null)[] = [];
      try {
        const r = await analyzeClip({ path: clip.file }, {
          ...analyse, ...(clip.gender ? { gender: clip.gender } : {}),
          onProsody: (p) => {
            functionals = (caches.get(c.name)!.get(clip.file) ?? caches.get(c.name)!.put(clip.file, p)).functionals;
            if (options.calibrated !== false) calibrationClips.get(c.name)!.push(userCalibrationClip(clip.file, p));
          },
        });
        runs.push(modelRun(clip, r, functionals, labels));
      } catch (error) {
        failed.push({ file: clip.file, code: errorCode(error), message: errorMessage(error) });
      }
      if ((i + 1) % 40 === 0 || i + 1 === clips.length) log(`${c.name} model: ${i + 1}/${clips.length} clips`);
    }
  }

  // 3. The baselines, trained on the training speakers of every corpus, on the same clips.
  const truth = runs.map((r) => r.clip.label);
  const baselines = trainBaselines(trainRows, runs.map((r) => r.functionals), labels, options.mlp === false ? { mlp: false } : {});

  // 4. Answer temperature: the probabilities as generated (the manifest's temperature undone), a
  //    temperature fitted on all these clips, and each speaker tempered by a fit on the other speakers
  //    of its own corpus (a fit on another corpus's speakers would measure the corpus gap instead).
  const raw = runs.map((r) => ({ truth: r.clip.label, group: r.clip.speaker, probabilities: temperProbabilities(r.probabilities, 1 / manifest.answerTemperature) }));
  const crossFitOf = (): { tempered: Record<string, number>[]; temperatureByGroup: Record<string, number> } | null => {
    const tempered: Record<string, number>[] = new Array(runs.length);
    const temperatureByGroup: Record<string, number> = {};
    for (const c of corpora) {
      const at = runs.flatMap((r, i) => (r.clip.corpus === c.name ? [i] : []));
      if (at.length === 0) continue;
      if (new Set(at.map((i) => raw[i]!.group)).size < 2) return null; // one speaker: nothing to fit on
      const fit = crossFitTemperatures(at.map((i) => raw[i]!));
      at.forEach((i, k) => (tempered[i] = fit.tempered[k]!));
      Object.assign(temperatureByGroup, fit.temperatureByGroup);
    }
    return { tempered, temperatureByGroup };
  };
  const temperature = raw.length ? { manifestTemperature: manifest.answerTemperature, fittedTemperature: fitTemperature(raw), crossFit: crossFitOf() } : null;
  if (options.writeTemperature && temperature && !options.checkpoint) {
    writeAnswerTemperature(model.folder.dir, temperature.fittedTemperature);
    log(`wrote answerTemperature ${temperature.fittedTemperature.toFixed(3)} to ${path.join(model.folder.dir, 'manifest.json')}`);
  }

  const measuredPrefix = analyse.measuredCueSentences !== false && manifest.reasoningPrefix !== 'none';
  const slice = (pick: number[], trainClips: number, validationClips: number, failedClips: number): EvaluationSlice => {
    const t = pick.map((i) => truth[i]!);
    const systems: SystemMetrics[] = [
      systemMetrics(modelSystemName(manifest.id), `${manifest.name} via the analyse pipeline`, labels, t, pick.map((i) => runs[i]!.label), pick.map((i) => runs[i]!.probabilities)),
      ...(temperature?.crossFit ? [systemMetrics('model, T cross-fitted', 'the model with each speaker tempered by a temperature fitted on the other validation speakers of its corpus', labels, t, pick.map((i) => runs[i]!.label), pick.map((i) => temperature.crossFit!.tempered[i]!))] : []),
      ...baselineSystems(baselines, labelsOf, t, pick),
    ];
    const modelCorrect = pick.map((i) => runs[i]!.label === truth[i]);
    return {
      clips: { validation: validationClips, analysed: pick.length, failed: failedClips, train: trainClips },
      ...summariseRuns(pick.map((i) => runs[i]!), measuredPrefix),
      systems,
      comparisons: pick.length ? baselines.map((b) => ({ versus: b.name, ...pairedBootstrapDifference(modelCorrect, pick.map((i) => b.predicted[i] === truth[i])) })) : [],
    };
  };
  const all = runs.map((_, i) => i);
  const trainClips = trainRows.reduce((a, r) => a + r.labels.length, 0);
  const validationClips = [...validation.values()].reduce((a, v) => a + v.length, 0);
  const pooled = slice(all, trainClips, validationClips, failed.length);
  const corpusIndex = (name: string) => all.filter((i) => runs[i]!.clip.corpus === name);
  const perCorpus: CorpusEvaluation[] = corpora.map((c) => ({
    name: c.name, dir: c.dir, format: c.format, classes: c.classes, validationSpeakers: c.validationSpeakers,
    ...slice(corpusIndex(c.name), trainRows.find((r) => r.corpus === c.name)!.labels.length, validation.get(c.name)!.length,
      failed.filter((f) => validation.get(c.name)!.some((v) => v.file === f.file)).length),
  }));

  // 5. Leave one corpus out: baselines trained on one corpus only, tested on another's validation
  //    clips of the classes both have (nEMO has 6 of RAVDESS's 8), next to the model on those clips.
  const leaveOneCorpusOut: LeaveOneCorpusOut[] = [];
  for (const trainCorpus of corpora) {
    for (const testCorpus of corpora) {
      if (trainCorpus === testCorpus) continue;
      const rows = trainRows.find((r) => r.corpus === trainCorpus.name)!;
      const known = new Set(rows.labels);
      const pick = corpusIndex(testCorpus.name).filter((i) => known.has(truth[i]!));
      if (pick.length === 0 || rows.labels.length === 0) continue;
      const t = pick.map((i) => truth[i]!);
      const testRows = pick.map((i) => runs[i]!.functionals);
      const plain = trainBaselines([rows], testRows, labels, options.mlp === false ? { mlp: false } : {});
      // The same, with each corpus z-scored by its own statistics (labels unread on the test side).
      const ownScaled = trainBaselines([{ ...rows, features: standardiseOwn(rows.features) }], standardiseOwn(testRows), labels, { mlp: false });
      const identity = t.map((_, k) => k);
      leaveOneCorpusOut.push({
        trainCorpus: trainCorpus.name, testCorpus: testCorpus.name, sharedClasses: testCorpus.classes.filter((c) => known.has(c)), clips: pick.length,
        systems: [
          systemMetrics(modelSystemName(manifest.id), 'the model as trained (not left out of anything), on the same clips', labels, t, pick.map((i) => runs[i]!.label), pick.map((i) => runs[i]!.probabilities)),
          ...baselineSystems(plain, labelsOf, t, identity),
          ...baselineSystems(ownScaled, labelsOf, t, identity, ', z-scored per corpus'),
        ],
      });
    }
  }

  // 6. Calibrated: each corpus calibrated on its own validation clips (unlabelled), as a user would
  //    calibrate on their recordings; the model runs again with it, the baselines get inputs z-scored
  //    per corpus with the corpus's own statistics.
  let calibratedCondition: CalibratedCorpus[] | null = null;
  if (options.calibrated !== false && runs.length) {
    calibratedCondition = [];
    const ownScaledTrain = trainRows.map((r) => ({ ...r, features: standardiseOwn(r.features) }));
    for (const c of corpora) {
      const pick = corpusIndex(c.name);
      if (pick.length === 0) continue;
      let calibration: UserCalibration;
      try {
        calibration = computeUserCalibration(calibrationClips.get(c.name)!, { name: `${c.name} validation clips (unlabelled)`, id: `eval-${c.name}`, now: new Date(0) });
      } catch (error) {
        log(`${c.name}: no calibrated condition: ${errorMessage(error)}`);
        continue;
      }
      const answered: { i: number; label: string | null; probabilities: Record<string, number> }[] = [];
      let calibratedFailures = 0;
      for (const [k, i] of pick.entries()) {
        const clip = runs[i]!.clip;
        try {
          const r = await analyzeClip({ path: clip.file }, { ...analyse, userCalibration: calibration, ...(clip.gender ? { gender: clip.gender } : {}) });
          answered.push({ i, label: r.label, probabilities: r.probabilities });
          runs[i]!.detail.calibratedLabel = r.label;
        } catch (error) {
          // Left out of this condition's clips (for every system), and counted.
          calibratedFailures += 1;
          runs[i]!.detail.calibratedError = `${errorCode(error)}: ${errorMessage(error)}`;
        }
        if ((k + 1) % 40 === 0 || k + 1 === pick.length) log(`${c.name} model, calibrated: ${k + 1}/${pick.length} clips`);
      }
      const t = answered.map((a) => truth[a.i]!);
      // Statistics of all the corpus's validation clips, as the calibration itself was measured on them.
      const ownScaled = standardiseOwn(pick.map((i) => runs[i]!.functionals));
      const testRows = answered.map((a) => ownScaled[pick.indexOf(a.i)]!);
      const scaled = trainBaselines(ownScaledTrain, testRows, labels, options.mlp === false ? { mlp: false } : {});
      calibratedCondition.push({
        corpus: c.name,
        calibration: { name: calibration.name, clips: calibration.clips, functionals: calibration.functionals.names.length },
        failed: calibratedFailures,
        systems: [
          systemMetrics(modelSystemName(manifest.id), `the model, levels and functionals calibrated on the ${calibration.clips} validation clips of ${c.name}`, labels, t, answered.map((a) => a.label), answered.map((a) => a.probabilities)),
          ...baselineSystems(scaled, labelsOf, t, t.map((_, k) => k), ', z-scored per corpus'),
        ],
      });
    }
  }

  // 7. Invariance to the recording channel, with the baselines' answers on the same transformed clips.
  const invariance = options.invariance && options.invariance > 0 ? await checkInvariance(prepared, options.invariance, labels, options, log) : null;

  // 8. Latency of analyse + explain on a 4 s clip held in memory.
  const first = corpora.map((c) => validation.get(c.name)![0]).find((c) => c !== undefined);
  const latencyRuns = options.latencyRuns ?? 10;
  const latency4s = first && latencyRuns > 0 ? await measureLatency(first.file, latencyRuns, analyse) : null;

  return {
    createdAt: new Date().toISOString(),
    model: { id: manifest.id, dir: modelDir, testModel: manifest.testModel, checkpoint: options.checkpoint ?? null, checkpointStep },
    data: corpora[0]!.dir, dataDirs: corpora.map((c) => c.dir),
    validationSpeakers: corpora.flatMap((c) => c.validationSpeakers).join(','),
    ...pooled,
    voiceQualityNorms, voiceQualityNormsSource,
    calibration: temperature && { ...temperature, crossFit: temperature.crossFit && { temperatureByGroup: temperature.crossFit.temperatureByGroup } },
    latency4s, failed, perClip: runs.map((r) => r.detail),
    corpora: perCorpus, leaveOneCorpusOut, calibratedCondition, invariance,
  };
}
