// Discrete pitch / energy / speed levels from calibration tertiles.
import type {
  ProsodyCalibration,
  ProsodyLevel,
  ProsodyLevels,
  SpeakerBaseline,
  SpeakerGender,
  SpeedLevel,
  Tertiles,
} from '../../shared/types/prosody';

/** The clip's measures that levels are read from. */
export interface LevelMeasures {
  medianF0Hz: number;
  /** EnergySummary.effortDb (vocal effort, spectral balance). */
  energyDb: number;
  /** Articulation rate (syllables/s). */
  rate: number;
}

/** The measures levels are read from, as a clip's analysis holds them (one place that says which). */
export function levelMeasuresOf(m: {
  pitch: { medianHz: number };
  energy: { effortDb: number };
  rate: { articulationRateSylPerS: number };
}): LevelMeasures {
  return { medianF0Hz: m.pitch.medianHz, energyDb: m.energy.effortDb, rate: m.rate.articulationRateSylPerS };
}

function levelOf(value: number, cut: Tertiles): ProsodyLevel {
  if (!Number.isFinite(value)) return 'normal';
  return value < cut.lower ? 'low' : value > cut.upper ? 'high' : 'normal';
}

/**
 * Re-centres tertiles on a speaker baseline: keeps the corpus cut points' distances from the
 * corpus midpoint (in the measure's own scale) but moves the midpoint to the speaker's value.
 * Pitch is shifted in semitones (log scale), energy in dB and rate proportionally.
 */
function recentre(cut: Tertiles, baseline: number, scale: 'log' | 'linear'): Tertiles {
  const mid = scale === 'log' ? Math.sqrt(cut.lower * cut.upper) : (cut.lower + cut.upper) / 2;
  if (scale === 'log') return { ...cut, lower: (cut.lower / mid) * baseline, upper: (cut.upper / mid) * baseline };
  return { ...cut, lower: cut.lower - mid + baseline, upper: cut.upper - mid + baseline };
}

/** Levels of one clip; gender picks the pitch table (any when unknown or missing). */
export function levelsFor(
  measures: LevelMeasures,
  calibration: ProsodyCalibration,
  gender: SpeakerGender | null,
  baseline?: SpeakerBaseline,
): ProsodyLevels {
  let pitchCut = (gender && calibration.medianF0Hz[gender]) || calibration.medianF0Hz.any;
  let energyCut = calibration.energyDb;
  let rateCut = calibration.rateSylPerS;
  if (baseline) {
    pitchCut = recentre(pitchCut, baseline.medianF0Hz, 'log');
    energyCut = recentre(energyCut, baseline.energyDb, 'linear');
    rateCut = recentre(rateCut, baseline.rate, 'log');
  }
  const speedByLevel: Record<ProsodyLevel, SpeedLevel> = { low: 'slow', normal: 'normal', high: 'fast' };
  return {
    pitch: levelOf(measures.medianF0Hz, pitchCut),
    energy: levelOf(measures.energyDb, energyCut),
    speed: speedByLevel[levelOf(measures.rate, rateCut)],
    calibration: calibration.corpus,
    mode: baseline ? 'speaker' : 'corpus',
  };
}
