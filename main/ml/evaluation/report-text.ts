// The evaluation as readable text: systems in columns (the model beside the baselines measured in the
// same run), one table per corpus and pooled, then leave-one-corpus-out, the calibrated condition and
// the invariance check.
import { ECE_BINS, type ConfusionMatrix } from '../pipeline/evaluation/metrics';
import { MODEL_SYSTEM, type InvarianceRow } from './invariance';
import type { EvaluationReport } from './run-evaluation';
import type { SystemMetrics } from './system-metrics';

export const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : 'n/a');
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

/** Systems in columns: accuracy with CI, UAR, ECE, collapse, per-class recall over the corpus's classes. */
export function systemsTable(systems: readonly SystemMetrics[]): string {
  const width = Math.max(22, ...systems.map((s) => s.name.length + 2));
  const row = (label: string, cells: string[]) => pad(label, 26) + cells.map((c) => lpad(c, width)).join('');
  const classes = [...new Set(systems.flatMap((s) => s.classes))];
  return [
    row(
      '',
      systems.map((s) => s.name),
    ),
    row(
      'accuracy',
      systems.map((s) => pct(s.accuracy)),
    ),
    row(
      '  95 % CI (Wilson)',
      systems.map((s) => `${pct(s.accuracyCi95.low)}–${pct(s.accuracyCi95.high)}`),
    ),
    row(
      `UAR (${classes.length} classes)`,
      systems.map((s) => pct(s.unweightedAverageRecall)),
    ),
    row(
      `ECE (${ECE_BINS} bins)`,
      systems.map((s) => s.expectedCalibrationError.toFixed(3)),
    ),
    row(
      'most frequent answer',
      systems.map((s) => `${s.collapse.label ?? 'none'} ${pct(s.collapse.share)}`),
    ),
    row(
      'argmax-probability acc.',
      systems.map((s) => pct(s.argmaxAccuracy)),
    ),
    ...classes.map((c) =>
      row(
        `recall ${c}`,
        systems.map((s) => pct(s.perClassRecall[c] ?? NaN)),
      ),
    ),
  ].join('\n');
}

/** Rows = true class (only those with clips), columns = predicted (— = no valid answer). */
export function confusionTable(cm: ConfusionMatrix): string {
  const w = Math.max(6, ...cm.classes.map((c) => Math.min(c.length, 9) + 1));
  const short = (c: string) => c.slice(0, 9);
  const header = pad('true \\ predicted', 18) + cm.classes.map((c) => lpad(short(c), w)).join('') + lpad('—', w);
  const rows = cm.classes.flatMap((c, i) => {
    const total = cm.counts[i]!.reduce((a, b) => a + b, 0) + cm.unanswered[i]!;
    return total ? [pad(c, 18) + cm.counts[i]!.map((n) => lpad(String(n), w)).join('') + lpad(String(cm.unanswered[i]), w)] : [];
  });
  return [header, ...rows].join('\n');
}

/** One line per corpus and system: the figures the closing notes quote. */
export function corpusSummaryTable(report: Pick<EvaluationReport, 'corpora'>): string {
  const lines = [
    '| corpus | clips | system | accuracy (95 % CI) | UAR (own classes) | ECE | most frequent answer |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const c of report.corpora) {
    for (const s of c.systems) {
      lines.push(
        `| ${c.name} (${c.classes.length} classes) | ${s.clips} | ${s.name} | ${pct(s.accuracy)} (${pct(s.accuracyCi95.low)}–${pct(s.accuracyCi95.high)}) | ${pct(s.unweightedAverageRecall)} | ${s.expectedCalibrationError.toFixed(3)} | ${s.collapse.label ?? 'none'} ${pct(s.collapse.share)} |`,
      );
    }
  }
  return lines.join('\n');
}

