// Checks each parsed claim against the measurement: levels and classes must match exactly (they are
// the same discrete values the builder writes from), stress times must land on a stressed syllable,
// pauses must exist where and as often as claimed. Voice-quality words need corpus norms (HNR,
// jitter, shimmer percentiles) to be checkable; without them they are unverifiable.
import type { ClaimRegion, EvidenceClaim, EvidenceReport } from '../../../shared/types/evidence';
import type { ProsodySummary } from '../../../shared/types/dataset';
import { parseClaims, type ParsedClaim } from './parse-claims';

/** What the checker reads; a full ProsodyAnalysis or a stored ProsodySummary both fit. */
export type EvidenceProsody = Omit<ProsodySummary, 'gender' | 'durationS'> & { durationS?: number };

/** Corpus thresholds that give voice-quality words a measurable meaning (see cot/voice-quality-words.ts). */
export interface VoiceQualityNorms {
  /** Below this HNR (dB) a voice counts as breathy (corpus 15th percentile). */
  breathyHnrDb: number;
  /** Above this jitter or shimmer the voice counts as rough (85th percentiles). */
  roughJitter: number;
  roughShimmer: number;
  /** Above this HNR and below median jitter, clear (corpus 85th percentile / 50th). */
  clearHnrDb: number;
  clearJitter: number;
}

export interface CheckOptions {
  voiceQualityNorms?: VoiceQualityNorms;
}

/** A stressed syllable within this distance of a stated time confirms it (10 ms grid, 2-decimal times). */
export const STRESS_TIME_TOLERANCE_S = 0.06;
/** A stated pause time may fall this far outside the pause. */
export const PAUSE_TIME_TOLERANCE_S = 0.1;
/** Pauses at least this long are "long" (builder and checker share it). */
export const LONG_PAUSE_S = 0.5;

const fmt = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

function utteranceRegion(p: EvidenceProsody): ClaimRegion {
  const speech = p.segmentation.speech;
  if (!speech.length) return { kind: 'none' };
  return { kind: 'utterance', startS: speech[0]!.startS, endS: speech[speech.length - 1]!.endS };
}

function finalRegion(p: EvidenceProsody): ClaimRegion {
  const last = p.segmentation.speech[p.segmentation.speech.length - 1];
  if (!last) return { kind: 'none' };
  return { kind: 'final', startS: Math.max(last.startS, last.endS - 0.5), endS: last.endS };
}

type Judged = Pick<EvidenceClaim, 'verdict' | 'region' | 'measured' | 'claim'> & { note?: string };

function compare(claim: ParsedClaim, actual: string, region: ClaimRegion, measured: string, name: string): Judged {
  const holds = claim.value === actual;
  return {
    verdict: holds !== claim.negated ? 'verified' : 'contradicted',
    region,
    measured,
    claim: `${claim.negated ? 'not ' : ''}${name} = ${claim.value}`,
  };
}

function judgeVoiceQuality(c: ParsedClaim, p: EvidenceProsody, norms: VoiceQualityNorms | undefined): Judged {
  const vq = p.voiceQuality;
  const measured = `HNR ${fmt(vq.hnrDb, 1)} dB, jitter ${fmt(vq.jitterLocal * 100, 1)} %, shimmer ${fmt(vq.shimmerLocal * 100, 1)} %`;
  const base = { region: utteranceRegion(p), measured, claim: `${c.negated ? 'not ' : ''}voice-quality = ${c.value}` };
  if (c.value === 'tense') return { ...base, verdict: 'unverifiable', note: 'no measure of tension/pressed phonation is taken' };
  if (!norms || vq.periodCount < 10) return { ...base, verdict: 'unverifiable', note: 'no voice-quality norms for this corpus' };
  const holds =
    c.value === 'breathy'
      ? vq.hnrDb < norms.breathyHnrDb
      : c.value === 'rough'
        ? vq.jitterLocal > norms.roughJitter || vq.shimmerLocal > norms.roughShimmer
        : vq.hnrDb > norms.clearHnrDb && vq.jitterLocal < norms.clearJitter;
  return { ...base, verdict: holds !== c.negated ? 'verified' : 'contradicted' };
}

