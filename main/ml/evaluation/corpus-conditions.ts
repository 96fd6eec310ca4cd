// The two conditions beside the plain per-corpus figures: leave-one-corpus-out (baselines trained on
// one corpus, tested on another) and "calibrated" (each corpus calibrated on its own unlabelled
// validation clips, the model run again with it).
import type { UserCalibration } from '../../../shared/types/calibration';
import { computeUserCalibration, type UserCalibrationClip } from '../../prosody/user-calibration';
import type { ModelManifest } from '../../../shared/types/model';
import { analyzeClip, type AnalyzeClipOptions } from '../pipeline/analyze-clip';
import { errorCode, describeError } from '../pipeline/pipeline-error';
import { standardiseOwn, trainBaselines, type CorpusRows } from './baseline-runs';
import type { EvalCorpus } from './corpora';
import type { CalibratedCorpus, EvaluationOptions, LeaveOneCorpusOut } from './evaluation-report';
import type { ModelRun } from './model-runs';
import { baselineSystems, labelsOf, modelSystemName } from './system-names';
import { systemMetrics } from './system-metrics';

/** What both conditions read from the plain run. */
export interface ConditionInputs {
  manifest: ModelManifest;
  labels: readonly string[];
  corpora: EvalCorpus[];
  runs: ModelRun[];
  truth: string[];
  trainRows: CorpusRows[];
  corpusIndex: (name: string) => number[];
  options: EvaluationOptions;
}

export function leaveOneCorpusOutRows({
  manifest,
  labels,
  corpora,
  runs,
  truth,
  trainRows,
  corpusIndex,
  options,
}: ConditionInputs): LeaveOneCorpusOut[] {
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
      const ownScaled = trainBaselines([{ ...rows, features: standardiseOwn(rows.features) }], standardiseOwn(testRows), labels, {
        mlp: false,
      });
      const identity = t.map((_, k) => k);
      leaveOneCorpusOut.push({
        trainCorpus: trainCorpus.name,
        testCorpus: testCorpus.name,
        sharedClasses: testCorpus.classes.filter((c) => known.has(c)),
        clips: pick.length,
        systems: [
          systemMetrics(
            modelSystemName(manifest.id),
            'the model as trained (not left out of anything), on the same clips',
            labels,
            t,
            pick.map((i) => runs[i]!.label),
            pick.map((i) => runs[i]!.probabilities),
          ),
          ...baselineSystems(plain, labelsOf, t, identity),
          ...baselineSystems(ownScaled, labelsOf, t, identity, ', z-scored per corpus'),
        ],
      });
    }
  }

  return leaveOneCorpusOut;
}

export async function calibratedConditionRows(
  { manifest, labels, corpora, runs, truth, trainRows, corpusIndex, options }: ConditionInputs,
  calibrationClips: Map<string, UserCalibrationClip[]>,
  analyze: AnalyzeClipOptions,
  log: (text: string) => void,
): Promise<CalibratedCorpus[] | null> {
  let calibratedCondition: CalibratedCorpus[] | null = null;
  if (options.calibrated !== false && runs.length) {
    calibratedCondition = [];
    const ownScaledTrain = trainRows.map((r) => ({ ...r, features: standardiseOwn(r.features) }));
    for (const c of corpora) {
      const pick = corpusIndex(c.name);
      if (pick.length === 0) continue;
      let calibration: UserCalibration;
      try {
        calibration = computeUserCalibration(calibrationClips.get(c.name)!, {
          name: `${c.name} validation clips (unlabelled)`,
          id: `eval-${c.name}`,
          now: new Date(0),
        });
      } catch (error) {
        log(`${c.name}: no calibrated condition: ${describeError(error)}`);
        continue;
      }
      const answered: { i: number; label: string | null; probabilities: Record<string, number> }[] = [];
      let calibratedFailures = 0;
      for (const [k, i] of pick.entries()) {
        const clip = runs[i]!.clip;
        try {
          const r = await analyzeClip(
            { path: clip.file },
            { ...analyze, userCalibration: calibration, ...(clip.gender ? { gender: clip.gender } : {}) },
          );
          answered.push({ i, label: r.label, probabilities: r.probabilities });
          runs[i]!.detail.calibratedLabel = r.label;
        } catch (error) {
          // Left out of this condition's clips (for every system), and counted.
          calibratedFailures += 1;
          runs[i]!.detail.calibratedError = `${errorCode(error)}: ${describeError(error)}`;
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
          systemMetrics(
            modelSystemName(manifest.id),
            `the model, levels and functionals calibrated on the ${calibration.clips} validation clips of ${c.name}`,
            labels,
            t,
            answered.map((a) => a.label),
            answered.map((a) => a.probabilities),
          ),
          ...baselineSystems(
            scaled,
            labelsOf,
            t,
            t.map((_, k) => k),
            ', z-scored per corpus',
          ),
        ],
      });
    }
  }

  return calibratedCondition;
}
