// Planted contradictions for measuring the checker: the builder writes a trace from a deliberately
// wrong copy of the measurement (one attribute changed), and the trace is checked against the true
// one. Every claim on the changed attribute should come back "contradicted", nothing else should.
import type { ProsodySummary } from '../../../shared/types/dataset';
import type { ClaimAttribute, EvidenceReport } from '../../../shared/types/evidence';
import type { Random } from '../../../shared/util/random';
import { pick } from '../../../shared/util/random';

export type CorruptionKind =
  | 'pitch-level'
  | 'energy-level'
  | 'speed-level'
  | 'pitch-range'
  | 'intonation-pattern'
  | 'final-movement'
  | 'stress-time'
  | 'invented-pause'
  | 'pause-count';

export const CORRUPTION_KINDS: readonly CorruptionKind[] = [
  'pitch-level',
  'energy-level',
  'speed-level',
  'pitch-range',
  'intonation-pattern',
  'final-movement',
  'stress-time',
  'invented-pause',
  'pause-count',
];

/** Which claim attribute a corruption should be caught on. */
export const CORRUPTION_ATTRIBUTE: Record<CorruptionKind, ClaimAttribute> = {
  'pitch-level': 'pitch-level',
  'energy-level': 'energy-level',
  'speed-level': 'speed-level',
  'pitch-range': 'pitch-range',
  'intonation-pattern': 'intonation-pattern',
  'final-movement': 'final-movement',
  'stress-time': 'stress',
  'invented-pause': 'pauses',
  'pause-count': 'pauses',
};

const other = <T>(rng: Random, all: readonly T[], current: T): T =>
  pick(
    rng,
    all.filter((v) => v !== current),
  );

/** A copy of `s` with one attribute made wrong; null when the kind cannot apply to this clip. */
export function corruptSummary(rng: Random, s: ProsodySummary, kind: CorruptionKind): ProsodySummary | null {
  const c = structuredClone(s);
  switch (kind) {
    case 'pitch-level':
      c.levels.pitch = other(rng, ['low', 'normal', 'high'] as const, s.levels.pitch);
      break;
    case 'energy-level':
      c.levels.energy = other(rng, ['low', 'normal', 'high'] as const, s.levels.energy);
      break;
    case 'speed-level':
      c.levels.speed = other(rng, ['slow', 'normal', 'fast'] as const, s.levels.speed);
      break;
    case 'pitch-range':
      c.intonation.rangeClass = other(rng, ['flat', 'normal', 'expressive'] as const, s.intonation.rangeClass);
      break;
    case 'intonation-pattern':
      c.intonation.pattern = other(rng, ['rising', 'falling', 'rise-fall', 'fall-rise', 'level'] as const, s.intonation.pattern);
      break;
    case 'final-movement':
      c.intonation.finalMovement = other(rng, ['rising', 'falling', 'level'] as const, s.intonation.finalMovement);
      break;
    case 'stress-time': {
      // Only the three strongest are named in a trace (trace-grammar.ts), so move one of those.
      const stressed = c.syllables
        .filter((x) => x.stressed)
        .sort((a, b) => b.stressStrength - a.stressStrength)
        .slice(0, 3);
      if (!stressed.length) return null;
      const target = pick(rng, stressed);
      // Move it ≥ 0.3 s away from every real stressed syllable.
      const candidates = [0.35, -0.35, 0.5, -0.5, 0.7, -0.7]
        .map((d) => target.timeS + d)
        .filter((t) => t > 0 && s.syllables.filter((x) => x.stressed).every((x) => Math.abs(x.timeS - t) >= 0.3));
      if (!candidates.length) return null;
      target.timeS = pick(rng, candidates);
      break;
    }
    case 'invented-pause': {
      if (s.segmentation.pauses.length) return null;
      const speech = s.segmentation.speech[0];
      if (!speech) return null;
      const mid = (speech.startS + speech.endS) / 2;
      c.segmentation.pauses = [{ startS: mid - 0.1, endS: mid + 0.1 }];
      break;
    }
    case 'pause-count': {
      if (!s.segmentation.pauses.length) return null;
      c.segmentation.pauses =
        s.segmentation.pauses.length > 1 ? [] : [...s.segmentation.pauses, { startS: s.durationS + 1, endS: s.durationS + 1.2 }];
      break;
    }
  }
  return c;
}

/** Claim-level confusion counts of one corrupted trace. */
export function scoreCorruptedReport(
  report: EvidenceReport,
  kind: CorruptionKind,
): { caught: boolean; truePositives: number; falsePositives: number } {
  const attribute = CORRUPTION_ATTRIBUTE[kind];
  const contradicted = report.claims.filter((c) => c.verdict === 'contradicted');
  const truePositives = contradicted.filter((c) => c.attribute === attribute).length;
  return { caught: truePositives > 0, truePositives, falsePositives: contradicted.length - truePositives };
}
