// npx tsx scripts/data/build-cot.ts --data DIR --out FILE [--format F] [--labels mapping.json] [--seed N]
//   [--val-speakers 17,18,19,20] [--test-speakers ...] [--quiet]
// Builds EmotionCoT records, then prints counts, level distributions, wording diversity and the
// evidence checker's figures on the built traces.
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DatasetFormat, EmotionCotRecord } from '../../shared/types/dataset';
import { buildEmotionCot } from '../../main/data/cot/build-cot';
import { measureDiversity } from '../../main/data/cot/diversity';
import { DatasetError } from '../../main/data/dataset-error';
import { checkEvidence } from '../../main/data/evidence/check-evidence';
import { loadLabelMapping } from '../../main/data/importers/label-mapping';

const list = (v: string | undefined): string[] | undefined => (v ? v.split(/[,\s]+/).filter(Boolean) : undefined);
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function table(records: EmotionCotRecord[]): string {
  const labels = [...new Set(records.map((r) => r.label))].sort();
  const rows = [`${'emotion'.padEnd(10)} ${'n'.padStart(4)}  pitch L/N/H     energy L/N/H    speed S/N/F     range F/N/E`];
  for (const label of labels) {
    const own = records.filter((r) => r.label === label);
    const share = (get: (r: EmotionCotRecord) => string, values: string[]): string =>
      values.map((v) => String(Math.round((100 * own.filter((r) => get(r) === v).length) / own.length)).padStart(3)).join(' ') + '   ';
    rows.push(
      `${label.padEnd(10)} ${String(own.length).padStart(4)}  ${share((r) => r.levels.pitch, ['low', 'normal', 'high'])}  ${share((r) => r.levels.energy, ['low', 'normal', 'high'])}  ${share((r) => r.levels.speed, ['slow', 'normal', 'fast'])}  ${share((r) => r.prosody.intonation.rangeClass, ['flat', 'normal', 'expressive'])}`,
    );
  }
  return rows.join('\n');
}

async function main(): Promise<void> {
  const { values: a } = parseArgs({
    options: {
      data: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      labels: { type: 'string' },
      seed: { type: 'string' },
      'val-speakers': { type: 'string' },
      'test-speakers': { type: 'string' },
      quiet: { type: 'boolean' },
      'show-failures': { type: 'boolean' },
    },
  });
  if (!a.data || !a.out) {
    console.error(
      'usage: build-cot.ts --data DIR --out FILE [--format ravdess|crema-d|emodb|esd|iemocap|csv] [--labels mapping.json] [--seed N] [--val-speakers 17,18] [--test-speakers ...]',
    );
    process.exit(2);
  }
  let lastPrint = 0;
  const result = await buildEmotionCot({
    dataDir: a.data,
    outFile: path.resolve(a.out),
    ...(a['format'] ? { format: a['format'] as DatasetFormat } : {}),
    ...(a['labels'] ? { labelMapping: loadLabelMapping(a['labels']) } : {}),
    seed: Number(a['seed'] ?? 1),
    ...(list(a['val-speakers']) ? { validationSpeakers: list(a['val-speakers'])! } : {}),
    ...(list(a['test-speakers']) ? { testSpeakers: list(a['test-speakers'])! } : {}),
    onProgress: (p) => {
      if (a['quiet'] || Date.now() - lastPrint < 2000) return;
      lastPrint = Date.now();
      if (p.phase === 'analyze') process.stderr.write(`analyze ${p.done}/${p.total} (cached ${p.cached}, failed ${p.failed})\n`);
      if (p.phase === 'write') process.stderr.write(`write ${p.done}/${p.total}\n`);
    },
  });
  const { records } = result;
  console.log(`records: ${records.length} (written now ${result.written}, resumed ${result.resumed}); skipped ${result.skipped.length}`);
  for (const s of result.skipped.slice(0, 10)) console.log(`  skipped ${s.audioPath}: [${s.code}] ${s.message}`);
  for (const u of result.unknownLabels) console.log(`  unknown label "${u.sourceLabel}" × ${u.count}, e.g. ${u.examples[0]}`);
  console.log(
    `time: total ${(result.elapsedMs / 1000).toFixed(1)} s; analyzed ${result.analyzed} clips in ${(result.analysisMs / 1000).toFixed(1)} s (${(result.analysisMs / Math.max(1, result.analyzed)).toFixed(0)} ms/clip), ${result.cached} from cache`,
  );
  for (const split of ['train', 'validation', 'test']) {
    const own = records.filter((r) => r.split === split);
    if (!own.length) continue;
    const byLabel = [...new Set(own.map((r) => r.label))]
      .sort()
      .map((l) => `${l} ${own.filter((r) => r.label === l).length}`)
      .join(', ');
    console.log(`${split}: ${own.length} clips, ${new Set(own.map((r) => r.speaker)).size} speakers — ${byLabel}`);
  }
  console.log(`\nlevel distribution per emotion (% of clips):\n${table(records)}`);
  console.log(`\ncue profile — data overrides literature where they disagree:`);
  for (const d of result.cueProfile.disagreements)
    console.log(`  ${d.emotion} ${d.cue}: literature ${d.literature ?? 'n/a'} → data ${d.data} (mean ${d.meanOrdinal})`);
  const div = measureDiversity(records.map((r) => r.reasoning));
  const words = records.map((r) => r.reasoning.split(/\s+/).length);
  console.log(
    `\ndiversity: distinct-1 ${div.distinct1.toFixed(4)}, distinct-2 ${div.distinct2.toFixed(4)}, distinct-3 ${div.distinct3.toFixed(4)}, unique traces ${pct(div.uniqueTraceShare)}; words min ${Math.min(...words)} mean ${(words.reduce((s, w) => s + w, 0) / words.length).toFixed(1)} max ${Math.max(...words)}`,
  );
  let verified = 0,
    contradicted = 0,
    unverifiable = 0,
    cleanTraces = 0;
  for (const r of records) {
    const rep = checkEvidence(r.reasoning, r.prosody, result.voiceQualityNorms ? { voiceQualityNorms: result.voiceQualityNorms } : {});
    verified += rep.verified;
    contradicted += rep.contradicted;
    unverifiable += rep.unverifiable;
    if (rep.contradicted === 0 && rep.unverifiable === 0) cleanTraces++;
    else if (a['show-failures']) console.log(JSON.stringify(rep.claims.filter((c) => c.verdict !== 'verified')), r.reasoning);
  }
  console.log(
    `checker on built traces: ${verified} claims verified, ${contradicted} contradicted, ${unverifiable} unverifiable; traces fully verified ${pct(cleanTraces / records.length)}`,
  );
  console.log(`files: ${result.outFile}\n       ${result.metaFile}\n       ${result.reasoningFile}`);
}

main().catch((error: unknown) => {
  if (error instanceof DatasetError) {
    console.error(`error [${error.code}]: ${error.message}`);
    process.exit(1);
  }
  throw error;
});
