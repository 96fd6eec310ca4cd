// The model's side of the evaluation: one record per analyzed clip (answer, probabilities, the
// functionals the baselines reuse, claim verdicts, retries), and the summary of any subset of them —
// a corpus, or all corpora pooled — so per-corpus and pooled figures come from the same records.
import type { ClipAnalysisResult } from '../../../shared/types/analysis-result';
import { alternativeLabel, CONCLUSION_MISMATCH_PREFIX } from '../../data/evidence/conclusion';
import { percentile } from '../../../shared/util/maths';
import type { EvalClip } from './corpora';

type Verdicts = { verified: number; contradicted: number; unverifiable: number };

/** One validation clip the model answered. */
export interface ModelRun {
  clip: EvalClip;
  label: string | null;
  probabilities: Record<string, number>;
  functionals: (number | null)[];
  wellFormed: boolean;
  attempts: number;
  conclusionMismatch: boolean;
  alternativeIsAnswer: boolean;
  totalMs: number;
  claims: Verdicts;
  /** Claims in the part the model wrote (after an app-written prefix, if any): those test the model. */
  modelWritten: Verdicts;
  byAttribute: Record<string, Verdicts>;
  /** The JSON report's per-clip entry. */
  detail: Record<string, unknown>;
}

export function modelRun(clip: EvalClip, r: ClipAnalysisResult, functionals: (number | null)[], labels: readonly string[]): ModelRun {
  const e = r.evidence;
  const modelWritten: Verdicts = { verified: 0, contradicted: 0, unverifiable: 0 };
  const byAttribute: Record<string, Verdicts> = {};
  for (const c of e.claims) {
    (byAttribute[c.attribute] ??= { verified: 0, contradicted: 0, unverifiable: 0 })[c.verdict]++;
    if (c.span.start >= (r.reasoningPrefix?.length ?? 0)) modelWritten[c.verdict]++;
  }
  return {
    clip,
    label: r.label,
    probabilities: r.probabilities,
    functionals,
    wellFormed: r.wellFormed,
    attempts: r.attempts.length,
    conclusionMismatch: r.attempts[0]?.problems.some((p) => p.startsWith(CONCLUSION_MISMATCH_PREFIX)) ?? false,
    alternativeIsAnswer: r.label !== null && alternativeLabel(r.reasoning, [...labels]) === r.label,
    totalMs: r.timings.total,
    claims: { verified: e.verified, contradicted: e.contradicted, unverifiable: e.unverifiable },
    modelWritten,
    byAttribute,
    detail: {
      file: clip.file,
      corpus: clip.corpus,
      speaker: clip.speaker,
      truth: clip.label,
      label: r.label,
      wellFormed: r.wellFormed,
      problems: r.problems,
      probabilities: r.probabilities,
      probabilitySource: r.probabilitySource,
      attempts: r.attempts.length,
      levels: r.levels,
      evidence: { verified: e.verified, contradicted: e.contradicted, unverifiable: e.unverifiable },
      reasoning: r.reasoning,
      timings: r.timings,
    },
  };
}

/** Claim verdicts over a set of answers (the report's `evidence`). */
export interface EvidenceSummary extends Verdicts {
  claimsVerifiedShare: number;
  clipsAllVerified: number;
  clipsWithClaims: number;
  claimsPerClip: number;
  byAttribute: Record<string, Verdicts>;
  modelWritten: Verdicts & { claimsVerifiedShare: number };
  /** Whether the app wrote the reasoning's opening cue sentences (then modelWritten is the model's part). */
  measuredPrefix: boolean;
}

/** Answer quality over a set of answers. */
export interface ModelRunSummary {
  wellFormedShare: number;
  accuracyWhenWellFormed: number;
  meanAttempts: number;
  /** First attempts whose answer contradicted their own conclusion (main/data/evidence/conclusion.ts). */
  conclusionMismatchShare: number;
  /** Answered explanations whose "nearest alternative" is the answer itself (an incoherent trace). */
  alternativeIsAnswerShare: number;
  evidence: EvidenceSummary;
  latencyPerClipMs: { median: number; p90: number; note: string };
}

const share = (n: number, of: number) => (of ? n / of : NaN);

export function summariseRuns(runs: readonly ModelRun[], measuredPrefix: boolean): ModelRunSummary {
  const add = (a: Verdicts, b: Verdicts): Verdicts => ({
    verified: a.verified + b.verified,
    contradicted: a.contradicted + b.contradicted,
    unverifiable: a.unverifiable + b.unverifiable,
  });
  let claims: Verdicts = { verified: 0, contradicted: 0, unverifiable: 0 };
  let modelWritten: Verdicts = { verified: 0, contradicted: 0, unverifiable: 0 };
  const byAttribute: Record<string, Verdicts> = {};
  let clipsWithClaims = 0;
  let clipsAllVerified = 0;
  for (const r of runs) {
    claims = add(claims, r.claims);
    modelWritten = add(modelWritten, r.modelWritten);
    for (const [a, v] of Object.entries(r.byAttribute))
      byAttribute[a] = add(byAttribute[a] ?? { verified: 0, contradicted: 0, unverifiable: 0 }, v);
    if (r.claims.verified + r.claims.contradicted > 0) clipsWithClaims += 1;
    if (r.claims.verified > 0 && r.claims.contradicted === 0) clipsAllVerified += 1;
  }
  const checkable = claims.verified + claims.contradicted;
  const wellFormed = runs.filter((r) => r.wellFormed).length;
  return {
    wellFormedShare: share(wellFormed, runs.length),
    accuracyWhenWellFormed: share(runs.filter((r) => r.label !== null && r.label === r.clip.label).length, wellFormed),
    meanAttempts: share(
      runs.reduce((a, r) => a + r.attempts, 0),
      runs.length,
    ),
    conclusionMismatchShare: share(runs.filter((r) => r.conclusionMismatch).length, runs.length),
    alternativeIsAnswerShare: share(runs.filter((r) => r.alternativeIsAnswer).length, runs.length),
    evidence: {
      claimsVerifiedShare: share(claims.verified, checkable),
      ...claims,
      clipsAllVerified,
      clipsWithClaims,
      claimsPerClip: share(checkable + claims.unverifiable, runs.length),
      byAttribute,
      modelWritten: {
        ...modelWritten,
        claimsVerifiedShare: share(modelWritten.verified, modelWritten.verified + modelWritten.contradicted),
      },
      measuredPrefix,
    },
    latencyPerClipMs: {
      median: percentile(
        runs.map((r) => r.totalMs),
        50,
      ),
      p90: percentile(
        runs.map((r) => r.totalMs),
        90,
      ),
      note: 'file decode included, one clip at a time',
    },
  };
}