/** Transforms in rows: the model's unchanged answers, levels, and each baseline's unchanged answers. */
export function invarianceTable(rows: readonly InvarianceRow[], target: number): string {
  const systems = [...new Set(rows.flatMap((r) => Object.keys(r.answerUnchanged)))];
  const others = systems.filter((s) => s !== MODEL_SYSTEM);
  const head = [
    'corpus',
    'transform',
    'clips',
    'answer same',
    'levels same',
    'pitch',
    'energy',
    'speed',
    ...others.map((s) => `${s} same`),
  ];
  const mark = (x: number) => `${pct(x)}${x >= target ? '' : ' ✗'}`;
  const body = rows.map((r) => [
    r.corpus,
    r.transform,
    String(r.clips) + (r.failed ? ` (+${r.failed} failed)` : ''),
    mark(r.answerUnchanged[MODEL_SYSTEM] ?? NaN),
    mark(r.levelsUnchanged),
    pct(r.pitchUnchanged),
    pct(r.energyUnchanged),
    pct(r.speedUnchanged),
    ...others.map((s) => pct(r.answerUnchanged[s] ?? NaN)),
  ]);
  const widths = head.map((h, j) => Math.max(h.length, ...body.map((b) => b[j]!.length)) + 2);
  return [head, ...body].map((cells) => cells.map((c, j) => (j < 2 ? pad(c, widths[j]!) : lpad(c, widths[j]!))).join('')).join('\n');
}

