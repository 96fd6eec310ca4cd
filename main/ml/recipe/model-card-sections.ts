// The sections of MODEL_CARD.md that depend on what was run after stage 2 — the evaluation's tables,
// the refresh, GRPO-PTR and the weight-space average — each written from its own summary file or the
// evaluation's JSON (model-card.ts puts them in place).
import type { RefreshSummary } from './refresh-stage';
import { isModelRow, pooledAccuracy, type CorpusSystem, type EvalFacts } from './eval-facts';
import type { ModelFigures, WeightAverageSummary } from './weight-average';

const CORPUS_NAMES: Record<string, string> = { ravdess: 'RAVDESS (English)', nemo: 'nEMO (Polish)' };
export const corpusName = (c: string) => CORPUS_NAMES[c] ?? c;

export const pct = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)} %`);

/** The generalisation tables of issue 11: each corpus, each corpus left out, calibrated, invariance. */
function generalisationSection(e: EvalFacts): string {
  const row = (set: string, clips: number, s: CorpusSystem) =>
    `| ${set} | ${clips} | ${s.name} | ${pct(s.accuracy)} (${pct(s.accuracyCi95.low)}–${pct(s.accuracyCi95.high)}) | ${pct(s.unweightedAverageRecall)} | ${s.collapse ? `${s.collapse.label ?? 'none'} ${pct(s.collapse.share)}` : '–'} |`;
  const rows = [
    ...(e.corpora ?? []).flatMap((c) =>
      c.systems.map((s) => row(`${c.name} validation (${c.classes.length} classes)`, c.clips.analyzed, s)),
    ),
    ...(e.leaveOneCorpusOut ?? []).flatMap((l) =>
      l.systems.map((s) => row(`${l.testCorpus}, baselines trained on ${l.trainCorpus} only`, l.clips, s)),
    ),
    ...(e.calibratedCondition ?? []).flatMap((c) =>
      c.systems.map((s) => row(`${c.corpus}, calibrated on its ${c.calibration.clips} validation clips`, s.clips, s)),
    ),
  ];
  const inv = e.invariance?.rows.filter((r) => r.corpus !== 'all') ?? [];
  return `${
    rows.length
      ? `
### Per corpus (speaker-independent; UAR over each corpus's own classes; an answer outside them is wrong)
| evaluation set | clips | system | accuracy (95 % CI) | UAR | most frequent answer |
|---|---|---|---|---|---|
${rows.join('\n')}
`
      : ''
  }${
    inv.length
      ? `
### Invariance to the recording channel (${e.invariance!.clipsPerCorpus} validation clips per corpus; target ≥ ${pct(e.invariance!.target)})
| corpus | transform | clips | answer unchanged | levels unchanged |
|---|---|---|---|---|
${inv.map((r) => `| ${r.corpus} | ${r.transform} | ${r.clips} | ${pct(r.answerUnchanged.model)} | ${pct(r.levelsUnchanged)} |`).join('\n')}
`
      : ''
  }`;
}

export function evaluationSection(e: EvalFacts | undefined, manifest: Record<string, unknown>): string {
  if (!e) return '';
  const rows = e.systems.map(
    (s) =>
      `| ${s.name} | ${pct(s.accuracy)} (${pct(s.accuracyCi95.low)}–${pct(s.accuracyCi95.high)}) | ${pct(s.unweightedAverageRecall)} | ${s.expectedCalibrationError.toFixed(3)} |`,
  );
  const latency = e.latency4s
    ? `Analyze + explain of a 4 s clip: median ${e.latency4s.medianMs.toFixed(0)} ms, p90 ${e.latency4s.p90Ms.toFixed(0)} ms on ${e.latency4s.cpus} CPUs.`
    : '';
  return `
## Evaluation through the app's analyze pipeline (\`npm run eval -- --data ../shared/data/ravdess --data ../shared/data/nemo --invariance 8\`)
${e.clips.analyzed} validation clips of both corpora, the same path as the app (decode → prosody → measured-cue prompt → model → evidence check).
Baselines are trained on the functionals of the training speakers in the same run.

| system | accuracy (95 % CI) | UAR | ECE |
|---|---|---|---|
${rows.join('\n')}

