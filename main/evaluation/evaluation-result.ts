// The stored result of an app evaluation, from runEvaluation's reports: the evaluated model, the
// active model and the baselines as rows side by side (overall and per corpus), the reliability
// diagram behind each ECE, the claim-verification share and the latency. NaN (an undefined figure)
// becomes null, so the file and the wire carry only finite numbers.
import type { CorpusResult, EvaluationResult, SystemResult, SystemRole } from '../../shared/types/evaluation';
import type { ModelKey } from '../../shared/types/model-registry';
import type { EvaluationReport } from '../ml/evaluation/evaluation-report';
import type { SystemMetrics } from '../ml/evaluation/system-metrics';
import type { JobModel } from './evaluation-protocol';

const finite = (n: number | null | undefined): number | null => (typeof n === 'number' && Number.isFinite(n) ? n : null);
/** At most this many failed clips are kept in the result (the count is always exact). */
const MAX_FAILURES = 200;

/** Whether a row of the report is the model's (the first one) or a baseline. */
function roleOf(index: number, name: string): SystemRole {
  return index === 0 || name.startsWith('model') ? 'model' : 'baseline';
}

function systemResult(s: SystemMetrics, role: SystemRole, name = s.name): SystemResult {
  return {
    name,
    role,
    description: s.description,
    clips: s.clips,
    accuracy: finite(s.accuracy),
    accuracyCi95: { low: finite(s.accuracyCi95.low), high: finite(s.accuracyCi95.high) },
    unweightedAverageRecall: finite(s.unweightedAverageRecall),
    perClassRecall: Object.fromEntries(Object.entries(s.perClassRecall).map(([c, r]) => [c, finite(r)])),
    confusion: {
      classes: [...s.confusion.classes],
      counts: s.confusion.counts.map((row) => [...row]),
      unanswered: [...s.confusion.unanswered],
    },
    expectedCalibrationError: finite(s.expectedCalibrationError),
    reliability: s.reliability.map((b) => ({ ...b, meanConfidence: finite(b.meanConfidence), accuracy: finite(b.accuracy) })),
    collapse: { label: s.collapse.label, share: finite(s.collapse.share) },
  };
}

/**
 * The rows shown: the evaluated model, then the active model (its first row of its own report), then
 * the baselines. The temperature-cross-fitted variant of the model stays in the JSON export only.
 */
function rows(
  systems: SystemMetrics[],
  active: SystemMetrics | undefined,
  modelName: string,
  activeName: string | undefined,
): SystemResult[] {
  const baselines = systems.filter((s, i) => roleOf(i, s.name) === 'baseline');
  return [
    systemResult(systems[0]!, 'model', modelName),
    ...(active ? [systemResult(active, 'active-model', `${activeName} (active)`)] : []),
    ...baselines.map((s) => systemResult(s, 'baseline')),
  ];
}

export function evaluationResult(
  id: string,
  model: JobModel & { key: ModelKey },
  activeModel: (JobModel & { key: ModelKey }) | null,
  report: EvaluationReport,
  activeReport: EvaluationReport | null,
): EvaluationResult {
  const systems = report.systems.length ? rows(report.systems, activeReport?.systems[0], model.name, activeModel?.name) : [];
  const corpora: CorpusResult[] = report.corpora.map((c) => {
    const activeCorpus = activeReport?.corpora.find((a) => a.name === c.name);
    return {
      name: c.name,
      clips: c.clips.analyzed,
      classes: c.classes,
      systems: rows(c.systems, activeCorpus?.systems[0], model.name, activeModel?.name).map((s) => ({
        name: s.name,
        role: s.role,
        accuracy: s.accuracy,
        unweightedAverageRecall: s.unweightedAverageRecall,
      })),
    };
  });
  const e = report.evidence;
  return {
    id,
    finishedAt: new Date().toISOString(),
    model: { key: model.key, id: report.model.id, name: model.name, testModel: report.model.testModel },
    activeModel: activeModel && activeReport ? { key: activeModel.key, name: activeModel.name } : null,
    clips: { evaluated: report.clips.analyzed, failed: report.clips.failed, baselineTraining: report.clips.train },
    systems,
    corpora,
    claims: {
      verifiedShare: finite(e.claimsVerifiedShare),
      modelWrittenVerifiedShare: finite(e.modelWritten.claimsVerifiedShare),
      verified: e.verified,
      contradicted: e.contradicted,
      unverifiable: e.unverifiable,
    },
    wellFormedShare: finite(report.wellFormedShare),
    latency: {
      perClipMedianMs: finite(report.latencyPerClipMs.median),
      perClipP90Ms: finite(report.latencyPerClipMs.p90),
      fourSecondMedianMs: finite(report.latency4s?.medianMs),
      fourSecondP90Ms: finite(report.latency4s?.p90Ms),
    },
    failures: report.failed.slice(0, MAX_FAILURES),
  };
}
