// Glottal pulses by cross-correlation, guided by a pitch track: Praat's "Sound & Pitch: To
// PointProcess (cc)" (Boersma, Praat manual "Sound & Pitch: To PointProcess (cc)"), the pulses its
// voice report measures jitter and shimmer on (issue 15). In each voiced stretch the first pulse is
// the largest absolute extremum within a period of the stretch's middle; from there, each next pulse
// (backwards, then forwards) is where one period of waveform around the last pulse correlates best
// with the waveform 0.8–1.25 periods away. Positions are in samples (sample n at n); the periods
// follow the waveform's shape, not its peaks, so noise on a peak does not read as jitter.

/** A pulse needs this correlation with the last one (Praat), */
const MIN_CORRELATION = 0.3;
/** and a peak above this share of the clip's absolute peak (Praat: silence is not voiced). */
const MIN_PEAK_SHARE = 0.01;
/** One pulse may lie beyond the voiced stretch when it correlates this well (Praat), */
const EDGE_CORRELATION = 0.7;
/** and its peak is above this share of the clip's peak (Praat's 0.023333). */
const EDGE_PEAK_SHARE = 0.023333;

/** A pitch track on a uniform grid: frame k at firstTimeS + k·stepS (sample n sits at (n + 0.5) / rate, as in Praat). */
export interface PulseTrack {
  firstTimeS: number;
  stepS: number;
  /** Hz; 0 = unvoiced. */
  f0Hz: Float32Array;
}

/** Frame k's position in samples: index (k), first frame's position and the hop, both in samples. */
interface Grid {
  f0Hz: Float32Array;
  firstPosition: number;
  hop: number;
}

/** F0 (Hz) at a sample position, linear between voiced frames; NaN where the track is unvoiced (Praat's Pitch_LINEAR). */
function pitchAt(grid: Grid, position: number): number {
  const { f0Hz, hop } = grid;
  const frames = f0Hz.length;
  const index = (position - grid.firstPosition) / hop;
  if (index < -0.5 || index > frames - 0.5) return NaN;
  const left = Math.floor(index);
  let phase = index - left;
  let near = left;
  let far = left + 1;
  if (phase >= 0.5) {
    near = left + 1;
    far = left;
    phase = 1 - phase;
  }
  if (near < 0 || near >= frames || !(f0Hz[near]! > 0)) return NaN;
  if (far < 0 || far >= frames || !(f0Hz[far]! > 0)) return f0Hz[near]!;
  return f0Hz[near]! + phase * (f0Hz[far]! - f0Hz[near]!);
}

/** Position of the largest absolute value in [from, to], refined by a parabola (Praat's findExtremum). */
function absoluteExtremum(samples: Float32Array, from: number, to: number): number {
  const lo = Math.max(0, Math.floor(from));
  const hi = Math.min(samples.length - 1, Math.ceil(to));
  if (hi < lo) return (from + to) / 2;
  let iMin = lo;
  let iMax = lo;
  for (let n = lo + 1; n <= hi; n++) {
    if (samples[n]! < samples[iMin]!) iMin = n;
    if (samples[n]! > samples[iMax]!) iMax = n;
  }
  if (samples[iMin] === samples[iMax]) return (lo + hi) / 2;
  const at = Math.abs(samples[iMin]!) > Math.abs(samples[iMax]!) ? iMin : iMax;
  if (at === lo || at === hi) return at;
  const left = samples[at - 1]!;
  const mid = samples[at]!;
  const right = samples[at + 1]!;
  return at + (0.5 * (right - left)) / (2 * mid - left - right);
}

interface Match {
  /** Best normalised correlation, parabola-refined; -1 when no peak lies in the search range. */
  correlation: number;
  position: number;
  /** Absolute peak of the matched period. */
  peak: number;
}

/** Correlations of one bestMatch search, one per candidate window; grown as needed, never shrunk. */
let correlations = new Float64Array(128);

