// MODEL_CARD.md for the default model, written from the training run's own measurements (report.json,
// recipe-report.ts) and, when given, the speaker-independent evaluation's JSON (main/ml/evaluation;
// `npm run eval -- --out FILE`) and the GRPO-PTR run's summary (grpo-stage.ts). The recipe writes it at
// the end of a run; scripts/train/model-card.ts rewrites a trained folder's card.
import { writeFileSync } from 'node:fs';
import type { EmotionReport, PerceptionReport } from './recipe-evaluation';
import type { RefreshSummary } from './refresh-stage';
import type { ModelFigures, WeightAverageSummary } from './weight-average';

/** What the card quotes of one training stage. */
export interface StageFacts {
  steps: number;
  lr: number;
  wallMinutes: number;
  medianStepMs: number;
  firstLoss?: number;
  lastLoss?: number;
  notes?: string;
}
/** The training run's report.json: what the recipe measured while it ran. */
export interface CardReport {
  createdAt: string;
  corpora: string[];
  train: number;
  validation: number;
  trainByCorpus: Record<string, number>;
  validationByCorpus: Record<string, number>;
  validationSpeakers: Record<string, string[]>;
  augmentedCopies: number;
  stage1: StageFacts & { drills: number };
  stage2: StageFacts & { records: number; traces: number; copyTraces: number; emotionDrills: number; prosodyDrills: number };
  perception: { before: PerceptionReport; afterStage1: PerceptionReport; afterStage2: PerceptionReport };
  emotionByCorpus: Record<string, EmotionReport>;
  totalMinutes: number;
}

const CORPUS_NAMES: Record<string, string> = { ravdess: 'RAVDESS (English)', nemo: 'nEMO (Polish)' };
const corpusName = (c: string) => CORPUS_NAMES[c] ?? c;

function confusionTable(e: EmotionReport): string {
  const labels = Object.keys(e.confusion);
  const predicted = [...new Set(labels.concat(...Object.values(e.confusion).map((row) => Object.keys(row))))];
  return [
    `| true \\ predicted | ${predicted.join(' | ')} |`,
    `|---|${predicted.map(() => '---').join('|')}|`,
    ...labels.map((l) => `| ${l} | ${predicted.map((p) => e.confusion[l]![p] ?? 0).join(' | ')} |`),
  ].join('\n');
}

