// Normalised cross-correlation (NCCF, Talkin's RAPT 1995) of every frame at every lag, on the coarse
// signal. For frame centre c and lag τ it correlates the segments [s, s+W) and [s+τ, s+τ+W) with
// s = c − ⌊(W+τ)/2⌋, so the pair stays centred on the frame at every lag; the result lies in [−1, 1]
// and reaches 1 for an exactly periodic signal at its period, whatever the level.
// Why prefix sums rather than an FFT per frame: with a 10 ms hop the windows overlap ~3x, and a
// running sum per lag costs one multiply-add per sample per lag for all frames together, with no
// per-frame allocation and no transform — several times cheaper than per-frame FFTs at this size.

/** NCCF of a run of consecutive frames at every lag of a range; row-major by frame. */
export interface CorrelationGrid {
  /** Row f holds frame firstFrame + f. */
  firstFrame: number;
  frameCount: number;
  /** First lag (coarse samples) of each row. */
  lagMin: number;
  lagCount: number;
  /** values[f * lagCount + (τ − lagMin)] = NCCF of row f at lag τ. */
  values: Float32Array;
  /** RMS of each row's W-sample window on the coarse signal. */
  frameRms: Float32Array;
}

/** Lags computed together in one pass over the signal. */
const LAGS_PER_GROUP = 8;

/** Frame f is centred on coarse sample round(f * hopSamples). */
export function frameCentre(frame: number, hopSamples: number): number {
  return Math.round(frame * hopSamples);
}

/**
 * Computes the grid chunk by chunk into buffers it allocates once: a few seconds of frames at a time
 * keep the signal, prefix sums and grid rows in the CPU cache (whole 30 s files ran ~2x slower per
 * second than 3 s ones), and memory stays flat however long the recording.
 */
export class CorrelationGridBuilder {
  private readonly pad: number;
  private readonly y: Float64Array;
  private readonly energyPrefix: Float64Array;
  private readonly centres: Int32Array;
  private readonly marks: Int32Array;
  private readonly startMark: Int32Array;
  private readonly endMark: Int32Array;
  private readonly crossAtMark: Float64Array;
  private readonly grid: CorrelationGrid;

  constructor(
    readonly capacityFrames: number,
    private readonly hopSamples: number,
    private readonly windowLength: number,
    lagMin: number,
    private readonly lagMax: number,
  ) {
    const lagCount = lagMax - lagMin + 1;
    // Margin so every segment of every frame lies inside the buffer: segments reach ⌈(W+τ)/2⌉ + a
    // group's spread either side of a centre.
    this.pad = windowLength + lagMax + LAGS_PER_GROUP + 2;
    const span = Math.ceil(capacityFrames * hopSamples) + 2 * this.pad + 2;
    this.y = new Float64Array(span);
    this.energyPrefix = new Float64Array(span + 1);
    this.centres = new Int32Array(capacityFrames);
    this.marks = new Int32Array(2 * capacityFrames);
    this.startMark = new Int32Array(capacityFrames);
    this.endMark = new Int32Array(capacityFrames);
    this.crossAtMark = new Float64Array(2 * capacityFrames * LAGS_PER_GROUP);
    this.grid = {
      firstFrame: 0,
      frameCount: 0,
      lagMin,
      lagCount,
      values: new Float32Array(capacityFrames * lagCount),
      frameRms: new Float32Array(capacityFrames),
    };
  }

