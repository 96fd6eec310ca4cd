// Evaluation maths for pitch trackers against a laryngograph reference (Keele, FDA), as the field
// reports it (e.g. Rabiner et al. 1976; de Cheveigné & Kawahara 2002): gross pitch error (GPE) = share
// of frames voiced in both where the estimate is off by more than 20 %; voicing decision error (VDE) =
// share of all reference frames whose voicing disagrees; fine error = |1200·log2(est/ref)| cents over
// the voiced-in-both frames without a gross error.

/** A pitch track on a uniform time grid: frame i at firstTimeS + i·stepS; 0 Hz = unvoiced, NaN = not scored. */
export interface UniformTrack {
  firstTimeS: number;
  stepS: number;
  f0Hz: ArrayLike<number>;
}

/** Counts for one file; several combine by adding counts and concatenating fine errors. */
export interface PitchComparison {
  referenceFrames: number;
  voicedInBoth: number;
  grossErrors: number;
  voicingErrors: number;
  /** Cents of error per voiced-in-both frame without gross error. */
  fineErrorsCents: number[];
}

export interface PitchScores {
  referenceFrames: number;
  voicedInBoth: number;
  gpe: number;
  vde: number;
  fineMedianCents: number;
  fineMeanCents: number;
}

/** Gross error threshold: estimate off by more than 20 % of the reference. */
export const GROSS_ERROR_RATIO = 0.2;

/**
 * The estimate at time t: voicing from the nearest frame; F0 interpolated linearly between the two
 * frames around t when both are voiced, else the nearest frame's F0. Outside the track: unvoiced.
 */
export function estimateAt(track: UniformTrack, timeS: number): number {
  const position = (timeS - track.firstTimeS) / track.stepS;
  const nearest = Math.round(position);
  const n = track.f0Hz.length;
  if (nearest < 0 || nearest >= n) return 0;
  const nearestHz = track.f0Hz[nearest]!;
  if (nearestHz <= 0) return 0;
  const lo = Math.floor(position);
  const hi = lo + 1;
  if (lo < 0 || hi >= n) return nearestHz;
  const a = track.f0Hz[lo]!;
  const b = track.f0Hz[hi]!;
  if (a <= 0 || b <= 0) return nearestHz;
  return a + (b - a) * (position - lo);
}

/** Compares an estimate with a reference at the reference's frame times. */
export function comparePitch(estimate: UniformTrack, reference: UniformTrack): PitchComparison {
  const result: PitchComparison = { referenceFrames: 0, voicedInBoth: 0, grossErrors: 0, voicingErrors: 0, fineErrorsCents: [] };
  for (let i = 0; i < reference.f0Hz.length; i++) {
    const refHz = reference.f0Hz[i]!;
    if (Number.isNaN(refHz)) continue; // not scored (Keele's "uncertain" frames)
    const estHz = estimateAt(estimate, reference.firstTimeS + i * reference.stepS);
    result.referenceFrames++;
    const refVoiced = refHz > 0;
    const estVoiced = estHz > 0;
    if (refVoiced !== estVoiced) result.voicingErrors++;
    if (!refVoiced || !estVoiced) continue;
    result.voicedInBoth++;
    if (Math.abs(estHz / refHz - 1) > GROSS_ERROR_RATIO) result.grossErrors++;
    else result.fineErrorsCents.push(Math.abs(1200 * Math.log2(estHz / refHz)));
  }
  return result;
}

/** Pools comparisons (frame-weighted, as the field pools corpora) into rates and cents. */
export function scorePitch(comparisons: readonly PitchComparison[]): PitchScores {
  let referenceFrames = 0;
  let voicedInBoth = 0;
  let grossErrors = 0;
  let voicingErrors = 0;
  const fine: number[] = [];
  for (const c of comparisons) {
    referenceFrames += c.referenceFrames;
    voicedInBoth += c.voicedInBoth;
    grossErrors += c.grossErrors;
    voicingErrors += c.voicingErrors;
    for (const cents of c.fineErrorsCents) fine.push(cents);
  }
  fine.sort((a, b) => a - b);
  let fineSum = 0;
  for (const cents of fine) fineSum += cents;
  const mid = fine.length >> 1;
  const fineMedianCents = fine.length === 0 ? NaN : fine.length % 2 === 1 ? fine[mid]! : 0.5 * (fine[mid - 1]! + fine[mid]!);
  return {
    referenceFrames,
    voicedInBoth,
    gpe: voicedInBoth > 0 ? grossErrors / voicedInBoth : NaN,
    vde: referenceFrames > 0 ? voicingErrors / referenceFrames : NaN,
    fineMedianCents,
    fineMeanCents: fine.length > 0 ? fineSum / fine.length : NaN,
  };
}
