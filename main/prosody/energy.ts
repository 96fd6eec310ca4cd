// Energy summary. The level measure for "low/normal/high energy" is the speech RMS above the
// recording's own noise floor, not absolute dBFS: a gain change moves speech and floor together,
// so the measure is gain-invariant, while vocal effort still raises speech above the room noise.
// DESIGN.md's lesson: a classic model keyed on absolute dBFS called a quieter corpus all 'angry'.
// Limits: digital silence (floor clamped) or a clip with no silence at all (floor = quiet speech)
// make the measure lean; AGC/compression in the chain flattens it. Peak-relative level (also
// reported) is gain-invariant too but measures dynamics, not effort, so it is not the level.
import type { EnergySummary } from '../../shared/types/prosody';
import { percentile } from './stats';

/** Floor of the noise estimate (dBFS): below this the recording is digitally silent. */
const NOISE_FLOOR_MIN_DBFS = -100;

/** Energy measures from the RMS track (dBFS per frame) and the speech mask. */
export function summariseEnergy(rmsDbfs: Float32Array, isSpeech: Uint8Array): EnergySummary {
  let power = 0;
  let count = 0;
  for (let i = 0; i < rmsDbfs.length; i++) {
    if (isSpeech[i] !== 1) continue;
    power += 10 ** (rmsDbfs[i]! / 10);
    count++;
  }
  const speechRmsDbfs = count ? 10 * Math.log10(power / count) : NaN;
  const noiseFloorDbfs = Math.max(NOISE_FLOOR_MIN_DBFS, percentile(rmsDbfs, 5));
  return {
    speechRmsDbfs,
    noiseFloorDbfs,
    speechLevelReFloorDb: speechRmsDbfs - noiseFloorDbfs,
    speechLevelRePeakDb: speechRmsDbfs - percentile(rmsDbfs, 99),
  };
}