  /** The grid of frames [firstFrame, firstFrame + frameCount); valid until the next call. */
  compute(coarse: Float32Array, firstFrame: number, frameCount: number): CorrelationGrid {
    if (frameCount > this.capacityFrames) throw new RangeError(`${frameCount} frames exceed the builder's ${this.capacityFrames}.`);
    const { y, energyPrefix, centres, marks, startMark, endMark, crossAtMark, grid } = this;
    const { values, frameRms, lagMin, lagCount } = grid;
    const W = this.windowLength;
    const lagMax = this.lagMax;
    grid.firstFrame = firstFrame;
    grid.frameCount = frameCount;

    // Local copy of the signal around the chunk, zero outside the recording.
    const origin = frameCentre(firstFrame, this.hopSamples) - this.pad;
    const length = frameCentre(firstFrame + frameCount - 1, this.hopSamples) - origin + this.pad + 1;
    for (let i = 0; i < length; i++) {
      const source = origin + i;
      y[i] = source >= 0 && source < coarse.length ? coarse[source]! : 0;
    }
    for (let k = 0; k < length; k++) energyPrefix[k + 1] = energyPrefix[k]! + y[k]! * y[k]!;
    // Prefix sums cancel to ~1e-16 of the total; windows below far above that count as silent.
    const minEnergy = Math.max(1e-20, energyPrefix[length]! * 1e-12);

    for (let f = 0; f < frameCount; f++) {
      const c = frameCentre(firstFrame + f, this.hopSamples) - origin;
      centres[f] = c;
      const s = c - (W >> 1);
      const e = energyPrefix[s + W]! - energyPrefix[s]!;
      frameRms[f] = e > minEnergy ? Math.sqrt(e / W) : 0;
    }

    // Running cross sums are only ever read at a frame's segment start or end: keep them at those
    // "marks" only (sorted union of c and c + W, shifted per lag group), not at every sample.
    let markCount = 0;
    for (let i = 0, j = 0; i < frameCount || j < frameCount; ) {
      const next = j >= frameCount || (i < frameCount && centres[i]! <= centres[j]! + W) ? centres[i]! : centres[j]! + W;
      if (markCount === 0 || marks[markCount - 1] !== next) marks[markCount++] = next;
      if (i < frameCount && centres[i] === next) startMark[i++] = markCount - 1;
      else endMark[j++] = markCount - 1;
    }

    for (let group = lagMin; group <= lagMax; group += LAGS_PER_GROUP) {
      // Eight lags share one segment placement (off by ≤ 4 samples, ~1 ms, from centring each exactly):
      // one pass over the signal feeds eight independent sums, which also hides the floating-point add
      // latency that a single running sum waits on.
      const t0 = group;
      const back = (W + group + (LAGS_PER_GROUP >> 1)) >> 1;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let a4 = 0;
      let a5 = 0;
      let a6 = 0;
      let a7 = 0;
      let k = marks[0]! - back;
      for (let m = 0; m < markCount; m++) {
        const end = marks[m]! - back;
        for (; k < end; k++) {
          const a = y[k]!;
          a0 += a * y[k + t0]!;
          a1 += a * y[k + t0 + 1]!;
          a2 += a * y[k + t0 + 2]!;
          a3 += a * y[k + t0 + 3]!;
          a4 += a * y[k + t0 + 4]!;
          a5 += a * y[k + t0 + 5]!;
          a6 += a * y[k + t0 + 6]!;
          a7 += a * y[k + t0 + 7]!;
        }
        const o = m * LAGS_PER_GROUP;
        crossAtMark[o] = a0;
        crossAtMark[o + 1] = a1;
        crossAtMark[o + 2] = a2;
        crossAtMark[o + 3] = a3;
        crossAtMark[o + 4] = a4;
        crossAtMark[o + 5] = a5;
        crossAtMark[o + 6] = a6;
        crossAtMark[o + 7] = a7;
      }
      const lagsHere = Math.min(LAGS_PER_GROUP, lagMax - group + 1);
      for (let f = 0; f < frameCount; f++) {
        const s = centres[f]! - back;
        const eA = energyPrefix[s + W]! - energyPrefix[s]!;
        const from = startMark[f]! * LAGS_PER_GROUP;
        const to = endMark[f]! * LAGS_PER_GROUP;
        const row = f * lagCount + (group - lagMin);
        for (let i = 0; i < lagsHere; i++) {
          const lag = group + i;
          const eB = energyPrefix[s + lag + W]! - energyPrefix[s + lag]!;
          let r = 0;
          if (eA > minEnergy && eB > minEnergy) r = (crossAtMark[to + i]! - crossAtMark[from + i]!) / Math.sqrt(eA * eB);
          values[row + i] = r;
        }
      }
    }
    return grid;
  }
}

/**
 * Refines a lag on the full-rate signal: NCCF at integer lags around `lagGuess`, hill-climbing up to
 * `maxSteps` samples, then a parabola through the best three. Returns the fractional lag (samples);
 * the guess itself where the neighbourhood has no interior maximum.
 */
export function refineLag(samples: Float32Array, centre: number, windowLength: number, lagGuess: number, maxSteps: number): number {
  let best = Math.round(lagGuess);
  if (best < 3) return lagGuess;
  const s = centre - ((windowLength + best) >> 1);
  for (let step = 0; step <= maxSteps; step++) {
    nccfTriple(samples, s, windowLength, best);
    const [left, middle, right] = triple;
    if (middle >= left && middle >= right) {
      const curvature = left - 2 * middle + right;
      return curvature < 0 ? best + (0.5 * (left - right)) / curvature : best;
    }
    best += left > right ? -1 : 1;
    if (best < 3) break;
  }
  return lagGuess;
}

/** Scratch output of nccfTriple (module-level so the per-frame refinement allocates nothing). */
const triple = new Float64Array(3);

/**
 * NCCF of the segment [s, s+W) with the segments one lag earlier, at, and one later than `lag`, in one
 * pass; samples outside the signal count as zero. Writes into `triple`.
 */
function nccfTriple(x: Float32Array, s: number, W: number, lag: number): void {
  const n = x.length;
  const jLo = Math.max(0, -s);
  const jHi = Math.min(W, n - s - lag - 1);
  triple.fill(0);
  if (jHi - jLo < 2) return;
  let eA = 0;
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  let eMiddle = 0;
  for (let j = jLo; j < jHi; j++) {
    const a = x[s + j]!;
    const k = s + lag + j;
    const b = x[k]!;
    eA += a * a;
    c0 += a * x[k - 1]!;
    c1 += a * b;
    c2 += a * x[k + 1]!;
    eMiddle += b * b;
  }
  // The earlier and later segments differ from the middle one by one sample at each end.
  const first = s + lag + jLo;
  const last = s + lag + jHi - 1;
  const eEarlier = eMiddle + x[first - 1]! ** 2 - x[last]! ** 2;
  const eLater = eMiddle - x[first]! ** 2 + x[last + 1]! ** 2;
  triple[0] = normalise(c0, eA, eEarlier);
  triple[1] = normalise(c1, eA, eMiddle);
  triple[2] = normalise(c2, eA, eLater);
}

function normalise(cross: number, eA: number, eB: number): number {
  const denominator = Math.sqrt(eA * Math.max(0, eB));
  return denominator > 1e-20 ? cross / denominator : 0;
}
