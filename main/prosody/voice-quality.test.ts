import { describe, expect, it } from 'vitest';
import { ANALYSIS_SAMPLE_RATE } from '../../shared/types/audio';
import { seededRandom } from './testing/signals';
import { measureVoiceQuality } from './voice-quality';

/**
 * A 1 s glottal-like pulse train (decaying 700 Hz resonance per period) at 160 Hz — a whole 100-sample
 * period, so the train itself has no rounding jitter — with ± period and amplitude steps.
 */
function pulseTrain(periodJitter: number, amplitudeJitter: number, noiseRms = 0) {
  const sr = ANALYSIS_SAMPLE_RATE;
  const samples = new Float32Array(sr);
  const random = seededRandom(3);
  let start = Math.round(0.05 * sr);
  while (start < 0.95 * sr) {
    const period = Math.round(100 * (1 + periodJitter * (random() < 0.5 ? -1 : 1)));
    const amplitude = 0.5 * (1 + amplitudeJitter * (random() < 0.5 ? -1 : 1));
    for (let n = 0; n < period; n++) samples[start + n]! += amplitude * Math.exp(-n / 15) * Math.cos((2 * Math.PI * 700 * n) / sr);
    start += period;
  }
  for (let n = 0; n < sr; n++) samples[n]! += noiseRms * Math.sqrt(12) * (random() - 0.5);
  return measureVoiceQuality(samples, sr);
}

describe('voice quality', () => {
  it('finds about 0 % jitter and shimmer and a high HNR in a perfectly periodic train', () => {
    const vq = pulseTrain(0, 0);
    expect(vq.periodCount).toBeGreaterThan(120);
    expect(vq.jitterLocal).toBeLessThan(0.003);
    expect(vq.shimmerLocal).toBeLessThan(0.01);
    expect(vq.hnrDb).toBeGreaterThan(25);
  });

  it('measures 2 % random period steps as local jitter near 2 %', () => {
    // Alternating-sign ±2 % periods differ by 0 or 4 % from their neighbour: mean |ΔT|/T ≈ 2 %.
    const vq = pulseTrain(0.02, 0);
    expect(vq.jitterLocal).toBeGreaterThan(0.014);
    expect(vq.jitterLocal).toBeLessThan(0.026);
  });

  it('measures ±10 % amplitude steps as local shimmer near 10 %', () => {
    const vq = pulseTrain(0, 0.1);
    expect(vq.shimmerLocal).toBeGreaterThan(0.07);
    expect(vq.shimmerLocal).toBeLessThan(0.13);
  });

  it('reads a lower HNR when noise is added', () => {
    expect(pulseTrain(0, 0, 0.02).hnrDb).toBeLessThan(pulseTrain(0, 0, 0.002).hnrDb - 10);
  });
});
