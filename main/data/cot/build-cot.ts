// The EmotionCoT build: import → map labels → speaker splits → analyze (cached) → calibrate levels
// on this dataset (tertiles per corpus and gender, DESIGN.md) → cue profile from the training split →
// one reasoning trace per clip → crash-safe JSONL. A restarted build skips the records already written
// (the wording is seeded per clip, so it does not depend on where the run stopped).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type {
  CotBuildProgress,
  DatasetFormat,
  DatasetSplit,
  EmotionCotRecord,
  LabelMapping,
  SkippedItem,
  UnknownLabelReport,
} from '../../../shared/types/dataset';
import type { ProsodyCalibration } from '../../../shared/types/prosody';
import { computeCalibration } from '../../prosody';
import { DatasetError } from '../dataset-error';
import type { VoiceQualityNorms } from '../evidence/check-evidence';
import { importDataset } from '../importers/import-dataset';
import { DEFAULT_LABEL_MAPPINGS, mapLabels } from '../importers/label-mapping';
import { seededRandom } from '../../../shared/util/random';
import { assignSpeakerSplits } from '../splits';
import { AnalysisCache } from './analysis-cache';
import { analyzeClips } from './analyze-clips';
import { computeCueProfile, type CueProfile } from './cue-profile';
import { JsonlAppender, readJsonlRepairing } from './jsonl-append';
import { calibrationRow, nanToNull, relevel } from './prosody-summary';
import { buildTrace } from './trace-grammar';
import { computeVoiceQualityNorms } from './voice-quality-words';

export interface BuildCotOptions {
  dataDir: string;
  outFile: string;
  format?: DatasetFormat;
  /** Corpus label → model label; defaults to the format's mapping. */
  labelMapping?: LabelMapping;
  seed?: number;
  validationSpeakers?: string[];
  testSpeakers?: string[];
  validationShare?: number;
  onProgress?: (p: CotBuildProgress) => void;
  /** Called after each record is on disk (tests use it to pace a build they kill). */
  afterRecord?: (record: EmotionCotRecord) => void;
}

export interface BuildCotResult {
  outFile: string;
  metaFile: string;
  reasoningFile: string;
  records: EmotionCotRecord[];
  written: number;
  resumed: number;
  skipped: SkippedItem[];
  unknownLabels: UnknownLabelReport[];
  calibration: ProsodyCalibration;
  voiceQualityNorms: VoiceQualityNorms | null;
  cueProfile: CueProfile;
  analyzed: number;
  cached: number;
  analysisMs: number;
  elapsedMs: number;
}

/** Files written beside the output. */
export function sidecarPaths(outFile: string): { meta: string; cache: string; reasoning: string } {
  const base = outFile.replace(/\.jsonl$/i, '');
  return { meta: `${base}.meta.json`, cache: `${base}.analysis-cache.jsonl`, reasoning: `${base}.reasoning.txt` };
}

/** Bump when the trace grammar changes, so a resumed build does not mix old and new wording. */
const BUILDER_VERSION = 1;