const pct = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)} %`);

/** The parts of `npm run eval`'s JSON the card quotes. */
export interface EvalFacts {
  clips: { validation: number; analyzed: number };
  systems: {
    name: string;
    accuracy: number;
    accuracyCi95: { low: number; high: number };
    unweightedAverageRecall: number;
    expectedCalibrationError: number;
  }[];
  evidence: {
    claimsVerifiedShare: number;
    verified: number;
    contradicted: number;
    unverifiable: number;
    modelWritten?: { claimsVerifiedShare: number; verified: number; contradicted: number };
  };
  wellFormedShare: number;
  alternativeIsAnswerShare?: number;
  calibration: { fittedTemperature: number } | null;
  latency4s: { medianMs: number; p90Ms: number; cpus: number } | null;
  /** Per-corpus, leave-one-corpus-out, calibrated and invariance results (main/ml/evaluation); absent in older JSON. */
  corpora?: { name: string; classes: string[]; clips: { analyzed: number }; systems: CorpusSystem[] }[];
  leaveOneCorpusOut?: { trainCorpus: string; testCorpus: string; clips: number; systems: CorpusSystem[] }[];
  calibratedCondition?: { corpus: string; calibration: { clips: number }; systems: CorpusSystem[] }[] | null;
  invariance?: {
    clipsPerCorpus: number;
    target: number;
    rows: { corpus: string; transform: string; clips: number; answerUnchanged: Record<string, number>; levelsUnchanged: number }[];
  } | null;
}

type CorpusSystem = EvalFacts['systems'][number] & { clips: number; collapse?: { label: string | null; share: number } };

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

function evaluationSection(e: EvalFacts | undefined, manifest: Record<string, unknown>): string {
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

/** Where the model stands against the classic baselines, per corpus, in words (from the evaluation when given). */
function baselineLimitation(r: CardReport, e: EvalFacts | undefined): string {
  const budget = `Stage 2 ran ${r.stage2.steps} steps (${r.stage2.notes ?? 'see the recipe'}) on a 2-core machine shared with other work.`;
  const corpora = e?.corpora ?? [];
  if (corpora.length === 0) return `- ${budget} No speaker-independent evaluation is attached to this card yet.`;
  const lines = corpora
    .map((c) => {
      const model = c.systems.find((s) => s.name.startsWith('model') && !s.name.includes('cross-fitted'));
      const baselines = c.systems.filter((s) => !s.name.startsWith('model'));
      const best = baselines.reduce<CorpusSystem | undefined>((b, s) => (b === undefined || s.accuracy > b.accuracy ? s : b), undefined);
      if (!model || !best) return null;
      const verdict =
        Math.abs(model.accuracy - best.accuracy) < 1e-9 ? 'level with' : model.accuracy > best.accuracy ? 'ahead of' : 'behind';
      return `${corpusName(c.name)}: model ${pct(model.accuracy)}, ${verdict} the best classic baseline (${best.name} ${pct(best.accuracy)})`;
    })
    .filter((l): l is string => l !== null);
  const behind = lines.some((l) => l.includes('behind'));
  return `- **${behind ? 'Short of the targets, and behind a classic baseline on at least one corpus.' : 'Short of the targets.'}** ${budget} ${lines.join('; ')}.`;
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

/** Pooled accuracy over the corpora's held-out clips (clip-weighted). */
function pooledAccuracy(facts: EvalFacts): number | undefined {
  const models = (facts.corpora ?? []).map((c) => ({
    clips: c.clips.analyzed,
    model: c.systems.find((x) => x.name.startsWith('model') && !x.name.includes('cross-fitted')),
  }));
  const total = models.reduce((n, m) => n + (m.model ? m.clips : 0), 0);
  return total === 0 ? undefined : models.reduce((sum, m) => sum + (m.model ? m.model.accuracy * m.clips : 0), 0) / total;
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
function refreshSection(f: RefreshSummary | undefined): string {
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
function grpoSection(g: GrpoFacts | undefined, e: EvalFacts | undefined, afterRefresh = false): string {
  if (!g) return '';
  const { summary: s } = g;
  const modelOf = (facts: EvalFacts | undefined, corpus: string) =>
    facts?.corpora?.find((c) => c.name === corpus)?.systems.find((x) => x.name.startsWith('model') && !x.name.includes('cross-fitted'));
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
function averageSection(a: WeightAverageSummary | undefined, number: number): string {
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

/** Writes the card of a model folder to `file`. */
export function writeModelCard(
  file: string,
  r: CardReport,
  manifest: Record<string, unknown>,
  parts: { evaluation?: EvalFacts; grpo?: GrpoFacts; refresh?: RefreshSummary; average?: WeightAverageSummary } = {},
): void {
  const { evaluation, grpo, refresh, average } = parts;
  const weights = manifest.weights as { parameterCount: number; bytes: number };
  const attributes = Object.keys(r.perception.before.attributes);
  const perceptionRows = attributes.map((a) => {
    const row = (p: PerceptionReport) => pct(p.attributes[a]?.accuracy);
    return `| ${a} | ${r.perception.before.attributes[a]!.total} | ${pct(r.perception.before.attributes[a]!.chance)} | ${row(r.perception.before)} | ${row(r.perception.afterStage1)} | ${row(r.perception.afterStage2)} |`;
  });
  const stage = (s: StageFacts) =>
    `${s.steps} steps, lr ${s.lr}, median step ${s.medianStepMs.toFixed(0)} ms, ${s.wallMinutes.toFixed(1)} min, mean loss of the first 20 steps ${s.firstLoss?.toFixed(3) ?? '–'} → last 20 ${s.lastLoss?.toFixed(3) ?? '–'}${s.notes ? `. ${s.notes}` : ''}`;
  const text = `# EmotionReasoner default model

