// What every part of an evaluation shares, made once: the corpora split by speaker, their
// validation clips (--limit sampled), the training speakers' functionals for the baselines, the
// voice-quality norms and the analysis options; and the invariance check over those.
import path from 'node:path';
import type { ProsodySummary } from '../../../shared/types/dataset';
import type { VoiceQuality } from '../../../shared/types/prosody';
import { computeVoiceQualityNorms, type VoiceQualityNorms } from '../../data';
import type { LoadedModel } from '../models/model-sessions';
import type { AnalyzeClipOptions } from '../pipeline/analyze-clip';
import { folderVoiceQualityNorms } from '../pipeline/evidence-norms';
import { trainBaselines, type CorpusRows } from './baseline-runs';
import { EvaluationError, loadEvalCorpus, stratifiedSample, type EvalClip, type EvalCorpus } from './corpora';
import type { EvaluationOptions, InvarianceReport } from './evaluation-report';
import { babbleSources, invarianceClips, invarianceShortfalls, INVARIANCE_TARGET, runInvariance, summariseInvariance } from './invariance';
import { ClipMeasuresCache } from './measures-cache';
import { baselineSystemName } from './system-names';

/** What every part of the evaluation shares: the corpora, their clips, the training rows, the analysis options. */
export interface Prepared {
  corpora: EvalCorpus[];
  validation: Map<string, EvalClip[]>;
  caches: Map<string, ClipMeasuresCache>;
  trainRows: CorpusRows[];
  voiceQualityNorms: VoiceQualityNorms | null;
  voiceQualityNormsSource: string | null;
  analyze: AnalyzeClipOptions;
}

export async function prepare(model: LoadedModel, options: EvaluationOptions, log: (text: string) => void): Promise<Prepared> {
  const corpora: EvalCorpus[] = [
    ...options.corpora.map((c) => loadEvalCorpus(c.dir, { ...c, ...(options.speakers ? { speakersByCorpus: options.speakers } : {}) })),
    ...(options.loadedCorpora ?? []),
  ];
  const names = corpora.map((c) => c.name);
  if (new Set(names).size !== names.length) throw new EvaluationError('bad_option', `Corpus given twice: ${names.join(', ')}.`);
  const unknown = Object.keys(options.speakers ?? {}).filter((n) => !names.includes(n));
  if (unknown.length)
    throw new EvaluationError(
      'bad_option',
      `Validation speakers are given for ${unknown.join(', ')}, which is not among the corpora (${names.join(', ')}).`,
    );
  // --limit keeps every class and speaker in; without it the whole validation list, in its own order.
  const validation = new Map(
    corpora.map((c) => [c.name, options.limit === undefined ? c.validation : stratifiedSample(c.validation, options.limit)]),
  );
  for (const c of corpora) {
    log(
      `${c.name}: ${c.train.length} training clips, ${validation.get(c.name)!.length} validation clips (speakers ${c.validationSpeakers.join(', ')}; classes ${c.classes.join(', ')})`,
    );
  }
  const caches = new Map(
    corpora.map((c) => [
      c.name,
      new ClipMeasuresCache(options.cacheDir ? path.join(options.cacheDir, `${c.name}-measures.jsonl`) : undefined),
    ]),
  );

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
  const voiceQualityNorms =
    folderNorms ?? computeVoiceQualityNorms(trainVoiceQuality.map((voiceQuality) => ({ voiceQuality })) as ProsodySummary[]);
  const voiceQualityNormsSource =
    voiceQualityNorms === null
      ? null
      : folderNorms
        ? 'model folder (evidence-norms.json)'
        : `training speakers of ${corpora.map((c) => c.name).join(' + ')}`;
  const analyze: AnalyzeClipOptions = {
    model,
    measuredCueSentences: options.measuredCueSentences !== false,
    ...(voiceQualityNorms ? { voiceQualityNorms } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.maxTokens ? { maxTokens: options.maxTokens } : {}),
  };
  return { corpora, validation, caches, trainRows, voiceQualityNorms, voiceQualityNormsSource, analyze };
}

/** The invariance check on `n` validation clips per corpus, with the baselines' answers on the same transformed clips. */
export async function checkInvariance(
  p: Prepared,
  n: number,
  labels: readonly string[],
  options: EvaluationOptions,
  log: (text: string) => void,
): Promise<InvarianceReport> {
  const clips = p.corpora.flatMap((c) => invarianceClips({ validation: p.validation.get(c.name)! }, n));
  const babble = new Map(p.corpora.map((c) => [c.name, babbleSources(c)]));
  const { results, failed } = await runInvariance(clips, (clip: EvalClip) => babble.get(clip.corpus)!, {
    analyze: p.analyze,
    onClip: (done, total) => {
      if (done % 8 === 0 || done === total) log(`invariance: ${done}/${total} clips`);
    },
  });
  const observations = results.flatMap((r) => [r.original, ...r.transformed.flatMap((t) => ('observation' in t ? [t.observation] : []))]);
  if (observations.length) {
    for (const b of trainBaselines(
      p.trainRows,
      observations.map((o) => o.functionals),
      labels,
      options.mlp === false ? { mlp: false } : {},
    )) {
      observations.forEach((o, k) => (o.answers[baselineSystemName(b)] = b.predicted[k]!));
    }
  }
  const rows = summariseInvariance(results);
  return { clipsPerCorpus: n, target: INVARIANCE_TARGET, rows, shortfalls: invarianceShortfalls(rows), failed };
}
