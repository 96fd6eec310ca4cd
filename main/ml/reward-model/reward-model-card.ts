// The reasoning reward model's card (MODEL_CARD.md in its folder): what it scores, what it was
// trained on — clinicians' ratings counted — how well it agrees with held-out targets, and whether it
// pays for length or repetition on their own.
import { REASONING_CRITERIA } from '../../../shared/types/grpo';
import { CORRUPTIONS, TARGET_CRITERION } from './corruptions';
import { PROSODY_VECTOR_DIMS } from './prosody-vector';
import type { RewardTrainingResult } from './train-reward-model';

const CRITERION_NAMES: Record<(typeof REASONING_CRITERIA)[number], string> = {
  factualAlignment: 'Factual alignment',
  interpretativeQuality: 'Interpretative quality',
  captionCompleteness: 'Caption completeness',
  fluencyStructure: 'Fluency & structure',
};

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

export function rewardModelCard(result: RewardTrainingResult, sources: readonly string[], licence: string, command: string): string {
  const rows = REASONING_CRITERIA.map((c) => {
    const a = result.agreement[c];
    return `| ${CRITERION_NAMES[c]} | ${a.spearman.toFixed(3)} | ${pct(a.exact)} | ${pct(a.withinOne)} | ${a.mae.toFixed(2)} |`;
  });
  const p = result.probes;
  return `# Reasoning reward model

Scores the reasoning of a completion (\`<think>…</think><answer>…</answer>\`) against the clip's measured
prosody on EmotionThinker's four criteria, each 1–5: factual alignment, interpretative quality, caption
completeness, fluency & structure. GRPO-PTR uses it for R_reason (\`scorer: reward-model\`); the
"checker" ablation uses the evidence checker instead.

**Licence: ${licence}.** Its training traces are derived from ${sources.join(' and ')}, whose licences
restrict use to non-commercial purposes and require share-alike.

## Architecture
A 3-layer transformer over the completion's tokens (the default speech model's tokenizer), bidirectional,
cross-attending to 8 memory slots projected from a ${PROSODY_VECTOR_DIMS}-value prosody vector (the clip's z-scored
functionals, pitch/energy/speed levels, range, contour and final movement, pause count and share, stress and
pause timelines); mean-pooled, 4 outputs 1 + 4·sigmoid. ${result.metrics.steps} AdamW steps through the app's
own training runtime (\`train_rrm.onnx\`), ${result.minutes.toFixed(0)} min on this 2-core machine.

## Training data
- **Controlled corruptions of EmotionCoT traces with known effects** (${result.trainExamples} training
  examples): contradicted prosodic facts (a level or contour word swapped for its opposite) → lower factual
  alignment; cues linked to an emotion of the other arousal, an answer that is not the conclusion, or the
  answer named as its own alternative → lower interpretative quality; dropped cue sentences → lower
  completeness; shuffled, repeated, padded, truncated or self-contradicting sentences → lower fluency.
- **The evidence checker's verdicts** on every (corrupted) text: completeness counts the caption attributes
  it verifies; factual alignment loses two points per false fact (its contradicted claims or the known swaps).
- **Clinicians' ratings from the app's reviews: ${result.clinicianRatings}.** The training reads every review
  whose explanation a clinician rated (per criterion; unrated criteria are masked out of the loss)${result.clinicianRatings === 0 ? '. None were available for this build.' : '.'}

## Agreement with held-out targets
Speakers of the corpora's validation and test splits, never read in training (${result.heldOutExamples} examples):

| criterion | Spearman ρ | exact | ±1 | mean abs. error |
|---|---|---|---|---|
${rows.join('\n')}

## Does it reward length or repetition on their own?
On ${p.n} held-out clean traces (mean of the four scores):
- every sentence said twice: ${p.repetitionPenalty >= 0 ? 'lower' : 'HIGHER'} by ${Math.abs(p.repetitionPenalty).toFixed(2)} points;
- filler sentences added: ${p.paddingPenalty >= 0 ? 'lower' : 'HIGHER'} by ${Math.abs(p.paddingPenalty).toFixed(2)} points;
- answer swapped to another label: lower by ${p.answerMismatchPenalty.toFixed(2)} points;
- rank correlation of the score with token length: ρ = ${p.lengthCorrelation.toFixed(3)}.

## What it notices
Each corruption applied to the held-out clean traces it fits; the criterion it is meant to lower,
clean → corrupted (mean score), and the change of the mean of all four:

| corruption | n | criterion it targets | clean → corrupted | mean of four |
|---|---|---|---|---|
${CORRUPTIONS.filter((name) => p.byCorruption[name])
  .map((name) => {
    const b = p.byCorruption[name];
    const c = TARGET_CRITERION[name];
    const mean = (s: Record<string, number>) => REASONING_CRITERIA.reduce((sum, k) => sum + s[k]!, 0) / 4;
    const drop = b.clean[c] - b.corrupted[c];
    return `| ${name} | ${b.n} | ${CRITERION_NAMES[c]} | ${b.clean[c].toFixed(2)} → ${b.corrupted[c].toFixed(2)}${drop < 0.25 ? ' (**not noticed**)' : ''} | ${(mean(b.corrupted) - mean(b.clean)).toFixed(2)} |`;
  })
  .join('\n')}

## Limits
The targets are rules over the app's own trace grammar and the evidence checker, not human judgement: the
model learns what those rules reward, and on free wording it has never seen it can be wrong. Trained from
scratch on ${result.trainExamples.toLocaleString('en')} examples, it learns the surface damages (order, repetition, truncation, missing cues,
a "however" that reverses a cue) far better than the ones that need the text compared with the measurement or
the answer with the conclusion (rows marked "not noticed" above): as GRPO-PTR's R_reason it rewards structure
and completeness more than factual correctness, which the evidence checker measures directly. Clinicians'
ratings are the way past that; the count above says how many went in.

Reproduce: \`${command}\`
`;
}
