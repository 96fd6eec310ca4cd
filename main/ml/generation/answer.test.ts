import { describe, expect, it } from 'vitest';
import { parseAnswer } from './answer';

const LABELS = ['neutral', 'sad', 'happy'];

describe('parseAnswer', () => {
  it('splits a well-formed completion into reasoning and label', () => {
    const parsed = parseAnswer('<think>Pitch is low and falling; energy is low.</think><answer>sad</answer>', LABELS);
    expect(parsed).toEqual({ reasoning: 'Pitch is low and falling; energy is low.', label: 'sad', wellFormed: true, problems: [] });
  });

  it('ignores bos/eos markers and normalises the label’s case and spaces', () => {
    expect(parseAnswer('<bos><think>x</think><answer> Happy </answer><eos>', LABELS).label).toBe('happy');
  });

  it('reads a truncated answer but marks it malformed', () => {
    const parsed = parseAnswer('<think>rising pitch</think><answer>hap', LABELS);
    expect(parsed.wellFormed).toBe(false);
    expect(parsed.problems).toContain('missing </answer>');
  });

  it('flags a label outside the model’s set', () => {
    expect(parseAnswer('<think>x</think><answer>bored</answer>', LABELS).problems).toEqual([
      'answer "bored" is not one of the model\'s labels',
    ]);
  });

  it('flags missing reasoning, repeated tags and an answer before the reasoning ends', () => {
    expect(parseAnswer('<answer>sad</answer>', LABELS).problems).toEqual(['missing <think>', 'missing </think>', 'empty reasoning']);
    expect(parseAnswer('<think>a</think><think>b</think><answer>sad</answer>', LABELS).problems).toContain('<think> appears 2 times');
    expect(parseAnswer('<think>a<answer>sad</answer></think>', LABELS).problems).toContain('<answer> comes before </think>');
  });

  it('returns a null label for noise instead of throwing', () => {
    const parsed = parseAnswer('the the the', LABELS);
    expect(parsed.label).toBeNull();
    expect(parsed.wellFormed).toBe(false);
  });
});
