// The speaker-independent evaluation of an emotion model on one or more corpora, side by side with
// classic baselines measured in the same run on the same clips (issue 11 item 6, issue 13):
//   - the model runs through the app's analyze pipeline on each corpus's validation speakers;
//   - logistic regression and an MLP on the functionals are trained on the training speakers of all
//     given corpora, and — leave-one-corpus-out — on one corpus's, tested on another's;
//   - the "calibrated" condition calibrates to each test corpus's own unlabelled validation clips
//     (computeUserCalibration, what "calibrate from these recordings" does in the app);
//   - the invariance check (invariance.ts) on N validation clips per corpus.
// Per corpus: accuracy with CI, UAR over the corpus's own classes, confusion, ECE, collapse.
// Split: options and report (evaluation-report.ts), shared preparation (prepare-corpora.ts), the
// extra conditions (corpus-conditions.ts), system names (system-names.ts).
import path from 'node:path';
import type { UserCalibrationClip } from '../../prosody/user-calibration';
import { userCalibrationClip } from '../../prosody/user-calibration';
import type { LoadedModel } from '../models/model-sessions';
import { analyzeClip, modelFor } from '../pipeline/analyze-clip';
import { resolveModelDir } from '../pipeline/model-location';
import { errorCode, describeError } from '../pipeline/pipeline-error';
import { pairedBootstrapDifference } from '../pipeline/evaluation/metrics';
import { crossFitTemperatures, fitTemperature } from '../pipeline/evaluation/temperature';
import { temperProbabilities } from '../pipeline/explain-clip';
import { trainBaselines } from './baseline-runs';
import { loadCheckpointModel } from './checkpoint-model';
import { EvaluationError } from './corpora';
import { calibratedConditionRows, leaveOneCorpusOutRows } from './corpus-conditions';
import type { CorpusEvaluation, EvaluationOptions, EvaluationReport, EvaluationSlice, InvarianceReport } from './evaluation-report';
import { measureLatency } from './latency';
import { modelRun, summariseRuns, type ModelRun } from './model-runs';
import { checkInvariance, prepare } from './prepare-corpora';
import { baselineSystems, labelsOf, modelSystemName } from './system-names';
import { systemMetrics, type SystemMetrics } from './system-metrics';
import { writeAnswerTemperature } from './write-temperature';

export type {
  CalibratedCorpus,
  CorpusEvaluation,
  CorpusSpec,
  EvaluationOptions,
  EvaluationReport,
  EvaluationSlice,
  InvarianceReport,
  LeaveOneCorpusOut,
} from './evaluation-report';

