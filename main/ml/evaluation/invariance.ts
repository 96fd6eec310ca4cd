// The invariance check of issue 11: a recording's channel — level, telephone line, codec, a little
// noise — must not change what the app says. Each validation clip is analyzed as recorded and after
// every transform of main/audio/channel-transforms.ts (real SoX/FFmpeg runs); we count the clips
// whose answer is unchanged and whose levels (pitch, energy, speed) are unchanged. Target: ≥ 90 %.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ProsodyLevels } from '../../../shared/types/prosody';
import { applyChannelTransform, invarianceTransforms, transformName, type ChannelTransform } from '../../audio/channel-transforms';
import { analyzeClip, type AnalyzeClipOptions } from '../pipeline/analyze-clip';
import { errorCode, describeError } from '../pipeline/pipeline-error';
import type { EvalClip, EvalCorpus } from './corpora';
import { spreadSample, stratifiedSample } from './corpora';

/** The bar: at least this share of clips keeps its answer and its levels under each transform. */
export const INVARIANCE_TARGET = 0.9;

/** The system the invariance rows name the model by. */
export const MODEL_SYSTEM = 'model';

/** What one analysis said: each system's answer, the levels, and the functionals (for the baselines). */
export interface Observation {
  /** System name → answer; the model's under MODEL_SYSTEM, baselines added by the caller. */
  answers: Record<string, string | null>;
  levels: Pick<ProsodyLevels, 'pitch' | 'energy' | 'speed'>;
  functionals: (number | null)[];
}

/** One clip as recorded and under each transform (or why a transform could not be analyzed). */
export interface InvarianceClip {
  clip: EvalClip;
  original: Observation;
  transformed: ({ transform: string } & ({ observation: Observation } | { code: string; message: string }))[];
}

/** Share of clips unchanged under one transform, in one corpus (or all pooled). */
export interface InvarianceRow {
  corpus: string;
  transform: string;
  clips: number;
  /** System → share of clips whose answer is the same as on the original. */
  answerUnchanged: Record<string, number>;
  /** All three levels the same. */
  levelsUnchanged: number;
  pitchUnchanged: number;
  energyUnchanged: number;
  speedUnchanged: number;
  /** Clips whose transformed version could not be made or analyzed (left out of the shares). */
  failed: number;
}

/**
 * Other speakers' clips for the babble transform: one clip from each of up to `count` training
 * speakers of the corpus (never the validation speakers, so no clip is mixed with its own voice).
 */
export function babbleSources(corpus: Pick<EvalCorpus, 'train'>, count = 4): string[] {
  const bySpeaker = new Map<string, string>();
  for (const c of [...corpus.train].sort((a, b) => a.file.localeCompare(b.file)))
    if (!bySpeaker.has(c.speaker)) bySpeaker.set(c.speaker, c.file);
  return spreadSample([...bySpeaker.values()], count);
}

/** `n` validation clips of a corpus, covering its classes and speakers. */
export function invarianceClips(corpus: Pick<EvalCorpus, 'validation'>, n: number): EvalClip[] {
  return stratifiedSample(corpus.validation, n);
}

async function observe(file: string, clip: EvalClip, options: AnalyzeClipOptions): Promise<Observation> {
  let functionals: (number | null)[] = [];
  const r = await analyzeClip(
    { path: file },
    {
      ...options,
      ...(clip.gender ? { gender: clip.gender } : {}),
      onProsody: (p) => (functionals = p.functionals.values.map((v) => (Number.isFinite(v) ? v : null))),
    },
  );
  return {
    answers: { [MODEL_SYSTEM]: r.label },
    levels: { pitch: r.levels.pitch, energy: r.levels.energy, speed: r.levels.speed },
    functionals,
  };
}

export interface InvarianceRunOptions {
  /** Analysis options (model, retries, norms); gender comes from each clip. */
  analyze: AnalyzeClipOptions;
  /** Transforms per clip; default invarianceTransforms with babble from `babbleFrom(clip)`. */
  transforms?: (clip: EvalClip) => ChannelTransform[];
  onClip?: (done: number, total: number) => void;
}

/**
 * Analyzes each clip as recorded and under each transform. A clip whose original cannot be analyzed
 * is listed in `failed`; a transform that fails is recorded with its error and left out of that row's shares.
 */