function judgePauses(c: ParsedClaim, p: EvidenceProsody): Judged {
  const pauses = p.segmentation.pauses;
  const list = pauses.map((q) => `${fmt(q.startS)}–${fmt(q.endS)} s`).join(', ') || 'none';
  const measured = `${pauses.length} pause(s): ${list}`;
  if (c.value === 'count') {
    const { min, max } = c.count!;
    const claim = min === max ? `pauses = ${min}` : `pauses ≥ ${min}`;
    return {
      verdict: pauses.length >= min && pauses.length <= max ? 'verified' : 'contradicted',
      region: utteranceRegion(p),
      measured,
      claim,
    };
  }
  if (c.value === 'long' || c.value === 'short') {
    const hit = pauses.find((q) => q.endS - q.startS >= LONG_PAUSE_S === (c.value === 'long'));
    const region: ClaimRegion = hit ? { kind: 'pause', startS: hit.startS, endS: hit.endS } : utteranceRegion(p);
    return {
      verdict: hit ? 'verified' : 'contradicted',
      region,
      measured,
      claim: `a ${c.value} pause (${c.value === 'long' ? '≥' : '<'} ${LONG_PAUSE_S} s)`,
    };
  }
  if (c.value === 'at') {
    const hit = pauses.find((q) => c.timeS! >= q.startS - PAUSE_TIME_TOLERANCE_S && c.timeS! <= q.endS + PAUSE_TIME_TOLERANCE_S);
    const region: ClaimRegion = hit ? { kind: 'pause', startS: hit.startS, endS: hit.endS } : { kind: 'syllable', timeS: c.timeS! };
    return { verdict: hit ? 'verified' : 'contradicted', region, measured, claim: `pause at ${fmt(c.timeS!)} s` };
  }
  const hit = pauses.find((q) => Math.abs(q.endS - q.startS - c.durationS!) <= Math.max(0.05, 0.15 * c.durationS!));
  const region: ClaimRegion = hit ? { kind: 'pause', startS: hit.startS, endS: hit.endS } : utteranceRegion(p);
  return { verdict: hit ? 'verified' : 'contradicted', region, measured, claim: `pause lasting ${fmt(c.durationS!)} s` };
}

function judgeStress(c: ParsedClaim, p: EvidenceProsody): Judged {
  const stressed = p.syllables.filter((s) => s.stressed);
  const measured = `stressed syllables at ${stressed.map((s) => `${fmt(s.timeS)} s`).join(', ') || 'none'}`;
  if (c.value === 'at') {
    const hit = stressed.find((s) => Math.abs(s.timeS - c.timeS!) <= STRESS_TIME_TOLERANCE_S);
    return {
      verdict: hit ? 'verified' : 'contradicted',
      region: { kind: 'syllable', timeS: hit?.timeS ?? c.timeS! },
      measured,
      claim: `stress at ${fmt(c.timeS!)} s`,
    };
  }
  const holds = c.value === 'none' ? stressed.length === 0 : stressed.length > 0;
  return {
    verdict: holds ? 'verified' : 'contradicted',
    region: utteranceRegion(p),
    measured,
    claim: c.value === 'none' ? 'no stressed syllable' : 'some syllable stressed',
  };
}

function judge(c: ParsedClaim, p: EvidenceProsody, options: CheckOptions): Judged {
  const { levels, intonation: ton } = p;
  switch (c.attribute) {
    case 'pitch-level':
      return compare(c, levels.pitch, utteranceRegion(p), `median F0 ${fmt(p.pitch.medianHz, 0)} Hz → ${levels.pitch}`, 'pitch-level');
    case 'energy-level':
      return compare(
        c,
        levels.energy,
        utteranceRegion(p),
        `vocal effort (1–3.4 kHz re 0.3–1 kHz) ${fmt(p.energy.effortDb, 1)} dB → ${levels.energy}`,
        'energy-level',
      );
    case 'speed-level':
      return compare(
        c,
        levels.speed,
        utteranceRegion(p),
        `articulation rate ${fmt(p.rate.articulationRateSylPerS, 1)} syl/s → ${levels.speed}`,
        'speed-level',
      );
    case 'pitch-range':
      return compare(c, ton.rangeClass, utteranceRegion(p), `pitch range ${fmt(ton.rangeSt, 1)} st → ${ton.rangeClass}`, 'pitch-range');
    case 'intonation-pattern':
      return compare(
        c,
        ton.pattern,
        utteranceRegion(p),
        `first/last quarter ${fmt(ton.firstQuarterSt, 1)}/${fmt(ton.lastQuarterSt, 1)} st → ${ton.pattern}`,
        'intonation-pattern',
      );
    case 'final-movement':
      return compare(
        c,
        ton.finalMovement,
        finalRegion(p),
        `final change ${fmt(ton.finalChangeSt, 1)} st → ${ton.finalMovement}`,
        'final-movement',
      );
    case 'voice-quality':
      return judgeVoiceQuality(c, p, options.voiceQualityNorms);
    case 'pauses':
      return judgePauses(c, p);
    case 'stress':
      return judgeStress(c, p);
    default:
      return {
        verdict: 'unverifiable',
        region: { kind: 'none' },
        measured: '',
        claim: `"${c.value}" (phrasing not understood)`,
        note: 'phrasing outside the checker vocabulary',
      };
  }
}

/** Every prosodic claim in `text` with its verdict against `prosody`. */
export function checkEvidence(text: string, prosody: EvidenceProsody, options: CheckOptions = {}): EvidenceReport {
  const claims: EvidenceClaim[] = parseClaims(text).map((c) => {
    const judged = judge(c, prosody, options);
    return {
      attribute: c.attribute,
      span: { start: c.start, end: c.end },
      text: text.slice(c.start, c.end),
      negated: c.negated,
      ...judged,
    };
  });
  const count = (v: EvidenceClaim['verdict']): number => claims.filter((c) => c.verdict === v).length;
  const verified = count('verified');
  const contradicted = count('contradicted');
  return {
    claims,
    verified,
    contradicted,
    unverifiable: count('unverifiable'),
    verifiedShare: verified + contradicted ? verified / (verified + contradicted) : 1,
  };
}