/**
 * The window of `period` samples around `from` against windows whose centre lies in [lo, hi]:
 * the best local maximum of the normalised correlation, refined by a parabola (Praat's
 * findMaximumCorrelation, not mean-removed, windows clipped at the clip's edges).
 * Issue 11: the sums are Praat's, term for term and in the same order, so the result is the same to
 * the bit; only the work is arranged for speed — the first window's energy is summed once where no
 * window is clipped, two candidate windows are summed in one pass (four independent sums, not two
 * waiting on each other), and the matched window's peak is read once, for the winner.
 */
function bestMatch(samples: Float32Array, from: number, period: number, lo: number, hi: number): Match {
  const n = samples.length;
  const half = 0.5 * period;
  const left1 = Math.round(from - half);
  const right1 = Math.round(from + half);
  const firstLeft2 = Math.floor(lo - half);
  const lastLeft2 = Math.ceil(hi - half);
  const count = lastLeft2 - firstLeft2 + 1;
  if (correlations.length < count) correlations = new Float64Array(2 * count);
  // Window i1 ∈ [start, end] against i1 + shift: both inside the clip.
  const startOf = (shift: number) => Math.max(left1, -shift, 0);
  const endOf = (shift: number) => Math.min(right1, n - 1 - shift, n - 1);
  // The shifts whose windows are both whole: startOf(shift) === left1 and endOf(shift) === right1.
  const inside = left1 >= 0 && right1 <= n - 1;
  const firstWhole = inside ? -left1 : Infinity;
  const lastWhole = inside ? n - 1 - right1 : -Infinity;
  let fullNorm1 = 0;
  if (inside) for (let i1 = left1; i1 <= right1; i1++) fullNorm1 += samples[i1]! * samples[i1]!;
  const normalised = (product: number, norm1: number, norm2: number) => (product !== 0 ? product / Math.sqrt(norm1 * norm2) : 0);
  for (let j = 0; j < count; j++) {
    const shift = firstLeft2 + j - left1;
    if (j + 1 < count && shift >= firstWhole && shift + 1 <= lastWhole) {
      let norm2 = 0;
      let product = 0;
      let nextNorm2 = 0;
      let nextProduct = 0;
      for (let i1 = left1; i1 <= right1; i1++) {
        const a = samples[i1]!;
        const b = samples[i1 + shift]!;
        const next = samples[i1 + shift + 1]!;
        norm2 += b * b;
        product += a * b;
        nextNorm2 += next * next;
        nextProduct += a * next;
      }
      correlations[j] = normalised(product, fullNorm1, norm2);
      correlations[j + 1] = normalised(nextProduct, fullNorm1, nextNorm2);
      j++;
      continue;
    }
    let norm1 = 0;
    let norm2 = 0;
    let product = 0;
    for (let i1 = startOf(shift); i1 <= endOf(shift); i1++) {
      const a = samples[i1]!;
      const b = samples[i1 + shift]!;
      norm1 += a * a;
      norm2 += b * b;
      product += a * b;
    }
    correlations[j] = normalised(product, norm1, norm2);
  }
  let best = -1;
  let bestBefore = 0;
  let bestAfter = 0;
  let bestJ = -1;
  let r1 = 0;
  let r2 = 0;
  let r3 = 0;
  for (let j = 0; j < count; j++) {
    r1 = r2;
    r2 = r3;
    r3 = correlations[j]!;
    if (r2 > best && r2 >= r1 && r2 >= r3) {
      best = r2;
      bestBefore = r1;
      bestAfter = r3;
      bestJ = j;
    }
  }
  if (best <= -1) return { correlation: -1, position: from, peak: 0 };
  // As in Praat: the peak of the window just measured when the best was found, one step past it.
  const shift = firstLeft2 + bestJ - left1;
  let bestPeak = 0;
  for (let i1 = startOf(shift); i1 <= endOf(shift); i1++) bestPeak = Math.max(bestPeak, Math.abs(samples[i1 + shift]!));
  const bestLeft2 = firstLeft2 + bestJ - 1;
  let offset = 0;
  const curvature = 2 * best - bestBefore - bestAfter;
  if (curvature !== 0) {
    const slope = 0.5 * (bestAfter - bestBefore);
    best += (0.5 * slope * slope) / curvature;
    offset = slope / curvature;
  }
  return { correlation: best, position: from + bestLeft2 + offset - left1, peak: bestPeak };
}

