import { describe, expect, it } from 'vitest';
import { checkEvidence } from '../evidence/check-evidence';
import { summary } from '../testing/summaries';
import { CUE_NP, ENERGY_CLAUSE, FINAL_TAIL, PATTERN_CLAUSE, PITCH_CLAUSE, RANGE_TAIL, SPEED_CLAUSE } from './phrases';

const base = summary();
type Case = { phrase: string; attribute: string; truth: (value: string) => ReturnType<typeof summary> };
const withLevel = (key: 'pitch' | 'energy' | 'speed') => (value: string) => ({ ...base, levels: { ...base.levels, [key]: value } });
const withTon = (key: 'pattern' | 'rangeClass' | 'finalMovement') => (value: string) => ({
  ...base,
  intonation: { ...base.intonation, [key]: value },
});

function cases(table: Record<string, readonly string[]>, attribute: string, truth: Case['truth']): [string, string, Case][] {
  return Object.entries(table).flatMap(([value, phrases]) =>
    phrases.map((phrase): [string, string, Case] => [value, phrase, { phrase, attribute, truth }]),
  );
}

const all = [
  ...cases(PITCH_CLAUSE, 'pitch-level', withLevel('pitch')),
  ...cases(CUE_NP.pitch, 'pitch-level', withLevel('pitch')),
  ...cases(ENERGY_CLAUSE, 'energy-level', withLevel('energy')),
  ...cases(CUE_NP.energy, 'energy-level', withLevel('energy')),
  ...cases(SPEED_CLAUSE, 'speed-level', withLevel('speed')),
  ...cases(CUE_NP.speed, 'speed-level', withLevel('speed')),
  ...cases(RANGE_TAIL, 'pitch-range', withTon('rangeClass')),
  ...cases(CUE_NP.range, 'pitch-range', withTon('rangeClass')),
  ...cases(PATTERN_CLAUSE, 'intonation-pattern', withTon('pattern')),
  ...cases(CUE_NP.pattern, 'intonation-pattern', withTon('pattern')),
  ...cases(FINAL_TAIL, 'final-movement', withTon('finalMovement')),
  ...cases(CUE_NP.final, 'final-movement', withTon('finalMovement')),
];

describe('every builder phrase reads as exactly its cue', () => {
  it.each(all)('%s: "%s"', (value, phrase, c) => {
    const claims = checkEvidence(`${phrase}.`, c.truth(value) as never).claims;
    expect(claims.length).toBeGreaterThan(0);
    expect(claims.every((k) => k.attribute === c.attribute && k.verdict === 'verified')).toBe(true);
  });
});
