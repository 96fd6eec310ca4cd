// Energy summary. The level measure for "low/normal/high energy" is vocal effort (spectral balance,
// spectral-balance.ts), not a level: absolute dBFS moves with gain (DESIGN.md: a classic model keyed
// on it called a quieter corpus all 'angry'), and the speech level re the noise floor, the earlier
// measure, moves with the room: 60 dB in RAVDESS' digital silence, 30 dB in nEMO's studio, 14–17 dB
// lower again with noise at 20 dB SNR, and low on a loud clip with no silence at all (floor = speech).
// Both levels are still reported, for display and for the input-quality check.
import type { EnergySummary } from '../../shared/types/prosody';
import { percentile } from './stats';

/** Floor of the noise estimate (dBFS): below this the recording is digitally silent. */
const NOISE_FLOOR_MIN_DBFS = -100;

/** Energy measures from the RMS track (dBFS per frame) and the speech mask. */
export function summariseEnergy(rmsDbfs: Float32Array, isSpeech: Uint8Array, effortDb: number): EnergySummary {
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
    effortDb,
  };
}
