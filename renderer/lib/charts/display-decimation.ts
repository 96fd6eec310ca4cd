// Display decimation of a 10 ms track: at most ~2 points per pixel column reach chart.js, so a
// 10-minute track (60,000 frames) draws as fast as a short one. Min and max of each bucket are kept
// (peaks stay visible); a bucket with no value stays a gap.

/** A chart point; y null breaks the line. */
export interface TrackPoint {
  x: number;
  y: number | null;
}

export function decimateTrack(
  values: readonly (number | null)[],
  frameStepS: number,
  startS: number,
  endS: number,
  maxBuckets: number,
): TrackPoint[] {
  const first = Math.max(0, Math.floor(startS / frameStepS) - 1);
  const last = Math.min(values.length - 1, Math.ceil(endS / frameStepS) + 1);
  const count = last - first + 1;
  if (count <= 0) return [];
  if (count <= maxBuckets * 2) {
    const points: TrackPoint[] = [];
    for (let i = first; i <= last; i++) points.push({ x: i * frameStepS, y: values[i] ?? null });
    return points;
  }
  const perBucket = count / maxBuckets;
  const points: TrackPoint[] = [];
  for (let b = 0; b < maxBuckets; b++) {
    const from = first + Math.floor(b * perBucket);
    const to = Math.min(last + 1, first + Math.floor((b + 1) * perBucket));
    let minI = -1;
    let maxI = -1;
    for (let i = from; i < to; i++) {
      const v = values[i];
      if (v === null || v === undefined) continue;
      if (minI < 0 || v < values[minI]!) minI = i;
      if (maxI < 0 || v > values[maxI]!) maxI = i;
    }
    if (minI < 0) {
      points.push({ x: from * frameStepS, y: null });
      continue;
    }
    const [a, b2] = minI <= maxI ? [minI, maxI] : [maxI, minI];
    points.push({ x: a * frameStepS, y: values[a]! });
    if (b2 !== a) points.push({ x: b2 * frameStepS, y: values[b2]! });
  }
  return points;
}
