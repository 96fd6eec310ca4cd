// Analyzes every clip once (or takes it from the content-hash cache). A file that fails to decode
// or analyze is listed with its error code and skipped; the build goes on.
import type { SkippedItem, ProsodySummary } from '../../../shared/types/dataset';
import type { SpeakerGender } from '../../../shared/types/prosody';
import { decodeAudioFile } from '../../audio';
import { analyzeProsody } from '../../prosody';
import { ANALYSIS_CACHE_VERSION, hashFile, type AnalysisCache } from './analysis-cache';
import { describeError, errorCodeOf } from '../../../shared/errors/coded-error';

export interface ClipToAnalyze {
  audioPath: string;
  gender: SpeakerGender | null;
}

export interface AnalyzedClip {
  contentHash: string;
  summary: ProsodySummary;
  functionals: (number | null)[];
}

export interface AnalyzeProgress {
  done: number;
  cached: number;
  failed: number;
  audioPath: string;
}

const errorCode = (error: unknown): string => errorCodeOf(error, 'analysis_failed');

/** One result per clip (same order); failures are null and listed in `skipped`. */
export async function analyzeClips(
  clips: ClipToAnalyze[],
  cache: AnalysisCache,
  onProgress?: (p: AnalyzeProgress) => void,
): Promise<{ results: (AnalyzedClip | null)[]; skipped: SkippedItem[]; cached: number; analysisMs: number }> {
  const results: (AnalyzedClip | null)[] = [];
  const skipped: SkippedItem[] = [];
  let cached = 0;
  let analysisMs = 0;
  for (const clip of clips) {
    try {
      const contentHash = hashFile(clip.audioPath);
      const hit = cache.get(contentHash);
      if (hit) {
        cached++;
        results.push({ contentHash, summary: hit.summary, functionals: hit.functionals });
      } else {
        const started = performance.now();
        const { audio } = await decodeAudioFile(clip.audioPath);
        const analysis = analyzeProsody(audio, clip.gender ? { gender: clip.gender } : {});
        const { frames: _frames, functionals, caption: _caption, analysisMs: _ms, sampleRate: _rate, ...summary } = analysis;
        const values = functionals.values.map((v) => (Number.isFinite(v) ? v : null));
        const ms = performance.now() - started;
        analysisMs += ms;
        cache.put({ version: ANALYSIS_CACHE_VERSION, contentHash, summary, functionals: values, analysisMs: ms });
        results.push({ contentHash, summary, functionals: values });
      }
    } catch (error) {
      results.push(null);
      skipped.push({ audioPath: clip.audioPath, code: errorCode(error), message: describeError(error) });
    }
    onProgress?.({ done: results.length, cached, failed: skipped.length, audioPath: clip.audioPath });
  }
  return { results, skipped, cached, analysisMs };
}