- Claims in the reasoning verified against the measurements: ${pct(e.evidence.claimsVerifiedShare)} (${e.evidence.verified} verified, ${e.evidence.contradicted} contradicted, ${e.evidence.unverifiable} unverifiable)${e.evidence.modelWritten ? `; in the part the model wrote: ${pct(e.evidence.modelWritten.claimsVerifiedShare)} (${e.evidence.modelWritten.verified} verified, ${e.evidence.modelWritten.contradicted} contradicted)` : ''}.
- Well-formed answers (after retries): ${pct(e.wellFormedShare)}.${e.alternativeIsAnswerShare !== undefined ? ` In ${pct(e.alternativeIsAnswerShare)} of the answered clips the reasoning names the answer itself as its "nearest alternative" (an incoherent sentence the app does not flag yet).` : ''}
- Answer temperature in the manifest: ${String(manifest.answerTemperature ?? 1)}${e.calibration ? ` (fitted on the validation clips: ${e.calibration.fittedTemperature.toFixed(3)}; the "T cross-fitted" row tempers each speaker with a fit on the other validation speakers of its corpus, so its ECE is measured on clips the fit never saw; the first row uses the manifest's temperature, fitted on these same clips)` : ''}.
- ${latency}
${generalisationSection(e)}`;
}

/** What `npm run train:grpo` wrote (grpo-summary.json) and the SFT model's evaluation it is compared with. */
export interface GrpoFacts {
  summary: {
    ablation: string;
    steps: number;
    lr?: number;
    wallMinutes: number;
    switchedOnAtStep: number | null;
    medianStepS: number;
    rolloutTokensPerS: number;
    firstSteps: { reward: number; accuracy: number };
    lastSteps: { reward: number; accuracy: number };
    settings: {
      clipsPerStep: number;
      groupSize: number;
      maxTokens: number;
      beta: number;
      clipEpsilon: number;
      scorer: string;
      rewards: { weights: Record<string, number>; schedule: { threshold: number; windowSteps: number } };
    };
  };
  sftEvaluation?: EvalFacts & { alternativeIsAnswerShare?: number };
}

/** Why this model is (or would not be) the default, read off the two evaluations (issue 12's rule). */
function promotionSentence(sft: EvalFacts, grpo: EvalFacts): string {
  const [a0, a1] = [pooledAccuracy(sft), pooledAccuracy(grpo)];
  const [v0, v1] = [sft.evidence.modelWritten?.claimsVerifiedShare, grpo.evidence.modelWritten?.claimsVerifiedShare];
  if (a0 === undefined || a1 === undefined || v0 === undefined || v1 === undefined)
    return 'The two evaluations do not both report pooled accuracy and verified claims, so the rule cannot be read off them.';
  const points = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)} points`;
  const ahead = a1 > a0 && v1 > v0;
  return `${ahead ? 'It is the default because it is ahead' : "By issue 12's rule it should not be the default: it is not ahead"} of the SFT model on pooled validation accuracy (${points(a1 - a0)}) and on verified model-written claims (${points(v1 - v0)})${ahead ? '; the same validation speakers made that choice, so the gap is optimistic.' : '.'}`;
}

/** The refresh (refresh-summary.json): stage 2 continued on data measured by the app as it is now. */
export function refreshSection(f: RefreshSummary | undefined): string {
  if (!f) return '';
  const validation = Object.entries(f.validation)
    .map(([c, v]) => `${corpusName(c)} ${pct(v.accuracy)} (UAR ${pct(v.uar)})`)
    .join(', ');
  return `
3. **Refreshed on the current measure** (\`npm run train:refresh\`, from ${f.source.id}@${f.source.version}${f.sourceStages.length ? ` — ${f.sourceStages.map((st) => st.split(':')[0]).join(' → ')}` : ''}): the
   analysis the model reads changed after the steps above were trained (jitter, shimmer and HNR measured
   as Praat measures them; speech must rise within 18 dB of the clip's loudest part, so other talkers in
   the room are not speech, and pitch is read from voiced frames inside speech), so stage 2's mix
   was built again by the same steps — ${f.traces} EmotionCoT traces (${f.copyTraces} of new augmented copies),
   ${f.emotionDrills} balanced emotion drills, ${f.prosodyDrills} kept prosody drills — every clip measured by the
   app as it is now${f.restatedFields.length ? ` (z-scoring statistics re-stated for ${f.restatedFields.join(', ')})` : ''}, and training
   continued on it: ${f.steps} of ${f.plannedSteps} steps, lr ${f.lr} decaying to 10 %, median step ${f.medianStepMs.toFixed(0)} ms,
   ${f.minutes.toFixed(1)} min, mean loss of the first 20 steps ${f.firstLoss.toFixed(3)} → last 20 ${f.lastLoss.toFixed(3)}.
   Held-out speakers after it (greedy, whole output): ${validation}.`;
}

