// The recording's answer drawn from its utterances' answers (issue 15's emotion timeline): the label
// distribution averaged over the judged speech, weighted by how much speech each utterance holds, an
// input-quality verdict that says in how many utterances each finding was made, and a plain summary
// in place of reasoning (each utterance keeps its own reasoning and checked claims).
import type { ClipAnalysisResult, RecordingSegment, StageTimings } from '../../../shared/types/analysis-result';
import type { AudioSourceInfo, AudioWarning } from '../../../shared/types/audio';
import type { InputQuality, InputQualityReason } from '../../../shared/types/input-quality';
import type { ProsodyAnalysis } from '../../../shared/types/prosody';
import { clockTime } from '../../../shared/util/clock-time';
import { median } from '../../../shared/util/maths';
import { summarise } from '../../data';

/** Whether an utterance's answer is an emotion judgement (well formed, a known label, a clip the model can judge). */
export function isJudged(result: ClipAnalysisResult): boolean {
  return result.wellFormed && result.label !== null && result.inputQuality.judgeable;
}

/** What the recording-level result is built from besides its utterances. */
export interface TimelineContext {
  file: string;
  modelId: string;
  labels: readonly string[];
  prosody: ProsodyAnalysis;
  source: AudioSourceInfo | null;
  warnings: AudioWarning[];
  totalMs: number;
}

/** The recording's result from its utterances' results. */
export function summarizeTimeline(segments: readonly RecordingSegment[], context: TimelineContext): ClipAnalysisResult {
  const judged = segments.filter((s) => isJudged(s.result));
  const weightOf = (s: RecordingSegment): number => Math.max(1e-3, s.result.inputQuality.measures.speechS || s.endS - s.startS);
  const totalWeight = judged.reduce((sum, s) => sum + weightOf(s), 0);
  const average = (pick: (r: ClipAnalysisResult) => Record<string, number>): Record<string, number> =>
    Object.fromEntries(
      context.labels.map((label) => [
        label,
        judged.length
          ? judged.reduce((sum, s) => sum + weightOf(s) * (pick(s.result)[label] ?? 0), 0) / totalWeight
          : 1 / context.labels.length,
      ]),
    );
  const probabilities = average((r) => r.probabilities);
  const label = judged.length ? context.labels.reduce((best, l) => (probabilities[l]! > probabilities[best]! ? l : best)) : null;
  const evidence = segments.reduce(
    (sum, s) => ({
      verified: sum.verified + s.result.evidence.verified,
      contradicted: sum.contradicted + s.result.evidence.contradicted,
      unverifiable: sum.unverifiable + s.result.evidence.unverifiable,
    }),
    { verified: 0, contradicted: 0, unverifiable: 0 },
  );
  const checkable = evidence.verified + evidence.contradicted;
  const first = segments[0]?.result;
  return {
    file: context.file,
    modelId: context.modelId,
    label,
    probabilities,
    rawProbabilities: average((r) => r.rawProbabilities),
    inputQuality: timelineInputQuality(segments, judged, context.prosody.durationS),
    probabilitySource: 'generated-answer',
    modelPrompt: null,
    reasoningPrefix: null,
    reasoning: timelineReasoning(segments, judged, weightOf, label, context.prosody.durationS),
    wellFormed: label !== null,
    problems:
      label !== null ? [] : [segments.length ? `none of the ${segments.length} utterances could be judged` : 'no speech to explain'],
    attempts: [],
    // The claims stay with their utterances (their spans index those utterances' reasoning); the counts are pooled.
    evidence: { claims: [], ...evidence, verifiedShare: checkable ? evidence.verified / checkable : 1 },
    prosody: summarise(context.prosody),
    caption: context.prosody.caption,
    levels: context.prosody.levels,
    calibration: first?.calibration ?? null,
    source: context.source,
    warnings: context.warnings,
    timings: summedTimings(segments, context.totalMs),
  };
}

