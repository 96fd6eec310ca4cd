// Hand-made ProsodySummary values for checker and grammar tests (the shape analyzeProsody produces).
import type { ProsodySummary } from '../../../shared/types/dataset';

export function summary(
  overrides: Partial<{ pitch: 'low' | 'normal' | 'high'; energy: 'low' | 'normal' | 'high'; speed: 'slow' | 'normal' | 'fast' }> = {},
): ProsodySummary {
  return {
    durationS: 3.5,
    gender: 'female',
    segmentation: {
      speech: [
        { startS: 0.5, endS: 1.4 },
        { startS: 1.9, endS: 3.0 },
      ],
      pauses: [{ startS: 1.4, endS: 1.9 }],
    },
    syllables: [
      { timeS: 0.62, intensityDb: 70, f0Hz: 230, durationS: 0.2, stressStrength: 0.9, stressed: true },
      { timeS: 1.1, intensityDb: 65, f0Hz: 210, durationS: 0.2, stressStrength: 0.3, stressed: false },
      { timeS: 2.42, intensityDb: 69, f0Hz: 220, durationS: 0.2, stressStrength: 0.8, stressed: true },
    ],
    rate: {
      syllableCount: 3,
      utteranceTimeS: 2.5,
      speakingTimeS: 2,
      speechRateSylPerS: 1.2,
      articulationRateSylPerS: 1.5,
      pauseCount: 1,
      totalPauseS: 0.5,
      meanPauseS: 0.5,
    },
    pitch: { medianHz: 215, p5Hz: 180, p95Hz: 260, voicedFraction: 0.7 },
    intonation: {
      pattern: 'falling',
      rangeSt: 10.5,
      rangeClass: 'expressive',
      firstQuarterSt: 2,
      lastQuarterSt: -2,
      turningPoint: null,
      finalMovement: 'rising',
      finalChangeSt: 2.5,
    },
    energy: { speechRmsDbfs: -20, noiseFloorDbfs: -80, speechLevelReFloorDb: 60, speechLevelRePeakDb: -6, effortDb: -7 },
    voiceQuality: { jitterLocal: 0.02, shimmerLocal: 0.08, hnrDb: 6, periodCount: 300 },
    levels: {
      pitch: overrides.pitch ?? 'high',
      energy: overrides.energy ?? 'low',
      speed: overrides.speed ?? 'fast',
      calibration: 'test',
      mode: 'corpus',
    },
  };
}
