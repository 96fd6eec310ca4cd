import { describe, expect, it } from 'vitest';
import { summary } from '../testing/summaries';
import type { VoiceQualityNorms } from '../evidence/check-evidence';
import { measuredCuePrompt, stressTimes } from './cue-prompt';
import { EMOTION_NOUN } from './trace-grammar';

const NORMS: VoiceQualityNorms = { breathyHnrDb: 8, roughJitter: 0.05, roughShimmer: 0.2, clearHnrDb: 20, clearJitter: 0.01 };

describe('measured-cue prompt', () => {
  it('states every measured cue the trace grammar can restate', () => {
    expect(measuredCuePrompt(summary(), NORMS)).toBe(
      'measured: pitch high, range expressive, intonation falling, end rising, energy low, speed fast, one long pause at 1.65 s, stress at 0.62 s 2.42 s, voice breathy.',
    );
  });

  it('says when there is no pause, no stress, or nothing remarkable about the voice', () => {
    const quiet = {
      ...summary({ pitch: 'low', energy: 'normal', speed: 'slow' }),
      segmentation: { speech: [{ startS: 0, endS: 2 }], pauses: [] },
    };
    const flat = { ...quiet, syllables: quiet.syllables.map((s) => ({ ...s, stressed: false })) };
    expect(measuredCuePrompt(flat, null)).toBe(
      'measured: pitch low, range expressive, intonation falling, end rising, energy normal, speed slow, no pauses, no clear stress, voice unremarkable.',
    );
  });

  it('counts several pauses and names the strongest three stresses in time order', () => {
    const s = summary();
    const busy = {
      ...s,
      segmentation: {
        speech: s.segmentation.speech,
        pauses: [
          { startS: 1.0, endS: 1.2 },
          { startS: 1.4, endS: 1.6 },
        ],
      },
      syllables: [0.3, 0.9, 1.5, 2.1].map((timeS, i) => ({
        ...s.syllables[0]!,
        timeS,
        stressStrength: [0.5, 0.9, 0.7, 0.8][i]!,
        stressed: true,
      })),
    };
    expect(stressTimes(busy)).toEqual([0.9, 1.5, 2.1]);
    expect(measuredCuePrompt(busy, NORMS)).toContain('2 pauses, stress at 0.90 s 1.50 s 2.10 s');
  });

  it('never names an emotion: the prompt carries measurements, not the answer', () => {
    const text = measuredCuePrompt(summary(), NORMS);
    for (const [label, noun] of Object.entries(EMOTION_NOUN)) {
      expect(text).not.toContain(label);
      expect(text).not.toContain(noun);
    }
  });
});