export async function runInvariance(
  clips: readonly EvalClip[],
  babbleFrom: (clip: EvalClip) => string[],
  options: InvarianceRunOptions,
): Promise<{ results: InvarianceClip[]; failed: { file: string; code: string; message: string }[] }> {
  const work = mkdtempSync(path.join(tmpdir(), 'et-invariance-'));
  const out: InvarianceClip[] = [];
  const failed: { file: string; code: string; message: string }[] = [];
  try {
    for (const [i, clip] of clips.entries()) {
      let original: Observation;
      try {
        original = await observe(clip.file, clip, options.analyze);
      } catch (error) {
        failed.push({ file: clip.file, code: errorCode(error), message: describeError(error) });
        options.onClip?.(i + 1, clips.length);
        continue;
      }
      const transformed: InvarianceClip['transformed'] = [];
      for (const [k, t] of (options.transforms?.(clip) ?? invarianceTransforms(babbleFrom(clip))).entries()) {
        const file = path.join(work, `${i}-${k}.wav`);
        try {
          await applyChannelTransform(clip.file, t, file);
          transformed.push({ transform: transformName(t), observation: await observe(file, clip, options.analyze) });
        } catch (error) {
          transformed.push({ transform: transformName(t), code: errorCode(error), message: describeError(error) });
        } finally {
          rmSync(file, { force: true });
        }
      }
      out.push({ clip, original, transformed });
      options.onClip?.(i + 1, clips.length);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { results: out, failed };
}

const share = (n: number, of: number) => (of ? n / of : NaN);

/** Rows per corpus and transform, then the corpora pooled ("all") when there are several. */
export function summariseInvariance(results: readonly InvarianceClip[]): InvarianceRow[] {
  const corpora = [...new Set(results.map((r) => r.clip.corpus))];
  const groups: [string, readonly InvarianceClip[]][] = corpora.map((c) => [c, results.filter((r) => r.clip.corpus === c)]);
  if (corpora.length > 1) groups.push(['all', results]);
  const rows: InvarianceRow[] = [];
  for (const [corpus, group] of groups) {
    const transforms = [...new Set(group.flatMap((r) => r.transformed.map((t) => t.transform)))];
    for (const transform of transforms) {
      const pairs = group.flatMap((r) => r.transformed.filter((t) => t.transform === transform).map((t) => ({ original: r.original, t })));
      const ok = pairs.flatMap(({ original, t }) => ('observation' in t ? [{ a: original, b: t.observation }] : []));
      const systems = [...new Set(ok.flatMap(({ a }) => Object.keys(a.answers)))];
      const same = (key: 'pitch' | 'energy' | 'speed') => share(ok.filter(({ a, b }) => a.levels[key] === b.levels[key]).length, ok.length);
      rows.push({
        corpus,
        transform,
        clips: ok.length,
        answerUnchanged: Object.fromEntries(
          systems.map((s) => [s, share(ok.filter(({ a, b }) => a.answers[s] === b.answers[s]).length, ok.length)]),
        ),
        levelsUnchanged: share(
          ok.filter(
            ({ a, b }) => a.levels.pitch === b.levels.pitch && a.levels.energy === b.levels.energy && a.levels.speed === b.levels.speed,
          ).length,
          ok.length,
        ),
        pitchUnchanged: same('pitch'),
        energyUnchanged: same('energy'),
        speedUnchanged: same('speed'),
        failed: pairs.length - ok.length,
      });
    }
  }
  return rows;
}

/** Rows below the target for the model's answer or the levels, as readable lines (empty = all pass). */
export function invarianceShortfalls(rows: readonly InvarianceRow[], target = INVARIANCE_TARGET): string[] {
  const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
  return rows.flatMap((r) => {
    const answer = r.answerUnchanged[MODEL_SYSTEM] ?? NaN;
    const problems = [
      ...(answer >= target ? [] : [`answer unchanged ${pct(answer)}`]),
      ...(r.levelsUnchanged >= target
        ? []
        : [
            `levels unchanged ${pct(r.levelsUnchanged)} (pitch ${pct(r.pitchUnchanged)}, energy ${pct(r.energyUnchanged)}, speed ${pct(r.speedUnchanged)})`,
          ]),
      ...(r.failed ? [`${r.failed} transformed clips failed`] : []),
    ];
    return problems.length ? [`${r.corpus} · ${r.transform} (${r.clips} clips): ${problems.join('; ')}`] : [];
  });
}
