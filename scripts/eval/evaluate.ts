// npm run eval -- --data DIR [--model DIR] [--speakers 17,18,19,20] [--out FILE]
// Speaker-independent evaluation of an emotion model against classic baselines on the same clips:
// the model runs through the analyse pipeline on the validation speakers; logistic regression and
// an MLP are trained on the eGeMAPS-like functionals of the other speakers and tested on the same
// validation clips. Prints a table and writes everything (per clip too) as JSON.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ProsodySummary } from '../../shared/types/dataset';
import type { VoiceQuality } from '../../shared/types/prosody';
import { computeVoiceQualityNorms } from '../../main/data';
import { alternativeLabel, CONCLUSION_MISMATCH_PREFIX } from '../../main/data/evidence/conclusion';
import { trainFunctionalBaselines } from '../../main/ml/baseline';
import { analyzeClip, errorCode, errorMessage, modelFor, resolveModelDir, sharedModelSessions } from '../../main/ml/pipeline';
import { pairedBootstrapDifference, percentile } from '../../main/ml/pipeline/evaluation/metrics';
import { crossFitTemperatures, fitTemperature } from '../../main/ml/pipeline/evaluation/temperature';
import { temperProbabilities } from '../../main/ml/pipeline/explain-clip';
import { writeAnswerTemperature } from './write-temperature';
import { resultsToJson } from '../../main/ml/pipeline/reports/results-csv';
import { FunctionalsCache, loadEvalData } from './eval-data';
import { confusionTable, systemMetrics, systemsTable, type SystemMetrics } from './eval-report';
import { loadCheckpointModel } from './checkpoint-model';
import { measureLatency } from './latency';

const USAGE = `Usage: npm run eval -- --data DIR [--model DIR] [--speakers 17,18,19,20] [--out FILE]
  [--limit N] [--no-mlp] [--retries N] [--max-tokens N] [--latency-runs N] [--cache FILE] [--no-vq-norms]
  [--checkpoint FILE]   evaluate a training checkpoint's weights on the graphs of --model
  [--write-temperature] store the answer temperature fitted on these clips in the model's manifest
  [--no-measured-cues]  let a model with a measured reasoning prefix write its cue sentences itself`;

const { values } = parseArgs({
  options: {
    data: { type: 'string' }, model: { type: 'string' }, speakers: { type: 'string', default: '17,18,19,20' }, out: { type: 'string' },
    limit: { type: 'string' }, 'no-mlp': { type: 'boolean' }, retries: { type: 'string' }, 'max-tokens': { type: 'string' },
    'latency-runs': { type: 'string', default: '10' }, cache: { type: 'string' }, checkpoint: { type: 'string' }, 'no-vq-norms': { type: 'boolean' }, 'write-temperature': { type: 'boolean' }, 'no-measured-cues': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  },
});
if (values.help || !values.data) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}
const int = (v: string | undefined) => (v === undefined ? undefined : Number.parseInt(v, 10));
const stamp = () => new Date().toISOString().slice(11, 19);
const log = (text: string) => process.stderr.write(`${stamp()} ${text}\n`);

