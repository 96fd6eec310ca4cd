// Semitone contour and the EmotionCoT intonation rules (DESIGN.md, "The method it implements").
import type { FinalMovement, Intonation, IntonationPattern, IntonationTurningPoint, PitchRangeClass } from '../../shared/types/prosody';
import { savitzkyGolay } from './savitzky-golay';
import { fitLine, mean, percentile, totalSumSquares } from './stats';

/** EmotionCoT thresholds, verbatim from DESIGN.md. */
export const EMOTIONCOT_INTONATION = {
  /** First vs last quarter difference for rising/falling (st). */
  trendSt: 2,
  /** Depth of a turning point in the middle half for rise-fall/fall-rise (st). */
  turningDepthSt: 2,
  /** R² gain of the turning-point fit over a line. */
  minR2Gain: 0.05,
  /** Below this range the contour is flat (st). */
  flatRangeSt: 3,
  /** Above this range the contour is expressive (st). */
  expressiveRangeSt: 9,
} as const;

export interface ContourOptions {
  /** Unvoiced gaps up to this long are bridged linearly (s); longer gaps stay NaN. */
  maxGapS: number;
  /** Savitzky–Golay window (frames, odd) and polynomial order. */
  smoothingFrames: number;
  smoothingOrder: number;
}

// 250 ms bridges unvoiced consonant clusters (≈ 50–200 ms) but not real pauses (≥ 200–300 ms
// are rarely that short). A 90 ms, order-2 window keeps syllable-size movements (~150–250 ms).
export const DEFAULT_CONTOUR: ContourOptions = { maxGapS: 0.25, smoothingFrames: 9, smoothingOrder: 2 };

/** Final movement: the last voiced stretch up to this long, and the change it needs (st). Our choice. */
const FINAL_WINDOW_S = 0.4;
const FINAL_CHANGE_ST = 1.5;
/** Fewer defined frames than this and the contour is too short to classify (100 ms). */
const MIN_CONTOUR_FRAMES = 10;

