// Viterbi search for the best candidate sequence (Boersma 1993 / Praat's path finder): maximise the sum
// of candidate strengths minus transition costs — octaveJumpCost·|log2(f₁/f₂)| between voiced frames,
// voicedUnvoicedCost for a voicing change, nothing between unvoiced frames. This is what keeps a
// single frame with a stronger subharmonic peak from producing an octave jump.
import type { CandidateSet } from './pitch-candidates';

export interface PathCosts {
  octaveJumpCost: number;
  voicedUnvoicedCost: number;
}

/** Chosen slot per frame (0 = unvoiced). */
export function bestCandidatePath(candidates: CandidateSet, frameCount: number, costs: PathCosts): Uint8Array {
  const { slotsPerFrame: slots, count, strength, log2Hz } = candidates;
  const path = new Uint8Array(frameCount);
  if (frameCount === 0) return path;
  const score = new Float64Array(frameCount * slots);
  const back = new Uint8Array(frameCount * slots);
  const jump = costs.octaveJumpCost;
  const vuv = costs.voicedUnvoicedCost;

  for (let k = 0; k < count[0]!; k++) score[k] = strength[k]!;
  for (let f = 1; f < frameCount; f++) {
    const prev = (f - 1) * slots;
    const cur = f * slots;
    const prevCount = count[f - 1]!;
    for (let k = 0; k < count[f]!; k++) {
      const voiced = k > 0;
      const l2 = log2Hz[cur + k]!;
      let best = -Infinity;
      let bestFrom = 0;
      for (let j = 0; j < prevCount; j++) {
        const prevVoiced = j > 0;
        let s = score[prev + j]!;
        if (voiced && prevVoiced) s -= jump * Math.abs(l2 - log2Hz[prev + j]!);
        else if (voiced !== prevVoiced) s -= vuv;
        if (s > best) {
          best = s;
          bestFrom = j;
        }
      }
      score[cur + k] = best + strength[cur + k]!;
      back[cur + k] = bestFrom;
    }
  }
  const last = (frameCount - 1) * slots;
  let bestEnd = 0;
  for (let k = 1; k < count[frameCount - 1]!; k++) if (score[last + k]! > score[last + bestEnd]!) bestEnd = k;
  path[frameCount - 1] = bestEnd;
  for (let f = frameCount - 1; f > 0; f--) path[f - 1] = back[f * slots + path[f]!]!;
  return path;
}