/** Voiced stretches of the track as [left, right] sample positions (each frame covers ± half a hop). */
function voicedStretches(grid: Grid, sampleCount: number): [number, number][] {
  const { f0Hz, firstPosition, hop } = grid;
  const stretches: [number, number][] = [];
  for (let f = 0; f < f0Hz.length; f++) {
    if (!(f0Hz[f]! > 0)) continue;
    let g = f;
    while (g + 1 < f0Hz.length && f0Hz[g + 1]! > 0) g++;
    const left = Math.max(-0.5, firstPosition + (f - 0.5) * hop);
    const right = Math.min(sampleCount - 0.5, firstPosition + (g + 0.5) * hop);
    if (left < right) stretches.push([left, right]);
    f = g;
  }
  return stretches;
}

/** Pulse positions (samples, ascending) in the voiced stretches of the track. */
export function findGlottalPulses(samples: Float32Array, sampleRate: number, track: PulseTrack): Float64Array {
  const grid: Grid = { f0Hz: track.f0Hz, firstPosition: track.firstTimeS * sampleRate - 0.5, hop: track.stepS * sampleRate };
  let globalPeak = 0;
  for (let n = 0; n < samples.length; n++) globalPeak = Math.max(globalPeak, Math.abs(samples[n]!));
  const pulses: number[] = [];
  if (globalPeak === 0) return new Float64Array(0);
  const periodAt = (position: number) => sampleRate / pitchAt(grid, position);
  // Each step moves ≥ 0.8 of a period ≥ 1/600 s; the cap only guards against a pathological track.
  const maxSteps = Math.ceil(samples.length / (sampleRate / 1000)) + 10;
  let addedRight = -Infinity;
  for (const [left, right] of voicedStretches(grid, samples.length)) {
    const middle = (left + right) / 2;
    const middlePeriod = periodAt(middle);
    if (!Number.isFinite(middlePeriod)) continue;
    const first = absoluteExtremum(samples, middle - 0.5 * middlePeriod, middle + 0.5 * middlePeriod);
    pulses.push(first);
    let at = first;
    for (let step = 0; step < maxSteps; step++) {
      const period = periodAt(at);
      if (!Number.isFinite(period)) break;
      const match = bestMatch(samples, at, period, at - 1.25 * period, at - 0.8 * period);
      at = match.correlation === -1 ? at - period : match.position;
      if (at < left) {
        if (match.correlation > EDGE_CORRELATION && match.peak > EDGE_PEAK_SHARE * globalPeak && at - addedRight > 0.8 * period)
          pulses.push(at);
        break;
      }
      // "> 0.8 period past the last pulse added going right": a short unvoiced gap is not filled twice.
      if (
        match.correlation > MIN_CORRELATION &&
        (match.peak === 0 || match.peak > MIN_PEAK_SHARE * globalPeak) &&
        at - addedRight > 0.8 * period
      )
        pulses.push(at);
    }
    at = first;
    for (let step = 0; step < maxSteps; step++) {
      const period = periodAt(at);
      if (!Number.isFinite(period)) break;
      const match = bestMatch(samples, at, period, at + 0.8 * period, at + 1.25 * period);
      at = match.correlation === -1 ? at + period : match.position;
      if (at > right) {
        if (match.correlation > EDGE_CORRELATION && match.peak > EDGE_PEAK_SHARE * globalPeak) {
          pulses.push(at);
          addedRight = at;
        }
        break;
      }
      if (match.correlation > MIN_CORRELATION && (match.peak === 0 || match.peak > MIN_PEAK_SHARE * globalPeak)) {
        pulses.push(at);
        addedRight = at;
      }
    }
  }
  // A point process: sorted, a position at most once.
  const sorted = Float64Array.from(pulses).sort();
  return sorted.filter((p, i) => i === 0 || p !== sorted[i - 1]);
}