export async function buildEmotionCot(options: BuildCotOptions): Promise<BuildCotResult> {
  const started = performance.now();
  const seed = options.seed ?? 1;
  const report = options.onProgress ?? (() => {});
  const imported = importDataset(options.dataDir, options.format);
  report({ phase: 'import', found: imported.items.length });
  const mapping = options.labelMapping ?? DEFAULT_LABEL_MAPPINGS[imported.format];
  const mapped = mapLabels(imported.items, mapping);
  const skipped: SkippedItem[] = [...imported.problems, ...mapped.skipped];
  if (mapped.items.length === 0) {
    throw new DatasetError(
      'nothing_to_build',
      `No clip of "${options.dataDir}" has a label in the mapping; unknown labels: ${mapped.unknownLabels.map((u) => u.sourceLabel).join(', ') || 'none'}.`,
    );
  }
  const splits = assignSpeakerSplits(
    mapped.items.map((i) => i.speaker),
    {
      seed,
      ...(options.validationSpeakers ? { validationSpeakers: options.validationSpeakers } : {}),
      ...(options.testSpeakers ? { testSpeakers: options.testSpeakers } : {}),
      ...(options.validationShare !== undefined ? { validationShare: options.validationShare } : {}),
    },
  );

  mkdirSync(path.dirname(path.resolve(options.outFile)), { recursive: true });
  const sidecars = sidecarPaths(options.outFile);
  const cache = new AnalysisCache(sidecars.cache);
  const analyzed = await analyzeClips(mapped.items, cache, (p) => report({ phase: 'analyze', total: mapped.items.length, ...p }));
  cache.close();
  skipped.push(...analyzed.skipped);
  const clips = mapped.items.flatMap((item, k) => {
    const result = analyzed.results[k];
    return result ? [{ item, ...result, split: splits.get(item.speaker)! as DatasetSplit }] : [];
  });
  if (clips.length < 3)
    throw new DatasetError(
      'nothing_to_build',
      `Only ${clips.length} clip(s) of "${options.dataDir}" could be analyzed; calibration needs at least 3.`,
    );

  const calibration = computeCalibration(clips.map((c) => calibrationRow(imported.corpus, c.item.gender, c.summary)))[0]!;
  const levelled = clips.map((c) => ({ ...c, ...relevel(c.summary, calibration, c.item.gender) }));
  const voiceQualityNorms = computeVoiceQualityNorms(levelled.map((c) => c.summary));
  const training = levelled.filter((c) => c.split === 'train');
  const cueProfile = computeCueProfile((training.length ? training : levelled).map((c) => ({ label: c.item.label, summary: c.summary })));

  const fingerprint = createHash('sha256')
    .update(JSON.stringify({ BUILDER_VERSION, seed, calibration, voiceQualityNorms, cueProfile, splits: [...splits] }, nanToNull))
    .digest('hex');
  const previous = existsSync(sidecars.meta) ? (JSON.parse(readFileSync(sidecars.meta, 'utf8')) as { fingerprint?: string }) : null;
  if (previous?.fingerprint !== fingerprint && existsSync(options.outFile)) rmSync(options.outFile);
  writeMeta(sidecars.meta, {
    fingerprint,
    complete: false,
    corpus: imported.corpus,
    format: imported.format,
    seed,
    labelMapping: mapping,
    calibration,
    voiceQualityNorms,
    cueProfile,
  });

  const existing = readJsonlRepairing<EmotionCotRecord>(options.outFile);
  const done = new Set(existing.map((r) => r.audioPath));
  const records = [...existing];
  const appender = new JsonlAppender(options.outFile, nanToNull);
  let written = 0;
  try {
    for (const c of levelled) {
      if (done.has(c.item.audioPath)) continue;
      const rng = seededRandom(`${seed}:${c.contentHash}:${c.item.audioPath}`);
      const reasoning = buildTrace(rng, c.summary, c.item.label, { profile: cueProfile, voiceQualityNorms });
      const record: EmotionCotRecord = {
        audioPath: c.item.audioPath,
        audio: c.item.audioPath,
        speaker: c.item.speaker,
        gender: c.item.gender,
        label: c.item.label,
        sourceLabel: c.item.sourceLabel,
        levels: c.summary.levels,
        caption: c.caption,
        reasoning,
        target: `<think>${reasoning}</think><answer>${c.item.label}</answer>`,
        split: c.split,
        contentHash: c.contentHash,
        prosody: c.summary,
        functionals: c.functionals,
      };
      appender.append(record);
      records.push(record);
      written++;
      options.afterRecord?.(record);
      report({ phase: 'write', done: records.length, total: levelled.length, skippedExisting: existing.length });
    }
  } finally {
    appender.close();
  }
  writeFileSync(sidecars.reasoning, `${records.map((r) => r.reasoning).join('\n')}\n`);
  writeMeta(sidecars.meta, {
    fingerprint,
    complete: true,
    corpus: imported.corpus,
    format: imported.format,
    seed,
    labelMapping: mapping,
    calibration,
    voiceQualityNorms,
    cueProfile,
    skipped,
    unknownLabels: mapped.unknownLabels,
  });
  const elapsedMs = performance.now() - started;
  report({ phase: 'done', written, skipped: skipped.length, elapsedMs });
  return {
    outFile: options.outFile,
    metaFile: sidecars.meta,
    reasoningFile: sidecars.reasoning,
    records,
    written,
    resumed: existing.length,
    skipped,
    unknownLabels: mapped.unknownLabels,
    calibration,
    voiceQualityNorms,
    cueProfile,
    analyzed: clips.length - analyzed.cached,
    cached: analyzed.cached,
    analysisMs: analyzed.analysisMs,
    elapsedMs,
  };
}

function writeMeta(file: string, meta: Record<string, unknown>): void {
  writeFileSync(file, `${JSON.stringify(meta, nanToNull, 2)}\n`);
}
