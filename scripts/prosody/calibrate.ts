// Computes the shipped calibration (resources/calibration/training-corpora.json): level tertiles pooled
// over the default model's training corpora, RAVDESS (English) and nEMO (Polish), from every clip in
// ../shared/data/{ravdess,nemo}; then prints the level distribution per emotion and the analysis time.
// These are the levels an analysis reads when the user has not calibrated to their own recordings.
// Run: npx tsx scripts/prosody/calibrate.ts [--check] [--from-cot DIR]
//   --check: compare, don't write; --from-cot: read the measures from EmotionCoT records DIR/{corpus}.jsonl
//   (as train:default builds them) instead of measuring every clip again.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { EmotionCotRecord } from '../../shared/types/dataset';
import type { CalibrationRow, ProsodyLevels } from '../../shared/types/prosody';
import { computeCalibration } from '../../main/prosody/calibration';
import { levelsFor } from '../../main/prosody/levels';
import { measureProsody } from '../../main/prosody/measure';
import { trackPitch } from '../../main/prosody/pitch';
import { readWav16k, SHARED_DATA_DIR } from '../../main/prosody/testing/audio-files';
import { median, percentile } from '../../main/prosody/stats';
import { decodeAudioFile } from '../../main/audio';

const CORPORA = ['ravdess', 'nemo'];
export const POOLED_NAME = 'ravdess+nemo';
const outFile = path.resolve(import.meta.dirname, '../../resources/calibration/training-corpora.json');
const { values: args } = parseArgs({ options: { check: { type: 'boolean' }, 'from-cot': { type: 'string' } } });
const fromCot = args['from-cot'];

interface Measured {
  corpus: string;
  emotion: string;
  gender: CalibrationRow['gender'];
  medianF0Hz: number;
  energyDb: number;
  rate: number;
  floorDbfs: number;
  ms: number;
  durationS: number;
}
const measured: Measured[] = [];
for (const corpus of CORPORA) {
  const dir = path.join(SHARED_DATA_DIR, corpus);
  if (!existsSync(path.join(dir, 'labels.csv'))) {
    console.error(`No labels at ${dir}; nothing to calibrate.`);
    process.exit(1);
  }
  if (fromCot) {
    for (const line of readFileSync(path.join(fromCot, `${corpus}.jsonl`), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as EmotionCotRecord;
      const p = r.prosody;
      measured.push({
        corpus,
        emotion: r.label,
        gender: r.gender,
        medianF0Hz: p.pitch.medianHz ?? NaN,
        energyDb: p.energy.effortDb ?? NaN,
        rate: p.rate.articulationRateSylPerS,
        floorDbfs: p.energy.noiseFloorDbfs,
        ms: NaN,
        durationS: p.durationS,
      });
    }
    continue;
  }
  const [header, ...lines] = readFileSync(path.join(dir, 'labels.csv'), 'utf8').trim().split('\n');
  const columns = header!.split(',');
  for (const [k, line] of lines.entries()) {
    const clip = Object.fromEntries(line.split(',').map((v, i) => [columns[i]!, v])) as Record<string, string>;
    const file = path.join(dir, clip.path!);
    const audio = file.endsWith('.wav') ? await readWav16k(file) : (await decodeAudioFile(file)).audio;
    const started = performance.now();
    const m = measureProsody(audio, trackPitch(audio));
    measured.push({
      corpus,
      emotion: clip.emotion!,
      gender: clip.gender === 'F' ? 'female' : clip.gender === 'M' ? 'male' : null,
      medianF0Hz: m.pitch.medianHz,
      energyDb: m.energy.effortDb,
      rate: m.rate.articulationRateSylPerS,
      floorDbfs: m.energy.noiseFloorDbfs,
      ms: performance.now() - started,
      durationS: m.durationS,
    });
    if ((k + 1) % 200 === 0) console.error(`${corpus}: ${k + 1}/${lines.length} clips`);
  }
}

const rowOf = (m: Measured): CalibrationRow => ({
  corpus: POOLED_NAME,
  gender: m.gender,
  medianF0Hz: m.medianF0Hz,
  energyDb: m.energyDb,
  rate: m.rate,
});
const [calibration] = computeCalibration(measured.map(rowOf));
const json = `${JSON.stringify(calibration, null, 2)}\n`;
if (args.check) {
  const same = existsSync(outFile) && readFileSync(outFile, 'utf8') === json;
  console.log(same ? 'training-corpora.json is up to date.' : 'training-corpora.json differs from a fresh calibration.');
  if (!same) process.exitCode = 1;
} else {
  writeFileSync(outFile, json);
  console.log(`Wrote ${outFile}`);
}

// Level distribution per emotion (percent of the emotion's clips), corpus mode.
const table = new Map<string, Record<string, number>>();
for (const m of measured) {
  const row = rowOf(m);
  const levels: ProsodyLevels = levelsFor(row, calibration!, row.gender);
  const key = `${m.corpus} ${m.emotion}`;
  const counts = table.get(key) ?? { clips: 0 };
  counts.clips! += 1;
  for (const key of [`pitch:${levels.pitch}`, `energy:${levels.energy}`, `speed:${levels.speed}`]) counts[key] = (counts[key] ?? 0) + 1;
  table.set(key, counts);
}
const keys = [
  'pitch:low',
  'pitch:normal',
  'pitch:high',
  'energy:low',
  'energy:normal',
  'energy:high',
  'speed:slow',
  'speed:normal',
  'speed:fast',
];
console.log(`\n| emotion | n | ${keys.map((k) => k.replace(':', ' ')).join(' | ')} |`);
console.log(`|---|---|${keys.map(() => '---').join('|')}|`);
for (const [emotion, counts] of [...table.entries()].sort()) {
  console.log(
    `| ${emotion} | ${counts.clips} | ${keys.map((k) => `${Math.round((100 * (counts[k] ?? 0)) / counts.clips!)}%`).join(' | ')} |`,
  );
}
const times = measured.map((m) => m.ms).filter(Number.isFinite);
const floors = measured.map((m) => m.floorDbfs);
if (times.length)
  console.log(
    `\nAnalysis time per clip (pitch + measures): median ${median(times).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, mean clip ${median(measured.map((m) => m.durationS)).toFixed(2)} s`,
  );
console.log(
  `Noise floor (dBFS): p5 ${percentile(floors, 5).toFixed(1)}, median ${median(floors).toFixed(1)}, p95 ${percentile(floors, 95).toFixed(1)}`,
);