> **NON-COMMERCIAL USE ONLY.** This model was trained on RAVDESS and nEMO, both licensed
> CC BY-NC-SA 4.0. The model (weights and everything derived from them) inherits that licence:
> you may not use it for commercial purposes, and derivatives must be shared alike with attribution
> (Livingstone & Russo 2018, *PLoS ONE* 13(5): e0196391; Christop 2024, "nEMO: Dataset of Emotional
> Speech in Polish", LREC-COLING 2024).

Speech in, \`<think>reasoning</think><answer>emotion</answer>\` out. ${weights.parameterCount.toLocaleString('en')} parameters
(${(weights.bytes / 1e6).toFixed(1)} MB of float32 weights): an encoder over log-mel, frame prosody (log-F0,
voicing, intensity) and the clip's ${(manifest.features as { utteranceProsodyFields: string[] }).utteranceProsodyFields.length} channel-robust prosody functionals, and a transformer decoder with
cross-attention (\`small\` preset, 1,024-token BPE tokenizer). The decoder is prompted with the clip's
measured cues (\`measured: pitch low, range normal, intonation falling, …\`, built by the app's prosody
analysis), and the app writes the reasoning's opening cue sentences from the same measurements (the
trace grammar's wording, seeded by the measurements); the model continues with the interpretation —
arousal, valence, the cues that fit, the nearest alternative — and the conclusion and answer. So every
cue the opening states is right by construction, and the evaluation counts the claims in the part the
model wrote separately. It still has to infer the emotion from the audio and the cues.
This differs from the EmotionThinker paper, whose 7 B model hears
prosody itself: a 2 M-parameter model perceives levels at about 50 % (see the perception table). Trained on a 2-core CPU by
\`npm run train:default\`${refresh ? ', `npm run train:refresh`' : ''}${grpo ? ' and `npm run train:grpo`' : ''} in ${(r.totalMinutes + (refresh ? refresh.minutes + (grpo?.summary.wallMinutes ?? 0) : 0)).toFixed(0)} min in all${refresh ? ` (${r.totalMinutes.toFixed(0)} min for the model it refreshed, then ${(refresh.minutes + (grpo?.summary.wallMinutes ?? 0)).toFixed(0)} min for the refresh and its GRPO-PTR; each run fits a session, the whole exceeds the ~100 min asked for)` : ' (the ~100 min asked for is exceeded)'}, created ${r.createdAt}.

Labels: neutral, calm, happy, sad, angry, fearful, disgust, surprised (the union of the corpora's
label sets: nEMO has six of them, no calm and no disgust).

## Training data
Two corpora in two languages, validated speaker-independently in each (whole speakers held out):
${r.corpora.map((c) => `- **${corpusName(c)}**: ${r.trainByCorpus[c]} training clips; validation speakers ${(r.validationSpeakers[c] ?? []).join(', ')} (${r.validationByCorpus[c]} clips), never trained on.`).join('\n')}
- RAVDESS: 20 North-American English actors, 2 scripted sentences, 8 acted emotions; nEMO: 9 Polish
  actors, scripted sentences, 6 acted emotions. Both 16 kHz mono studio recordings.
- Reasoning traces: EmotionCoT records built by the app (\`npm run build:cot\`) from its own prosody
  analysis; levels are cut at each corpus' own tertiles (pitch per gender too).

## Inputs made not to carry the channel
- Log-mel normalised per clip (\`utterance-robust\`): values more than 60 dB below the clip's loud
  frames are raised to that floor (digital silence and a room's noise look alike), each bin's mean over
  the louder half of the frames is subtracted (gain and fixed colouring cancel), one spread scales it.
- The utterance vector leaves out the levels measured re the noise floor and adds vocal effort
  (spectral balance 1–3.4 kHz re 0.3–1 kHz of the louder voiced frames) and loudness re the clip's
  median; its z-scores use statistics pooled over both corpora (each weighted equally), or the user's
  own calibration where one is set. "Energy" levels are read from vocal effort, not from a level.

## Recipe
1. **Stage 1 — prosody-enhanced base** (${r.stage1.drills} drills): multiple-choice questions answered from the
   clip's prosody analysis — pitch / energy / speed level, intonation pattern, pitch range class, final
   movement, which third holds the strongest stress — and comparative pairs: the same excerpt twice,
   one copy pitch-shifted (±2–4 st), time-stretched (×0.75–0.8 or ×1.25–1.4) or attenuated (4–8 dB) with
   SoX, joined by a 0.3 s pause; the model says which version is higher / faster / louder.
   ${stage(r.stage1)}.
2. **Stage 2 — CoT SFT** (${r.stage2.records} records): ${r.stage2.traces} EmotionCoT traces after the measured-cue
   prompt, ${r.stage2.copyTraces} of them of augmented copies that sound like other recordings — a random chain
   of SoX reverb, white or babble noise (mixed from other training speakers) at 5–30 dB SNR, microphone
   EQ and high-pass, −12…+6 dB gain, telephone band (via 8 kHz), Opus 12–32 or MP3 32–64 kbit/s, and
   ±0.5 st / ±6 % tempo — each measured again, so its prompt and trace say what the app measures on it;
   ${r.stage2.emotionDrills} emotion drills (prompt + "which emotion?" → \`<answer>label</answer>\`, label token
   weighted ×50), balanced so that each corpus gives the same number and, inside a corpus, each label;
   and ${r.stage2.prosodyDrills} kept stage-1 drills.
   ${stage(r.stage2)}.${refreshSection(refresh)}${grpoSection(grpo, evaluation, refresh !== undefined)}${averageSection(average, 3 + (refresh ? 1 : 0) + (grpo ? 1 : 0))}

## Measured on the validation speakers at the end of training (a sample; the evaluation below is the full measure)
Greedy generation of the whole output, without retries or the app-written cue opening; the label is the \`<answer>\`.

| corpus | clips | accuracy | UAR | well-formed outputs | mean tokens | mean generation time |
|---|---|---|---|---|---|---|
${r.corpora
  .map((c) => {
    const e = r.emotionByCorpus[c]!;
    return `| ${corpusName(c)} | ${e.clips} | ${pct(e.accuracy)} | ${pct(e.uar)} | ${pct(e.wellFormed)} | ${e.meanTokens.toFixed(0)} | ${e.meanMs.toFixed(0)} ms |`;
  })
  .join('\n')}

${r.corpora
  .map(
    (c) =>
      `**${corpusName(c)}** — per-class recall: ${Object.entries(r.emotionByCorpus[c]!.recall)
        .map(([l, v]) => `${l} ${pct(v)}`)
        .join(', ')}.\n\n${confusionTable(r.emotionByCorpus[c]!)}`,
  )
  .join('\n\n')}

### Prosody perception (validation speakers; option the decoder rates highest after \`<answer>\`)
| attribute | drills | chance | before stage 1 | after stage 1 | after stage 2 |
|---|---|---|---|---|---|
${perceptionRows.join('\n')}
| **mean** | | | ${pct(r.perception.before.meanAccuracy)} | ${pct(r.perception.afterStage1.meanAccuracy)} | ${pct(r.perception.afterStage2.meanAccuracy)} |

"Before stage 1" is the randomly initialised model, so it sits near chance; the paper's 25–30 % is a
pretrained speech LLM before its prosody stage. Drill answers come from the app's prosody engine, so
these figures measure agreement with that engine, not with human listeners.
${evaluationSection(evaluation, manifest)}
## Limitations
- Acted, studio-quality speech from 29 actors in two languages, scripted sentences; augmentation
  imitates other rooms, microphones and channels, but expect lower accuracy on spontaneous speech,
  other languages and real recording conditions than on these validation speakers.
- 8 labels; "calm" and "disgust" are learned from RAVDESS alone; "calm" and "neutral" are close by design.
- Validated on 4 + 2 speakers: the confidence interval on accuracy is about ±6 points per corpus.
  The same speakers chose the answer temperature, so the figures are somewhat optimistic.
- The reasoning is learned from template traces built by the app's own prosody analysis: it can
  cite a cue the audio does not show; the app's evidence checker verifies claims against measurements.
${baselineLimitation(r, evaluation)}
- Not a clinical or forensic instrument. Non-commercial use only (see the top of this card).
`;
  writeFileSync(file, text);
}
