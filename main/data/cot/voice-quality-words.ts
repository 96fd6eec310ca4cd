// Voice-quality words need a measurable meaning. Absolute clinical cut-offs (e.g. jitter > 1.04 %)
// do not transfer to acted emotional speech (Praat's voice report reads RAVDESS + nEMO jitter ≈ 2.4 %, 1–5 %),
// so "breathy" / "rough" / "clear" are defined against the corpus being built: breathy = HNR in the
// bottom 15 %, rough = jitter or shimmer in the top 15 %, clear = HNR in the top 15 % with
// below-median jitter. Breathiness ↔ low HNR and roughness ↔ jitter/shimmer follow the voice-quality
// literature (Scherer 2003, Table 1 of vocal correlates; Laver 1980).
import type { ProsodySummary } from '../../../shared/types/dataset';
import { percentile } from '../../../shared/util/maths';
import type { VoiceQualityNorms } from '../evidence/check-evidence';

/** Norms from the clips' voice-quality measures; null when too few clips have periods. */
export function computeVoiceQualityNorms(summaries: ProsodySummary[]): VoiceQualityNorms | null {
  const vq = summaries.map((s) => s.voiceQuality).filter((v) => v.periodCount >= 10);
  if (vq.length < 20) return null;
  const hnr = vq.map((v) => v.hnrDb);
  const jitter = vq.map((v) => v.jitterLocal);
  const shimmer = vq.map((v) => v.shimmerLocal);
  return {
    breathyHnrDb: percentile(hnr, 15),
    roughJitter: percentile(jitter, 85),
    roughShimmer: percentile(shimmer, 85),
    clearHnrDb: percentile(hnr, 85),
    clearJitter: percentile(jitter, 50),
  };
}

/** The quality word a clip earns under the norms, or null when it is unremarkable (then nothing is said). */
export function voiceQualityWord(
  s: Pick<ProsodySummary, 'voiceQuality'>,
  norms: VoiceQualityNorms | null,
): 'breathy' | 'rough' | 'clear' | null {
  const v = s.voiceQuality;
  if (!norms || v.periodCount < 10) return null;
  if (v.hnrDb < norms.breathyHnrDb) return 'breathy';
  if (v.jitterLocal > norms.roughJitter || v.shimmerLocal > norms.roughShimmer) return 'rough';
  if (v.hnrDb > norms.clearHnrDb && v.jitterLocal < norms.clearJitter) return 'clear';
  return null;
}
