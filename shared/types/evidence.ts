// Evidence check of a reasoning text against measured prosody: one verdict per prosodic claim.

/** What a claim is about. */
export type ClaimAttribute =
  | 'pitch-level'
  | 'energy-level'
  | 'speed-level'
  | 'pitch-range'
  | 'intonation-pattern'
  | 'final-movement'
  | 'stress'
  | 'pauses'
  | 'voice-quality'
  | 'unparsed';

/** Outcome of checking one claim. */
export type ClaimVerdict = 'verified' | 'contradicted' | 'unverifiable';

/** Time region a claim refers to, for highlighting the matching stretch of the plot. */
export type ClaimRegion =
  | { kind: 'utterance'; startS: number; endS: number }
  | { kind: 'final'; startS: number; endS: number }
  | { kind: 'syllable'; timeS: number }
  | { kind: 'pause'; startS: number; endS: number }
  | { kind: 'none' };

/** One prosodic claim found in the text and its verdict. */
export interface EvidenceClaim {
  attribute: ClaimAttribute;
  /** Character offsets of the claim's words in the checked text ([start, end)). */
  span: { start: number; end: number };
  /** The matched words, as written. */
  text: string;
  /** The claim in canonical form, e.g. "pitch-level = high", "not speed-level = fast", "stress at 0.42 s". */
  claim: string;
  negated: boolean;
  verdict: ClaimVerdict;
  region: ClaimRegion;
  /** The measurement the verdict rests on, in words (e.g. "median F0 212 Hz → high"). */
  measured: string;
  /** Why unverifiable, when it is. */
  note?: string;
}

/** Verdicts for a whole text. */
export interface EvidenceReport {
  claims: EvidenceClaim[];
  verified: number;
  contradicted: number;
  unverifiable: number;
  /** verified / (verified + contradicted); 1 when nothing checkable was claimed. */
  verifiedShare: number;
}