/** Semitones re referenceHz, gaps bridged and smoothed; NaN where no pitch. */
export function semitoneContour(
  f0Hz: Float32Array,
  referenceHz: number,
  frameStepS: number,
  options: ContourOptions = DEFAULT_CONTOUR,
): Float32Array {
  const n = f0Hz.length;
  const raw = new Float32Array(n).fill(NaN);
  for (let i = 0; i < n; i++) if (f0Hz[i]! > 0) raw[i] = 12 * Math.log2(f0Hz[i]! / referenceHz);
  const maxGapFrames = Math.round(options.maxGapS / frameStepS);
  let last = -1;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(raw[i]!)) continue;
    if (last >= 0 && i - last > 1 && i - last - 1 <= maxGapFrames) {
      for (let k = last + 1; k < i; k++) raw[k] = raw[last]! + ((raw[i]! - raw[last]!) * (k - last)) / (i - last);
    }
    last = i;
  }
  const out = Float32Array.from(raw);
  let i = 0;
  while (i < n) {
    if (Number.isNaN(raw[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && !Number.isNaN(raw[j]!)) j++;
    out.set(savitzkyGolay(raw.subarray(i, j), options.smoothingFrames, options.smoothingOrder), i);
    i = j;
  }
  return out;
}

function rangeClassOf(rangeSt: number): PitchRangeClass {
  if (rangeSt < EMOTIONCOT_INTONATION.flatRangeSt) return 'flat';
  return rangeSt > EMOTIONCOT_INTONATION.expressiveRangeSt ? 'expressive' : 'normal';
}

/** R² of y = a + b·x + c·max(0, x − knot) (continuous two-segment line), by least squares. */
function twoSegmentR2(x: number[], y: number[], knot: number): number {
  const rows = x.map((v) => [1, v, Math.max(0, v - knot)]);
  const ata = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const aty = [0, 0, 0];
  rows.forEach((r, k) => {
    for (let a = 0; a < 3; a++) {
      aty[a]! += r[a]! * y[k]!;
      for (let b = 0; b < 3; b++) ata[a]![b]! += r[a]! * r[b]!;
    }
  });
  const coef = solve3(ata, aty);
  if (!coef) return NaN;
  let rss = 0;
  rows.forEach((r, k) => {
    rss += (y[k]! - (coef[0]! * r[0]! + coef[1]! * r[1]! + coef[2]! * r[2]!)) ** 2;
  });
  const tss = totalSumSquares(y);
  return tss > 0 ? 1 - rss / tss : 1;
}

/** Solves a 3×3 system by Cramer's rule; null when singular. */
function solve3(m: number[][], v: number[]): number[] | null {
  const det = (a: number[][]): number =>
    a[0]![0]! * (a[1]![1]! * a[2]![2]! - a[1]![2]! * a[2]![1]!) -
    a[0]![1]! * (a[1]![0]! * a[2]![2]! - a[1]![2]! * a[2]![0]!) +
    a[0]![2]! * (a[1]![0]! * a[2]![1]! - a[1]![1]! * a[2]![0]!);
  const d = det(m);
  if (Math.abs(d) < 1e-12) return null;
  return [0, 1, 2].map((col) => det(m.map((row, r) => row.map((x, c) => (c === col ? v[r]! : x)))) / d);
}

/** Classifies a smoothed semitone contour (NaN = no pitch) with the EmotionCoT rules. */
export function classifyIntonation(contour: Float32Array, frameStepS: number): Intonation {
  const times: number[] = [];
  const values: number[] = [];
  contour.forEach((v, i) => {
    if (!Number.isNaN(v)) {
      times.push(i * frameStepS);
      values.push(v);
    }
  });
  const rangeSt = values.length ? percentile(values, 95) - percentile(values, 5) : 0;
  const final = finalMovement(contour, frameStepS);
  const base = { rangeSt, rangeClass: rangeClassOf(rangeSt), ...final };
  if (values.length < MIN_CONTOUR_FRAMES) {
    return { ...base, pattern: 'level', firstQuarterSt: mean(values), lastQuarterSt: mean(values), turningPoint: null };
  }
  const t0 = times[0]!;
  const span = times[times.length - 1]! - t0;
  const inPart = (from: number, to: number): number[] =>
    values.filter((_, k) => times[k]! - t0 >= from * span && times[k]! - t0 <= to * span);
  const firstQuarterSt = mean(inPart(0, 0.25));
  const lastQuarterSt = mean(inPart(0.75, 1));
  const line = fitLine(times, values);
  const tss = totalSumSquares(values);
  const lineR2 = tss > 0 ? 1 - line.residualSumSquares / tss : 1;
  let best: { pattern: IntonationPattern; point: IntonationTurningPoint } | null = null;
  for (const kind of ['rise-fall', 'fall-rise'] as const) {
    let k = -1;
    values.forEach((v, idx) => {
      const rel = (times[idx]! - t0) / span;
      if (rel < 0.25 || rel > 0.75) return;
      if (k < 0 || (kind === 'rise-fall' ? v > values[k]! : v < values[k]!)) k = idx;
    });
    if (k < 0) continue;
    const depthSt =
      kind === 'rise-fall'
        ? Math.min(values[k]! - firstQuarterSt, values[k]! - lastQuarterSt)
        : Math.min(firstQuarterSt - values[k]!, lastQuarterSt - values[k]!);
    const point = { timeS: times[k]!, depthSt, r2Gain: twoSegmentR2(times, values, times[k]!) - lineR2 };
    if (!best || point.depthSt > best.point.depthSt) best = { pattern: kind, point };
  }
  const T = EMOTIONCOT_INTONATION;
  // A qualifying turning point takes precedence: it needs both flanks ≥ 2 st, so a plain rise
  // or fall never qualifies, while a rise-fall whose ends differ would otherwise read as a trend.
  let pattern: IntonationPattern = 'level';
  if (best && best.point.depthSt >= T.turningDepthSt && best.point.r2Gain >= T.minR2Gain) pattern = best.pattern;
  else if (lastQuarterSt - firstQuarterSt >= T.trendSt) pattern = 'rising';
  else if (firstQuarterSt - lastQuarterSt >= T.trendSt) pattern = 'falling';
  return { ...base, pattern, firstQuarterSt, lastQuarterSt, turningPoint: best?.point ?? null };
}

/** Pitch change over the last continuous pitched stretch (≤ FINAL_WINDOW_S) of the contour. */
function finalMovement(contour: Float32Array, frameStepS: number): { finalMovement: FinalMovement; finalChangeSt: number } {
  let end = contour.length - 1;
  while (end >= 0 && Number.isNaN(contour[end]!)) end--;
  let start = end;
  const maxFrames = Math.round(FINAL_WINDOW_S / frameStepS);
  while (start > 0 && !Number.isNaN(contour[start - 1]!) && end - start + 1 < maxFrames) start--;
  if (end < 0 || end - start + 1 < 5) return { finalMovement: 'level', finalChangeSt: 0 };
  const x: number[] = [];
  const y: number[] = [];
  for (let i = start; i <= end; i++) {
    x.push(i * frameStepS);
    y.push(contour[i]!);
  }
  const finalChangeSt = fitLine(x, y).slope * (x[x.length - 1]! - x[0]!);
  const finalMovementValue: FinalMovement =
    finalChangeSt >= FINAL_CHANGE_ST ? 'rising' : finalChangeSt <= -FINAL_CHANGE_ST ? 'falling' : 'level';
  return { finalMovement: finalMovementValue, finalChangeSt };
}