/** Stage 3, and the SFT model against the GRPO-PTR one on the same held-out clips. */
export function grpoSection(g: GrpoFacts | undefined, e: EvalFacts | undefined, afterRefresh = false): string {
  if (!g) return '';
  const { summary: s } = g;
  const modelOf = (facts: EvalFacts | undefined, corpus: string) =>
    facts?.corpora?.find((c) => c.name === corpus)?.systems.find(isModelRow);
  const corpora = e?.corpora?.map((c) => c.name) ?? [];
  const rows =
    g.sftEvaluation && e
      ? [
          ...corpora.map(
            (c) =>
              `| ${corpusName(c)} accuracy (UAR) | ${pct(modelOf(g.sftEvaluation, c)?.accuracy)} (${pct(modelOf(g.sftEvaluation, c)?.unweightedAverageRecall)}) | ${pct(modelOf(e, c)?.accuracy)} (${pct(modelOf(e, c)?.unweightedAverageRecall)}) |`,
          ),
          `| claims verified in the part the model wrote | ${pct(g.sftEvaluation.evidence.modelWritten?.claimsVerifiedShare)} | ${pct(e.evidence.modelWritten?.claimsVerifiedShare)} |`,
          `| answers named as their own "nearest alternative" | ${pct(g.sftEvaluation.alternativeIsAnswerShare)} | ${pct(e.alternativeIsAnswerShare)} |`,
        ]
      : [];
  return `
${afterRefresh ? '4' : '3'}. **Stage 3 — GRPO-PTR**${afterRefresh ? ' on the refreshed model' : ''} (\`npm run train:grpo\`, ablation \`${s.ablation}\`): ${s.steps} steps of ${s.settings.clipsPerStep} training clips × K = ${s.settings.groupSize}
   completions (temperature 1, at most ${s.settings.maxTokens} tokens after the app-written cue opening), rewards
   ${Object.entries(s.settings.rewards.weights)
     .map(([k, w]) => `${w}·${k}`)
     .join(' + ')} (reasoning × τ), R_reason switched on at step
   ${s.switchedOnAtStep ?? '–'} (rolling outcome accuracy ≥ ${pct(s.settings.rewards.schedule.threshold)} over ${s.settings.rewards.schedule.windowSteps} steps), KL β ${s.settings.beta} to the SFT
   model, clip ε ${s.settings.clipEpsilon}${s.lr !== undefined ? `, lr ${s.lr}` : ''}; ${s.wallMinutes.toFixed(0)} min, median ${s.medianStepS.toFixed(1)} s/step, rollouts ${s.rolloutTokensPerS.toFixed(0)} tokens/s.
   ${
     s.settings.scorer === 'reward-model'
       ? "R_reason's four scores come from the trained reasoning reward model (`resources/reward-models/default`, its own card gives the held-out agreement per criterion)."
       : '**R_reason\'s four scores come from the app\'s evidence checker (`evidence-checker`), not from the trained reasoning reward model** (the "checker" ablation).'
   } Mean reward of the first steps ${s.firstSteps.reward.toFixed(2)} → last
   ${s.lastSteps.reward.toFixed(2)}; training-clip outcome accuracy ${pct(s.firstSteps.accuracy)} → ${pct(s.lastSteps.accuracy)}.
${
  rows.length
    ? `
   | held-out speakers | ${afterRefresh ? 'after the refresh (SFT)' : 'after stage 2 (SFT, 2.1)'} | after stage 3 (GRPO-PTR, this model) |
   |---|---|---|
${rows.map((r) => `   ${r}`).join('\n')}

   ${promotionSentence(g.sftEvaluation!, e!)}
`
    : ''
}`;
}

/** The weight-space average (weight-average.json) and the evaluations that decided it, side by side. */
export function averageSection(a: WeightAverageSummary | undefined, number: number): string {
  if (!a) return '';
  const columns: [string, ModelFigures | undefined][] = [
    [`${a.anchor.id}@${a.anchor.version} (α = 0)`, a.compared?.anchor],
    [`step ${number - 1} (α = 1)`, a.compared?.tuned],
    [`this model (α = ${a.alpha})`, a.compared?.average],
  ];
  const shown = columns.filter(([, f]) => f !== undefined) as [string, ModelFigures][];
  const corpora = [...new Set(shown.flatMap(([, f]) => Object.keys(f.corpora)))];
  const transforms = [...new Set(shown.flatMap(([, f]) => Object.keys(f.answerUnchanged)))];
  const row = (name: string, cell: (f: ModelFigures) => string) => `   | ${name} | ${shown.map(([, f]) => cell(f)).join(' | ')} |`;
  const table = shown.length
    ? `

   | held-out speakers (\`npm run eval\`, the same clips and code) | ${shown.map(([n]) => n).join(' | ')} |
   |---|${shown.map(() => '---').join('|')}|
${[
  ...corpora.map((c) =>
    row(`${corpusName(c)} accuracy (UAR)`, (f) => (f.corpora[c] ? `${pct(f.corpora[c].accuracy)} (${pct(f.corpora[c].uar)})` : '–')),
  ),
  row('pooled accuracy (UAR)', (f) => `${pct(f.pooledAccuracy)} (${pct(f.pooledUar)})`),
  row('claims verified in the part the model wrote', (f) => pct(f.claimsVerifiedShare ?? undefined)),
  ...transforms.map((t) => row(`answer unchanged under ${t}`, (f) => pct(f.answerUnchanged[t]))),
].join('\n')}`
    : '';
  return `
${number}. **Weight-space average** (\`npm run train:average\`; WiSE-FT, Wortsman et al. 2022): the weights are
   (1 − α)·those of ${a.anchor.id}@${a.anchor.version}${a.anchor.stages.length ? ` (${a.anchor.stages.join(' → ')})` : ''} + α·those after step ${number - 1}, α = ${a.alpha},
   every parameter alike (${a.parameters.toLocaleString('en')}; the continuation had moved them by ${a.rmsDifference.toExponential(2)} rms, at most ${a.maxDifference.toFixed(3)}).
   A model and its own continuation lie in one basin, so their average is a model too; it keeps part of
   what the continuation forgot while moving towards the current measure. α was fixed before any
   evaluation, not tuned on the validation speakers.${table}`;
}