/** Loads the model (folder or checkpoint), runs `work` with it, and releases a checkpoint's scratch folder. */
async function withModel<T>(
  options: EvaluationOptions,
  work: (model: LoadedModel, modelDir: string, checkpointStep: number | null) => Promise<T>,
): Promise<T> {
  if (options.corpora.length === 0 && !options.loadedCorpora?.length)
    throw new EvaluationError('bad_option', 'Give at least one corpus folder (--data DIR).');
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

async function evaluateWith(
  model: LoadedModel,
  modelDir: string,
  checkpointStep: number | null,
  options: EvaluationOptions,
  log: (text: string) => void,
): Promise<EvaluationReport> {
  const { manifest } = model.folder;
  const labels = manifest.labels;
  const prepared = await prepare(model, options, log);
  const { corpora, validation, caches, trainRows, voiceQualityNorms, voiceQualityNormsSource, analyze } = prepared;

  // 2. The model on the validation clips, through the same pipeline the app and the CLI use.
  const runs: ModelRun[] = [];
  const failed: { file: string; code: string; message: string }[] = [];
  const calibrationClips = new Map<string, UserCalibrationClip[]>(corpora.map((c) => [c.name, []]));
  const validationTotal = [...validation.values()].reduce((a, v) => a + v.length, 0);
  for (const c of corpora) {
    const clips = validation.get(c.name)!;
    for (const [i, clip] of clips.entries()) {
      let functionals: (number | null)[] = [];
      try {
        const r = await analyzeClip(
          { path: clip.file },
          {
            ...analyze,
            ...(clip.gender ? { gender: clip.gender } : {}),
            onProsody: (p) => {
              functionals = (caches.get(c.name)!.get(clip.file) ?? caches.get(c.name)!.put(clip.file, p)).functionals;
              if (options.calibrated !== false) calibrationClips.get(c.name)!.push(userCalibrationClip(clip.file, p));
            },
          },
        );
        runs.push(modelRun(clip, r, functionals, labels));
      } catch (error) {
        failed.push({ file: clip.file, code: errorCode(error), message: describeError(error) });
      }
      if ((i + 1) % 40 === 0 || i + 1 === clips.length) log(`${c.name} model: ${i + 1}/${clips.length} clips`);
      options.onModelClip?.(runs.length + failed.length, validationTotal);
    }
  }

  // 3. The baselines, trained on the training speakers of every corpus, on the same clips.
  const truth = runs.map((r) => r.clip.label);
  //    No training clips at all (every speaker held out): the model alone, no baselines.
  const hasTrainRows = trainRows.some((r) => r.labels.length > 0);
  const baselines = hasTrainRows
    ? trainBaselines(
        trainRows,
        runs.map((r) => r.functionals),
        labels,
        options.mlp === false ? { mlp: false } : {},
      )
    : [];

  // 4. Answer temperature: the probabilities as generated (the manifest's temperature undone), a
  //    temperature fitted on all these clips, and each speaker tempered by a fit on the other speakers
  //    of its own corpus (a fit on another corpus's speakers would measure the corpus gap instead).
  const raw = runs.map((r) => ({
    truth: r.clip.label,
    group: r.clip.speaker,
    probabilities: temperProbabilities(r.probabilities, 1 / manifest.answerTemperature),
  }));
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
  const temperature = raw.length
    ? { manifestTemperature: manifest.answerTemperature, fittedTemperature: fitTemperature(raw), crossFit: crossFitOf() }
    : null;
  if (options.writeTemperature && temperature && !options.checkpoint) {
    writeAnswerTemperature(model.folder.dir, temperature.fittedTemperature);
    log(`wrote answerTemperature ${temperature.fittedTemperature.toFixed(3)} to ${path.join(model.folder.dir, 'manifest.json')}`);
  }

  const measuredPrefix = analyze.measuredCueSentences !== false && manifest.reasoningPrefix !== 'none';
  const slice = (pick: number[], trainClips: number, validationClips: number, failedClips: number): EvaluationSlice => {
    const t = pick.map((i) => truth[i]!);
    const systems: SystemMetrics[] = [
      systemMetrics(
        modelSystemName(manifest.id),
        `${manifest.name} via the analyze pipeline`,
        labels,
        t,
        pick.map((i) => runs[i]!.label),
        pick.map((i) => runs[i]!.probabilities),
      ),
      ...(temperature?.crossFit
        ? [
            systemMetrics(
              'model, T cross-fitted',
              'the model with each speaker tempered by a temperature fitted on the other validation speakers of its corpus',
              labels,
              t,
              pick.map((i) => runs[i]!.label),
              pick.map((i) => temperature.crossFit!.tempered[i]!),
            ),
          ]
        : []),
      ...baselineSystems(baselines, labelsOf, t, pick),
    ];
    const modelCorrect = pick.map((i) => runs[i]!.label === truth[i]);
    return {
      clips: { validation: validationClips, analyzed: pick.length, failed: failedClips, train: trainClips },
      ...summariseRuns(
        pick.map((i) => runs[i]!),
        measuredPrefix,
      ),
      systems,
      comparisons: pick.length
        ? baselines.map((b) => ({
            versus: b.name,
            ...pairedBootstrapDifference(
              modelCorrect,
              pick.map((i) => b.predicted[i] === truth[i]),
            ),
          }))
        : [],
    };
  };
  const all = runs.map((_, i) => i);
  const trainClips = trainRows.reduce((a, r) => a + r.labels.length, 0);
  const validationClips = [...validation.values()].reduce((a, v) => a + v.length, 0);
  const pooled = slice(all, trainClips, validationClips, failed.length);
  const corpusIndex = (name: string) => all.filter((i) => runs[i]!.clip.corpus === name);
  const perCorpus: CorpusEvaluation[] = corpora.map((c) => ({
    name: c.name,
    dir: c.dir,
    format: c.format,
    classes: c.classes,
    validationSpeakers: c.validationSpeakers,
    ...slice(
      corpusIndex(c.name),
      trainRows.find((r) => r.corpus === c.name)!.labels.length,
      validation.get(c.name)!.length,
      failed.filter((f) => validation.get(c.name)!.some((v) => v.file === f.file)).length,
    ),
  }));

  // 5. Leave one corpus out: baselines trained on one corpus only, tested on another's validation
  //    clips of the classes both have (nEMO has 6 of RAVDESS's 8), next to the model on those clips.
  const conditions = { manifest, labels, corpora, runs, truth, trainRows, corpusIndex, options };
  const leaveOneCorpusOut = leaveOneCorpusOutRows(conditions);

  // 6. Calibrated: each corpus calibrated on its own validation clips (unlabelled), as a user would
  //    calibrate on their recordings; the model runs again with it, the baselines get inputs z-scored
  //    per corpus with the corpus's own statistics.
  const calibratedCondition = await calibratedConditionRows(conditions, calibrationClips, analyze, log);

  // 7. Invariance to the recording channel, with the baselines' answers on the same transformed clips.
  const invariance =
    options.invariance && options.invariance > 0 ? await checkInvariance(prepared, options.invariance, labels, options, log) : null;

  // 8. Latency of analyze + explain on a 4 s clip held in memory.
  const first = corpora.map((c) => validation.get(c.name)![0]).find((c) => c !== undefined);
  const latencyRuns = options.latencyRuns ?? 10;
  const latency4s = first && latencyRuns > 0 ? await measureLatency(first.file, latencyRuns, analyze) : null;

  return {
    createdAt: new Date().toISOString(),
    model: { id: manifest.id, dir: modelDir, testModel: manifest.testModel, checkpoint: options.checkpoint ?? null, checkpointStep },
    data: corpora[0]!.dir,
    dataDirs: corpora.map((c) => c.dir),
    validationSpeakers: corpora.flatMap((c) => c.validationSpeakers).join(','),
    ...pooled,
    voiceQualityNorms,
    voiceQualityNormsSource,
    calibration: temperature && {
      ...temperature,
      crossFit: temperature.crossFit && { temperatureByGroup: temperature.crossFit.temperatureByGroup },
    },
    latency4s,
    failed,
    perClip: runs.map((r) => r.detail),
    corpora: perCorpus,
    leaveOneCorpusOut,
    calibratedCondition,
    invariance,
  };
}
