import { describe, expect, it } from 'vitest';
import { RAVDESS_LABELS } from '../../../shared/types/model';
import { CONCLUSIONS } from '../cot/phrases';
import { EMOTION_NOUN } from '../cot/trace-grammar';
import { alternativeLabel, concludedLabel, conclusionMismatch } from './conclusion';

describe('the conclusion of a reasoning trace', () => {
  it('reads every conclusion template for every label', () => {
    for (const template of CONCLUSIONS) {
      for (const label of RAVDESS_LABELS) {
        const reasoning = `The pitch is high. ${template.replace('{e}', EMOTION_NOUN[label]!)}`;
        expect(concludedLabel(reasoning, RAVDESS_LABELS)).toBe(label);
      }
    }
  });

  it('flags an answer that contradicts the conclusion, and only then', () => {
    const reasoning = 'The voice is loud and fast. So the most likely emotion is fear.';
    expect(conclusionMismatch(reasoning, 'angry', RAVDESS_LABELS)).toBe('the reasoning concludes "fearful" but the answer is "angry"');
    expect(conclusionMismatch(reasoning, 'fearful', RAVDESS_LABELS)).toBeNull();
  });

  it('does not second-guess free wording or an unknown emotion', () => {
    expect(concludedLabel('The speaker sounds upset overall.', RAVDESS_LABELS)).toBeNull();
    expect(concludedLabel('So the most likely emotion is boredom.', RAVDESS_LABELS)).toBeNull();
    expect(conclusionMismatch('Nothing to conclude here.', 'sad', RAVDESS_LABELS)).toBeNull();
  });

  it("reads the nearest alternative from each of the grammar's heads", () => {
    expect(alternativeLabel('Pitch is high. The closest alternative is fear, which could explain the speed.', RAVDESS_LABELS)).toBe(
      'fearful',
    );
    expect(alternativeLabel('Pitch is high. A neutral state is the nearest competitor, since it would also fit.', RAVDESS_LABELS)).toBe(
      'neutral',
    );
    expect(alternativeLabel('One could also think of happiness, but the fall points to anger.', RAVDESS_LABELS)).toBe('happy');
    expect(alternativeLabel('The pitch is high. So the most likely emotion is anger.', RAVDESS_LABELS)).toBeNull();
  });
});