/** Findings counted over the utterances; the recording can be judged when one of its utterances can. */
function timelineInputQuality(segments: readonly RecordingSegment[], judged: readonly RecordingSegment[], durationS: number): InputQuality {
  const qualities = segments.map((s) => s.result.inputQuality);
  const judgeable = qualities.some((q) => q.judgeable);
  const byCode = new Map<string, { count: number; reason: InputQualityReason }>();
  for (const q of qualities)
    for (const reason of q.reasons) {
      const seen = byCode.get(reason.code);
      if (seen) seen.count++;
      else byCode.set(reason.code, { count: 1, reason });
    }
  const reasons = [...byCode.values()].map(({ count, reason }) => ({
    code: reason.code,
    message: `${count} of ${segments.length} utterances: ${reason.message}`,
    blocking: !judgeable,
  }));
  const finite = (values: (number | null)[]): number[] => values.filter((v): v is number => v !== null && Number.isFinite(v));
  const mid = (values: (number | null)[]): number | null => (finite(values).length ? median(finite(values)) : null);
  const max = (values: (number | null)[]): number | null => (finite(values).length ? Math.max(...finite(values)) : null);
  const m = qualities.map((q) => q.measures);
  const judgedQualities = judged.map((s) => s.result.inputQuality);
  const severity = judgedQualities.length ? judgedQualities.reduce((sum, q) => sum + q.severity, 0) / judgedQualities.length : 1;
  const totalS = segments.reduce((sum, s) => sum + (s.endS - s.startS), 0);
  return {
    measures: {
      durationS,
      speechS: m.reduce((sum, x) => sum + x.speechS, 0),
      voicedS: m.reduce((sum, x) => sum + x.voicedS, 0),
      activeLevelDbfs: mid(m.map((x) => x.activeLevelDbfs)),
      snrDb: mid(m.map((x) => x.snrDb)),
      bandwidthHz: mid(m.map((x) => x.bandwidthHz)),
      clippedShare: Math.max(0, ...m.map((x) => x.clippedShare)),
      digitalSilenceShare:
        totalS > 0 ? segments.reduce((sum, s, i) => sum + m[i]!.digitalSilenceShare * (s.endS - s.startS), 0) / totalS : 0,
      rmsZ: mid(m.map((x) => x.rmsZ)),
      maxAbsZ: max(m.map((x) => x.maxAbsZ)),
    },
    outOfRange: judgedQualities.filter((q) => q.outOfRange).length * 2 > judgedQualities.length,
    judgeable,
    severity: Math.min(1, Math.max(0, severity)),
    reasons,
    rangeSource: qualities[0]?.rangeSource ?? 'default',
  };
}

/** A plain summary of the timeline, in place of one reasoning for the whole recording. */
function timelineReasoning(
  segments: readonly RecordingSegment[],
  judged: readonly RecordingSegment[],
  weightOf: (s: RecordingSegment) => number,
  label: string | null,
  durationS: number,
): string {
  if (!segments.length) return `This ${clockTime(durationS)} recording holds no speech to explain.`;
  const parts = [
    `This ${clockTime(durationS)} recording was split at its pauses into ${segments.length} utterances, each explained on its own (see the timeline).`,
  ];
  const total = judged.reduce((sum, s) => sum + weightOf(s), 0);
  const tally = new Map<string, { count: number; weight: number }>();
  for (const s of judged) {
    const entry = tally.get(s.result.label!) ?? { count: 0, weight: 0 };
    entry.count++;
    entry.weight += weightOf(s);
    tally.set(s.result.label!, entry);
  }
  const ranked = [...tally.entries()].sort((a, b) => b[1].weight - a[1].weight);
  const share = (w: number): string => `${Math.round((100 * w) / total)} %`;
  if (ranked.length) {
    const each = ranked
      .slice(0, 4)
      .map(([name, e]) => `${name} ${e.count} (${share(e.weight)})`)
      .join(', ');
    parts.push(
      `The model judged ${judged.length} of them; averaged over the judged speech, the most probable emotion is ${label}. Utterance by utterance: ${each}${ranked.length > 4 ? ', …' : ''}.`,
    );
  }
  const unjudged = segments.length - judged.length;
  if (unjudged)
    parts.push(`${unjudged} utterance${unjudged === 1 ? ' was' : 's were'} not judged (too short, silent, noisy or a malformed answer).`);
  return parts.join(' ');
}

function summedTimings(segments: readonly RecordingSegment[], totalMs: number): StageTimings {
  const sum = (key: keyof StageTimings): number => segments.reduce((acc, s) => acc + s.result.timings[key], 0);
  return {
    decode: 0,
    prosody: sum('prosody'),
    features: sum('features'),
    encode: sum('encode'),
    generate: sum('generate'),
    check: sum('check'),
    total: totalMs,
  };
}
