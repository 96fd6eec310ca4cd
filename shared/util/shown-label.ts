// Whether an explanation's label may be shown as an emotion judgement, in one place for every view
// that shows it (the Analyze headline, the explanation panel): never for a test model, a malformed
// generation, an input the model cannot judge, or an empty label.
import type { Explanation } from '../types/analysis-view';

export type ShownLabel =
  | { kind: 'label'; label: string; probability: number | null }
  | { kind: 'none'; why: 'test-model' | 'malformed' | 'cannot-judge' | 'no-label' };

export function shownLabel(explanation: Explanation): ShownLabel {
  if (explanation.testModel) return { kind: 'none', why: 'test-model' };
  if (explanation.wellFormed === false) return { kind: 'none', why: 'malformed' };
  if (explanation.inputQuality && !explanation.inputQuality.judgeable) return { kind: 'none', why: 'cannot-judge' };
  if (!explanation.label) return { kind: 'none', why: 'no-label' };
  return { kind: 'label', label: explanation.label, probability: explanation.probabilities[explanation.label] ?? null };
}
