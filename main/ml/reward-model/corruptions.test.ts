// Each corruption damages what its criterion judges and leaves the others alone — the property the
// reward model's training data rests on.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../shared/util/random';
import { computeCueProfile } from '../../data/cot/cue-profile';
import { buildTrace } from '../../data/cot/trace-grammar';
import { summary } from '../../data/testing/summaries';
import { concludedLabel } from '../../data/evidence/conclusion';
import { clean, corrupt, splitSentences, type CorruptionName } from './corruptions';
import { targetScores } from './targets';

const LABELS = ['neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust', 'surprised'];
const clips = [
  { label: 'sad', summary: summary({ pitch: 'low', energy: 'low', speed: 'slow' }) },
  { label: 'angry', summary: summary({ pitch: 'high', energy: 'high', speed: 'fast' }) },
  { label: 'neutral', summary: summary() },
  { label: 'happy', summary: summary({ pitch: 'high', energy: 'normal', speed: 'normal' }) },
];
const ctx = { profile: computeCueProfile(clips), voiceQualityNorms: null };
const sad = clips[0]!;

function trace(seed: number) {
  return clean(buildTrace(seededRandom(`trace${seed}`), sad.summary, 'sad', ctx), 'sad');
}

function applied(name: CorruptionName, seed = 1) {
  for (let s = seed; s < seed + 40; s++) {
    const base = trace(s);
    const out = corrupt(seededRandom(`${name}${s}`), base, name, LABELS);
    if (out) return { base, out, before: targetScores(base, sad.summary), after: targetScores(out, sad.summary) };
  }
  throw new Error(`${name} never applied`);
}

describe('reward-model corruptions', () => {
  it('scores a clean trace high on every criterion', () => {
    const t = targetScores(trace(1), sad.summary);
    expect(t.factualAlignment).toBe(5);
    expect(t.interpretativeQuality).toBe(5);
    expect(t.captionCompleteness).toBeGreaterThanOrEqual(4);
    expect(t.fluencyStructure).toBe(5);
  });

  it('contradicted facts cost factual alignment only', () => {
    const { before, after, out } = applied('contradicted-facts');
    expect(after.factualAlignment).toBeLessThanOrEqual(3);
    expect(out.factualErrors).toBeGreaterThan(0);
    expect(after.interpretativeQuality).toBe(before.interpretativeQuality);
    expect(after.fluencyStructure).toBe(before.fluencyStructure);
  });

  it('a contrary link moves the answer to an emotion of the other arousal and costs interpretation', () => {
    const { out, after, before } = applied('contrary-link');
    expect(['angry', 'happy', 'fearful', 'surprised']).toContain(out.answer);
    expect(concludedLabel(out.reasoning, LABELS)).toBe(out.answer);
    expect(after.interpretativeQuality).toBeLessThanOrEqual(2);
    expect(after.factualAlignment).toBe(before.factualAlignment);
  });

  it('an answer that is not the conclusion, or an alternative that is the answer, costs interpretation', () => {
    expect(applied('answer-mismatch').after.interpretativeQuality).toBe(1);
    const alt = applied('alternative-is-answer');
    expect(alt.after.interpretativeQuality).toBe(2);
    expect(alt.out.reasoning).not.toBe(alt.base.reasoning);
  });

  it('dropped cues cost completeness as the checker measures it', () => {
    const { before, after, out, base } = applied('dropped-cues');
    expect(splitSentences(out.reasoning).length).toBeLessThan(splitSentences(base.reasoning).length);
    expect(after.captionCompleteness).toBeLessThan(before.captionCompleteness);
    expect(after.fluencyStructure).toBe(5);
  });

  it('shuffled, repeated, padded, truncated and self-contradicting texts cost fluency', () => {
    const shuffledOut = applied('shuffled');
    expect([...splitSentences(shuffledOut.out.reasoning)].sort()).toEqual([...splitSentences(shuffledOut.base.reasoning)].sort());
    expect(shuffledOut.after.fluencyStructure).toBe(2.5);
    const repeated = applied('repeated');
    expect(new Set(splitSentences(repeated.out.reasoning)).size).toBe(new Set(splitSentences(repeated.base.reasoning)).size);
    expect(repeated.after.fluencyStructure).toBeLessThan(5);
    expect(repeated.after.factualAlignment).toBe(repeated.before.factualAlignment);
    const padded = applied('padded');
    expect(padded.out.reasoning.length).toBeGreaterThan(padded.base.reasoning.length);
    expect(padded.after.fluencyStructure).toBe(3.5);
    const truncated = applied('truncated');
    expect(truncated.out.reasoning.length).toBeLessThan(truncated.base.reasoning.length);
    expect(truncated.after.fluencyStructure).toBe(2);
    const contradiction = applied('self-contradiction');
    expect(contradiction.out.reasoning).toMatch(/However, /);
    expect(contradiction.after.fluencyStructure).toBe(2);
    expect(contradiction.after.factualAlignment).toBeLessThanOrEqual(3);
  });

  it('stacks corruptions and keeps every target in 1..5', () => {
    let c = trace(3);
    for (const name of ['padded', 'contradicted-facts', 'answer-mismatch', 'repeated'] as const)
      c = corrupt(seededRandom(name), c, name, LABELS) ?? c;
    expect(c.applied.length).toBeGreaterThanOrEqual(3);
    for (const v of Object.values(targetScores(c, sad.summary))) {
      expect(v).toBeGreaterThanOrEqual(1);
      expect(v).toBeLessThanOrEqual(5);
    }
  });
});
