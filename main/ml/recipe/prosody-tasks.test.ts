// Stage-1 drills read their answers from the prosody engine's analysis: generated signals with a
// known contour and stress must produce the answers a listener would give.
import { describe, expect, it } from 'vitest';
import { summarise } from '../../data';
import { analyzeProsody } from '../../prosody';
import { synthesize, syllableTrain } from '../../prosody/testing/signals';
import { ALL_TASK_OPTIONS, makeTask, singleClipTasks, stressThird, taskTexts, type ProsodyAttribute } from './prosody-tasks';

// Six 180 ms syllables with 70 ms gaps from 0.3 s: a phrase of about 1.5 s.
const phrase = (f0: (i: number, t: number) => number, amplitude?: (i: number) => number) => {
  const spans = syllableTrain(6, 0.3, 0.18, 0.07, f0).map((span, i) => ({
    ...span,
    amplitude: (t: number) => (amplitude?.(i) ?? 1) * Math.sin((Math.PI * t) / 0.18) ** 0.5,
  }));
  return summarise(analyzeProsody(synthesize(2.2, spans, 0.002)));
};
const answers = (summary: ReturnType<typeof phrase>) =>
  Object.fromEntries(singleClipTasks(summary).map((t) => [t.attribute, t.answer])) as Partial<Record<ProsodyAttribute, string>>;

describe('single-clip prosody drills', () => {
  it('call a steady up-glide rising, overall and at the end', () => {
    // 140 → 260 Hz across the phrase (≈ 10.7 st), gliding within each syllable too.
    const got = answers(phrase((i, t) => 140 * 2 ** ((10.7 * (i * 0.25 + t)) / 1.5 / 12)));
    expect(got.intonation).toBe('rising');
    expect(got['final-movement']).toBe('rising');
    expect(got.range).toBe('expressive');
  });

  it('call a steady down-glide falling', () => {
    const got = answers(phrase((i, t) => 260 * 2 ** ((-10.7 * (i * 0.25 + t)) / 1.5 / 12)));
    expect(got.intonation).toBe('falling');
    expect(got['final-movement']).toBe('falling');
  });

  it('call a monotone phrase flat in range', () => {
    expect(answers(phrase(() => 180)).range).toBe('flat');
  });

  it('locate the stress in the last third when the last syllable is louder and higher', () => {
    const summary = phrase(
      (i) => (i === 5 ? 240 : 170),
      (i) => (i === 5 ? 1 : 0.3),
    );
    expect(stressThird(summary)).toBe('end');
    expect(answers(summary)['stress-position']).toBe('end');
  });

  it('locate the stress at the beginning when the first syllable stands out', () => {
    expect(
      stressThird(
        phrase(
          (i) => (i === 0 ? 240 : 170),
          (i) => (i === 0 ? 1 : 0.3),
        ),
      ),
    ).toBe('beginning');
  });

  it('ask every question with its options named in the prompt, and answer with one of them', () => {
    const tasks = singleClipTasks(phrase((i, t) => 150 + 40 * t + 5 * i));
    expect(tasks.map((t) => t.attribute)).toEqual(
      expect.arrayContaining(['pitch-level', 'energy-level', 'speed-level', 'intonation', 'range', 'final-movement']),
    );
    for (const task of tasks) {
      expect(task.options).toContain(task.answer);
      for (const option of task.options) expect(task.prompt).toContain(option);
    }
  });

  it('refuse an answer that is not an option', () => {
    expect(() => makeTask('range', 'wide')).toThrow(/not an option of the range task/);
  });

  it('give the tokenizer every option word and every prompt', () => {
    expect(ALL_TASK_OPTIONS).toEqual(expect.arrayContaining(['rising', 'rise-fall', 'first', 'second', 'beginning']));
    expect(taskTexts().some((t) => t.includes('<answer>louder</answer>'))).toBe(false);
    expect(taskTexts()).toContain('Prosody: Is the pitch range flat, normal or expressive? <answer>flat</answer>');
  });
});