/** The whole report as the CLI prints it. */
export function evaluationText(r: EvaluationReport): string {
  const out: string[] = [];
  const testModel = r.model.testModel ? ' — UNTRAINED TEST MODEL, figures only prove the path' : '';
  out.push(
    `Speaker-independent evaluation of ${r.model.id}${testModel} on ${r.corpora.map((c) => `${c.name} (speakers ${c.validationSpeakers.join(', ')})`).join(' and ')}: ${r.clips.analyzed} clips (${r.clips.failed} failed)`,
  );
  if (r.voiceQualityNormsSource) out.push(`Voice-quality norms of the prompt and checker: ${r.voiceQualityNormsSource}.`);
  out.push(
    `Baselines are trained in this run on the training speakers of ${r.corpora.map((c) => c.name).join(' + ')} (${r.clips.train} clips) and tested on the same clips as the model.`,
  );
  for (const c of r.corpora) {
    out.push(
      '',
      `== ${c.name}: ${c.clips.analyzed} validation clips, ${c.classes.length} classes (${c.classes.join(', ')}); an answer outside them is wrong ==`,
    );
    out.push(
      `Model: well-formed answers ${pct(c.wellFormedShare)} (accuracy among them ${pct(c.accuracyWhenWellFormed)}), mean attempts ${c.meanAttempts.toFixed(2)}; first answers contradicting their own conclusion ${pct(c.conclusionMismatchShare)}; answers named as their own "nearest alternative" ${pct(c.alternativeIsAnswerShare)}`,
    );
    out.push('', systemsTable(c.systems));
    for (const k of c.comparisons)
      out.push(
        `model − ${k.versus}: ${(100 * k.difference).toFixed(1)} points (paired bootstrap 95 %: ${(100 * k.low).toFixed(1)} … ${(100 * k.high).toFixed(1)})`,
      );
    out.push('', `Confusion, model:\n${confusionTable(c.systems[0]!.confusion)}`);
  }
  if (r.corpora.length > 1) {
    out.push('', `== all corpora pooled: ${r.clips.analyzed} clips ==`, '', systemsTable(r.systems));
    for (const k of r.comparisons)
      out.push(
        `model − ${k.versus}: ${(100 * k.difference).toFixed(1)} points (paired bootstrap 95 %: ${(100 * k.low).toFixed(1)} … ${(100 * k.high).toFixed(1)})`,
      );
  }
  for (const l of r.leaveOneCorpusOut) {
    out.push(
      '',
      `== leave one corpus out: baselines trained on ${l.trainCorpus} only, tested on ${l.testCorpus}'s ${l.clips} validation clips of the shared classes (${l.sharedClasses.join(', ')}) ==`,
      '',
      systemsTable(l.systems),
    );
  }
  for (const c of r.calibratedCondition ?? []) {
    out.push(
      '',
      `== calibrated: ${c.corpus}, calibrated on its own ${c.calibration.clips} validation clips (labels unread; ${c.calibration.functionals} functionals re-normalised)${c.failed ? `; ${c.failed} clips failed` : ''} ==`,
      '',
      systemsTable(c.systems),
    );
  }
  if (r.calibration) {
    out.push(
      '',
      `Answer temperature: manifest ${r.calibration.manifestTemperature.toFixed(3)}; fitted on these clips ${r.calibration.fittedTemperature.toFixed(3)}${
        r.calibration.crossFit
          ? `; cross-fitted per speaker ${Object.entries(r.calibration.crossFit.temperatureByGroup)
              .map(([g, t]) => `${g} ${t.toFixed(2)}`)
              .join(', ')}`
          : ''
      }`,
    );
  }
  const e = r.evidence;
  out.push(
    '',
    `Evidence: ${pct(e.claimsVerifiedShare)} of checkable claims verified (${e.verified} verified, ${e.contradicted} contradicted, ${e.unverifiable} unverifiable; ${e.claimsPerClip.toFixed(2)} claims per clip; ${e.clipsAllVerified}/${e.clipsWithClaims} clips with claims have all verified)`,
  );
  const attributes = Object.entries(e.byAttribute).map(
    ([a, n]) => `${a} ${n.verified}/${n.verified + n.contradicted}${n.unverifiable ? ` (+${n.unverifiable} unverifiable)` : ''}`,
  );
  if (attributes.length) out.push(`  verified/checkable by attribute: ${attributes.join(', ')}`);
  if (e.measuredPrefix)
    out.push(
      `  in the part the model wrote (after the app's measured cue sentences): ${pct(e.modelWritten.claimsVerifiedShare)} verified (${e.modelWritten.verified} verified, ${e.modelWritten.contradicted} contradicted, ${e.modelWritten.unverifiable} unverifiable)`,
    );
  out.push(
    `Latency per clip (file → result): median ${r.latencyPerClipMs.median.toFixed(0)} ms, p90 ${r.latencyPerClipMs.p90.toFixed(0)} ms`,
  );
  if (r.latency4s) {
    const s = r.latency4s.stageMedianMs;
    out.push(
      `Analyze + explain, 4 s clip in memory (${r.latency4s.runs} runs, ${r.latency4s.cpus} CPUs, load ${r.latency4s.loadAverage1m.toFixed(1)}): median ${r.latency4s.medianMs.toFixed(0)} ms, p90 ${r.latency4s.p90Ms.toFixed(0)} ms (prosody ${s.prosody.toFixed(0)}, features ${s.features.toFixed(0)}, encode ${s.encode.toFixed(0)}, generate ${s.generate.toFixed(0)} for ${r.latency4s.medianTokens} tokens, check ${s.check.toFixed(1)}); target < 150 ms`,
    );
  }
  if (r.invariance) {
    out.push(
      '',
      `== invariance: ${r.invariance.clipsPerCorpus} validation clips per corpus, share unchanged under each transform (target ≥ ${pct(r.invariance.target)}; ✗ = below) ==`,
      '',
      invarianceTable(r.invariance.rows, r.invariance.target),
    );
    out.push(
      r.invariance.shortfalls.length
        ? `\nBelow target: ${r.invariance.shortfalls.length} of ${r.invariance.rows.length} rows.`
        : '\nEvery transform meets the target.',
    );
    if (r.invariance.failed.length)
      out.push(`Invariance clips that could not be analyzed: ${r.invariance.failed.map((f) => `${f.file} [${f.code}]`).join(', ')}`);
  }
  if (r.corpora.length > 1) out.push('', corpusSummaryTable(r));
  if (r.failed.length) out.push('', `Failed clips:\n${r.failed.map((f) => `  ${f.file} [${f.code}] ${f.message}`).join('\n')}`);
  return out.join('\n');
}
