import { describe, expect, it } from 'vitest';
import { summary } from '../testing/summaries';
import { checkEvidence } from './check-evidence';

const s = summary(); // high pitch, low energy, fast; falling overall, final rise; expressive; one 0.5 s pause 1.4–1.9 s; stress 0.62 s, 2.42 s
const verdicts = (text: string) => checkEvidence(text, s).claims.map((c) => `${c.attribute}:${c.verdict}`);

describe('the evidence checker', () => {
  it('verifies paraphrases of a high pitch and contradicts a low one', () => {
    for (const text of ['The voice is high-pitched.', 'A raised pitch.', 'The pitch is elevated.', 'Pitch sits rather high.']) {
      expect(verdicts(text), text).toEqual(['pitch-level:verified']);
    }
    expect(verdicts('The pitch is low.')).toEqual(['pitch-level:contradicted']);
  });

  it('reads negation and hedges: "not particularly slow" is true of fast speech', () => {
    expect(verdicts('The speech is not particularly slow.')).toEqual(['speed-level:verified']);
    expect(verdicts('The tempo is not fast at all.')).toEqual(['speed-level:contradicted']);
    expect(verdicts('The voice is soft, but the pace is quick.')).toEqual(['energy-level:verified', 'speed-level:verified']);
  });

  it('tells the overall pattern from the final movement', () => {
    expect(verdicts('The intonation falls overall, ending on a rise.')).toEqual(['intonation-pattern:verified', 'final-movement:verified']);
    expect(verdicts('The contour rises and then falls.')).toEqual(['intonation-pattern:contradicted']);
    expect(verdicts('It falls at the end.')).toEqual(['final-movement:contradicted']);
  });

  it('checks stress times against stressed syllables and gives the syllable region', () => {
    const report = checkEvidence('Stressed syllables stand out at 0.62 s, 1.10 s and 2.42 s.', s);
    expect(report.claims.map((c) => c.verdict)).toEqual(['verified', 'contradicted', 'verified']);
    expect(report.claims[0]!.region).toEqual({ kind: 'syllable', timeS: 0.62 });
    expect(report.claims[1]!.text).toBe('1.10 s');
  });

  it('checks pause counts, length and place', () => {
    expect(verdicts('There is one long pause at about 1.65 s.')).toEqual(['pauses:verified', 'pauses:verified', 'pauses:verified']);
    expect(verdicts('There are no pauses.')).toEqual(['pauses:contradicted']);
    expect(verdicts('Three pauses break up the phrase.')).toEqual(['pauses:contradicted']);
    expect(verdicts('There is a pause at 2.60 s.')).toEqual(['pauses:verified', 'pauses:contradicted']);
  });

  it('gives character spans that point at the claim', () => {
    const text = 'Overall, the energy is low.';
    const [claim] = checkEvidence(text, s).claims;
    expect(text.slice(claim!.span.start, claim!.span.end)).toBe('energy is low');
    expect(claim!.measured).toMatch(/vocal effort \(1–3\.4 kHz re 0\.3–1 kHz\) -7\.0 dB → low/);
  });

  it('never verifies phrasing it does not understand, and ignores affect words', () => {
    expect(verdicts('The pitch contour is worth a closer look.')).toEqual(['unparsed:unverifiable', 'unparsed:unverifiable']);
    expect(verdicts('These cues point to high arousal.')).toEqual([]);
    expect(verdicts('The voice sounds tense.')).toEqual(['voice-quality:unverifiable']);
  });

  it('checks voice quality only against corpus norms', () => {
    expect(verdicts('The voice sounds breathy.')).toEqual(['voice-quality:unverifiable']);
    const norms = { breathyHnrDb: 8, roughJitter: 0.05, roughShimmer: 0.15, clearHnrDb: 15, clearJitter: 0.03 };
    expect(checkEvidence('The voice sounds breathy.', s, { voiceQualityNorms: norms }).claims[0]!.verdict).toBe('verified');
    expect(checkEvidence('The voice sounds rough.', s, { voiceQualityNorms: norms }).claims[0]!.verdict).toBe('contradicted');
  });
});