let releaseCheckpoint: (() => Promise<void>) | undefined;
try {
  const dataDir = path.resolve(values.data);
  const modelDir = resolveModelDir(values.model);
  // --checkpoint FILE: a training job's checkpoint on the graphs of --model (no export needed).
  const fromCheckpoint = values.checkpoint ? await loadCheckpointModel(modelDir, values.checkpoint) : null;
  releaseCheckpoint = fromCheckpoint?.model.release;
  const model = fromCheckpoint?.model ?? (await modelFor({ model: modelDir }));
  const { manifest } = model.folder;
  const classes = manifest.labels;
  const data = loadEvalData(dataDir, values.speakers!.split(','));
  // --limit N takes N clips spread evenly over the (sorted) validation list, so every class stays in.
  const limit = Math.min(int(values.limit) ?? data.validation.length, data.validation.length);
  const validation = Array.from({ length: limit }, (_, i) => data.validation[Math.floor((i * data.validation.length) / limit)]!);
  const cache = new FunctionalsCache(values.cache ?? path.join(os.tmpdir(), 'emotionthinker-eval', `${path.basename(dataDir)}-functionals.jsonl`));
  log(`model ${manifest.id} (${manifest.testModel ? 'untrained test model' : 'trained'}) · ${data.corpus}: ${data.train.length} training clips, ${validation.length} validation clips (speakers ${values.speakers})`);

  // 1. Measures of the training speakers' clips (cached): functionals for the baselines, voice quality
  //    for the checker's norms (breathy / rough / clear get a measurable meaning from these speakers only).
  const train = { features: [] as (number | null)[][], labels: [] as string[] };
  const trainVoiceQuality: VoiceQuality[] = [];
  for (const [i, clip] of data.train.entries()) {
    const measured = await cache.measure(clip.file);
    if ('functionals' in measured) {
      trainVoiceQuality.push(measured.voiceQuality);
      train.features.push(measured.functionals);
      train.labels.push(clip.label);
    }
    if ((i + 1) % 100 === 0 || i + 1 === data.train.length) log(`baseline features: ${i + 1}/${data.train.length} training clips`);
  }
  // computeVoiceQualityNorms reads only .voiceQuality of each summary.
  const voiceQualityNorms = values['no-vq-norms'] ? null : computeVoiceQualityNorms(trainVoiceQuality.map((voiceQuality) => ({ voiceQuality })) as ProsodySummary[]);

  // 2. The model on the validation clips, through the same pipeline the app and the CLI use.
  const analyseOptions = { model, measuredCueSentences: !values['no-measured-cues'], ...(voiceQualityNorms ? { voiceQualityNorms } : {}), ...(int(values.retries) !== undefined ? { retries: int(values.retries)! } : {}), ...(int(values['max-tokens']) ? { maxTokens: int(values['max-tokens'])! } : {}) };
  const perClip: Record<string, unknown>[] = [];
  const answered: { truth: string; speaker: string; label: string | null; probabilities: Record<string, number>; functionals: (number | null)[] }[] = [];
  const failed: { file: string; code: string; message: string }[] = [];
  let claims = { verified: 0, contradicted: 0, unverifiable: 0, clipsAllVerified: 0, clipsWithClaims: 0 };
  // Claims in the part the model wrote (after an app-written prefix, if any): those test the model.
  const modelWritten = { verified: 0, contradicted: 0, unverifiable: 0 };
  const byAttribute: Record<string, { verified: number; contradicted: number; unverifiable: number }> = {};
  let wellFormed = 0;
  let attempts = 0;
  // First attempts whose answer contradicted their own conclusion (main/data/evidence/conclusion.ts).
  let conclusionMismatches = 0;
  // Answered explanations whose "nearest alternative" is the answer itself (an incoherent trace).
  let alternativeIsAnswer = 0;
  const totalsMs: number[] = [];
  for (const [i, clip] of validation.entries()) {
    let functionals: (number | null)[] | undefined;
    try {
      const r = await analyzeClip({ path: clip.file }, {
        ...analyseOptions, ...(clip.gender ? { gender: clip.gender } : {}),
        onProsody: (p) => (functionals = (cache.get(clip.file) ?? cache.put(clip.file, p)).functionals),
      });
      answered.push({ truth: clip.label, speaker: clip.speaker, label: r.label, probabilities: r.probabilities, functionals: functionals! });
      const e = r.evidence;
      for (const c of e.claims) {
        (byAttribute[c.attribute] ??= { verified: 0, contradicted: 0, unverifiable: 0 })[c.verdict]++;
        if (c.span.start >= (r.reasoningPrefix?.length ?? 0)) modelWritten[c.verdict]++;
      }
      claims = {
        verified: claims.verified + e.verified, contradicted: claims.contradicted + e.contradicted, unverifiable: claims.unverifiable + e.unverifiable,
        clipsWithClaims: claims.clipsWithClaims + (e.verified + e.contradicted > 0 ? 1 : 0),
        clipsAllVerified: claims.clipsAllVerified + (e.verified > 0 && e.contradicted === 0 ? 1 : 0),
      };
      wellFormed += r.wellFormed ? 1 : 0;
      attempts += r.attempts.length;
      if (r.attempts[0]?.problems.some((p) => p.startsWith(CONCLUSION_MISMATCH_PREFIX))) conclusionMismatches += 1;
      if (r.label !== null && alternativeLabel(r.reasoning, classes) === r.label) alternativeIsAnswer += 1;
      totalsMs.push(r.timings.total);
      perClip.push({ file: clip.file, speaker: clip.speaker, truth: clip.label, label: r.label, wellFormed: r.wellFormed, problems: r.problems, probabilities: r.probabilities, probabilitySource: r.probabilitySource, attempts: r.attempts.length, evidence: { verified: e.verified, contradicted: e.contradicted, unverifiable: e.unverifiable }, reasoning: r.reasoning, timings: r.timings });
    } catch (error) {
      failed.push({ file: clip.file, code: errorCode(error), message: errorMessage(error) });
    }
    if ((i + 1) % 20 === 0 || i + 1 === validation.length) log(`model: ${i + 1}/${validation.length} clips`);
  }

  // 3. The baselines, trained on the other speakers, on the same validation clips.
  const truth = answered.map((a) => a.truth);
  const baselines = trainFunctionalBaselines(train, answered.map((a) => a.functionals), classes, values['no-mlp'] ? { mlp: false } : {});
  const systems: SystemMetrics[] = [
    systemMetrics(`model ${manifest.id}`, `${manifest.name} via the analyse pipeline`, classes, truth, answered.map((a) => a.label), answered.map((a) => a.probabilities)),
    ...baselines.map((b) => systemMetrics(`${b.name} (functionals)`, `${b.description}; trained on ${train.labels.length} clips of the other speakers`, classes, truth, b.predicted, b.probabilities)),
  ];
  // Calibration: the probabilities as generated (the manifest's temperature undone), a temperature
  // fitted on all these clips, and the ECE when each speaker is tempered by a fit on the others.
  const raw = answered.map((a) => ({ truth: a.truth, group: a.speaker, probabilities: temperProbabilities(a.probabilities, 1 / manifest.answerTemperature) }));
  const groups = new Set(raw.map((r) => r.group)).size;
  const calibration = raw.length ? { manifestTemperature: manifest.answerTemperature, fittedTemperature: fitTemperature(raw), crossFit: groups > 1 ? crossFitTemperatures(raw) : null } : null;
  if (calibration?.crossFit) {
    systems.splice(1, 0, systemMetrics(`model, T cross-fitted`, 'the model with each speaker tempered by a temperature fitted on the other validation speakers', classes, truth, answered.map((a) => a.label), calibration.crossFit.tempered));
  }
  if (values['write-temperature'] && calibration && !fromCheckpoint) {
    writeAnswerTemperature(model.folder.dir, calibration.fittedTemperature);
    log(`wrote answerTemperature ${calibration.fittedTemperature.toFixed(3)} to ${path.join(model.folder.dir, 'manifest.json')}`);
  }
  const modelCorrect = answered.map((a) => a.label === a.truth);
  const comparisons = baselines.map((b) => ({ versus: b.name, ...pairedBootstrapDifference(modelCorrect, b.predicted.map((p, i) => p === truth[i])) }));

  // 4. Latency of analyse + explain on a 4 s clip held in memory.
  const latency = validation.length ? await measureLatency(validation[0]!.file, int(values['latency-runs']) ?? 10, analyseOptions) : null;

  const checkable = claims.verified + claims.contradicted;
  const evidence = {
    claimsVerifiedShare: checkable ? claims.verified / checkable : NaN, ...claims,
    claimsPerClip: answered.length ? (checkable + claims.unverifiable) / answered.length : NaN, byAttribute,
    modelWritten: { ...modelWritten, claimsVerifiedShare: modelWritten.verified + modelWritten.contradicted ? modelWritten.verified / (modelWritten.verified + modelWritten.contradicted) : NaN },
    measuredPrefix: analyseOptions.measuredCueSentences && manifest.reasoningPrefix !== 'none',
  };
  const report = {
    createdAt: new Date().toISOString(), model: { id: manifest.id, dir: modelDir, testModel: manifest.testModel, checkpoint: values.checkpoint ?? null, checkpointStep: fromCheckpoint?.step ?? null }, data: dataDir,
    validationSpeakers: values.speakers, clips: { validation: validation.length, analysed: answered.length, failed: failed.length, train: train.labels.length },
    wellFormedShare: answered.length ? wellFormed / answered.length : NaN,
  accuracyWhenWellFormed: wellFormed ? answered.filter((a) => a.label !== null && a.label === a.truth).length / wellFormed : NaN,
  meanAttempts: answered.length ? attempts / answered.length : NaN,
    conclusionMismatchShare: answered.length ? conclusionMismatches / answered.length : NaN,
    alternativeIsAnswerShare: answered.length ? alternativeIsAnswer / answered.length : NaN,
    systems, comparisons, evidence, voiceQualityNorms, calibration: calibration && { ...calibration, crossFit: calibration.crossFit && { temperatureByGroup: calibration.crossFit.temperatureByGroup } },
    latencyPerClipMs: { median: percentile(totalsMs, 50), p90: percentile(totalsMs, 90), note: 'file decode included, one clip at a time' },
    latency4s: latency, failed, perClip,
  };
  if (values.out) writeFileSync(values.out, resultsToJson(report));

  const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : 'n/a');
  console.log(`\nSpeaker-independent evaluation on ${data.corpus} speakers ${values.speakers}: ${answered.length} clips (${failed.length} failed)`);
  console.log(`Model ${manifest.id}${manifest.testModel ? ' — UNTRAINED TEST MODEL, figures only prove the path' : ''}: well-formed answers ${pct(report.wellFormedShare)} (accuracy among them ${pct(report.accuracyWhenWellFormed)}), mean attempts ${report.meanAttempts.toFixed(2)}; first answers contradicting their own conclusion ${pct(report.conclusionMismatchShare)}; answers named as their own "nearest alternative" ${pct(report.alternativeIsAnswerShare)}\n`);
  console.log(systemsTable(systems, classes));
  for (const c of comparisons) console.log(`\nmodel − ${c.versus}: ${(100 * c.difference).toFixed(1)} points (paired bootstrap 95 %: ${(100 * c.low).toFixed(1)} … ${(100 * c.high).toFixed(1)})`);
  if (calibration) console.log(`\nAnswer temperature: manifest ${calibration.manifestTemperature.toFixed(3)}; fitted on these clips ${calibration.fittedTemperature.toFixed(3)}${calibration.crossFit ? `; cross-fitted per speaker ${Object.entries(calibration.crossFit.temperatureByGroup).map(([g, t]) => `${g} ${t.toFixed(2)}`).join(', ')}` : ''}`);
  console.log(`\nConfusion, model:\n${confusionTable(systems[0]!.confusion)}`);
  if (systems[1]) console.log(`\nConfusion, ${systems[1].name}:\n${confusionTable(systems[1].confusion)}`);
  console.log(`\nEvidence: ${pct(evidence.claimsVerifiedShare)} of checkable claims verified (${claims.verified} verified, ${claims.contradicted} contradicted, ${claims.unverifiable} unverifiable; ${evidence.claimsPerClip.toFixed(2)} claims per clip; ${claims.clipsAllVerified}/${claims.clipsWithClaims} clips with claims have all verified)`);
  const attributes = Object.entries(byAttribute).map(([a, n]) => `${a} ${n.verified}/${n.verified + n.contradicted}${n.unverifiable ? ` (+${n.unverifiable} unverifiable)` : ''}`);
  if (attributes.length) console.log(`  verified/checkable by attribute: ${attributes.join(', ')}`);
  if (evidence.measuredPrefix) console.log(`  in the part the model wrote (after the app's measured cue sentences): ${pct(evidence.modelWritten.claimsVerifiedShare)} verified (${modelWritten.verified} verified, ${modelWritten.contradicted} contradicted, ${modelWritten.unverifiable} unverifiable)`);
  console.log(`Latency per clip (file → result): median ${report.latencyPerClipMs.median.toFixed(0)} ms, p90 ${report.latencyPerClipMs.p90.toFixed(0)} ms`);
  if (latency) {
    const s = latency.stageMedianMs;
    console.log(`Analyse + explain, 4 s clip in memory (${latency.runs} runs, ${latency.cpus} CPUs, load ${latency.loadAverage1m.toFixed(1)}): median ${latency.medianMs.toFixed(0)} ms, p90 ${latency.p90Ms.toFixed(0)} ms (prosody ${s.prosody.toFixed(0)}, features ${s.features.toFixed(0)}, encode ${s.encode.toFixed(0)}, generate ${s.generate.toFixed(0)} for ${latency.medianTokens} tokens, check ${s.check.toFixed(1)}); target < 150 ms`);
  }
  if (failed.length) console.log(`\nFailed clips:\n${failed.map((f) => `  ${f.file} [${f.code}] ${f.message}`).join('\n')}`);
  if (values.out) console.log(`\nJSON: ${values.out}`);
} catch (error) {
  // Bad input (missing folder, unknown speaker, broken model folder) ends the run with its code, no stack.
  const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : errorCode(error);
  console.error(`eval: [${code}] ${errorMessage(error)}`);
  process.exitCode = 2;
} finally {
  await releaseCheckpoint?.(); // removes the checkpoint's scratch model folder
  await sharedModelSessions.releaseAll();
}
