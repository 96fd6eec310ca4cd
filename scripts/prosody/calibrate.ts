// Computes the shipped RAVDESS calibration (resources/calibration/ravdess.json) from every clip in
// ../shared/data/ravdess, then prints the level distribution per emotion and the analysis time.
// Run: npx tsx scripts/prosody/calibrate.ts [--check]   (--check: compare, don't write)
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { CalibrationRow, ProsodyLevels } from '../../shared/types/prosody';
import { computeCalibration } from '../../main/prosody/calibration';
import { levelsFor } from '../../main/prosody/levels';
import { measureProsody, type ProsodyMeasures } from '../../main/prosody/measure';
import { trackPitch } from '../../main/prosody/pitch';
import { readWav16k, SHARED_DATA_DIR } from '../../main/prosody/testing/audio-files';
import { median, percentile } from '../../main/prosody/stats';

const ravdessDir = path.join(SHARED_DATA_DIR, 'ravdess');
const outFile = path.resolve(import.meta.dirname, '../../resources/calibration/ravdess.json');
if (!existsSync(path.join(ravdessDir, 'labels.csv'))) {
  console.error(`No RAVDESS labels at ${ravdessDir}; nothing to calibrate.`);
  process.exit(1);
}
const [header, ...lines] = readFileSync(path.join(ravdessDir, 'labels.csv'), 'utf8').trim().split('\n');
const columns = header!.split(',');
const clips = lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i]!, v])) as Record<string, string>);

const measured: { clip: Record<string, string>; measures: ProsodyMeasures; ms: number }[] = [];
for (const [k, clip] of clips.entries()) {
  const audio = await readWav16k(path.join(ravdessDir, clip.path!));
  const started = performance.now();
  const measures = measureProsody(audio, trackPitch(audio));
  measured.push({ clip, measures, ms: performance.now() - started });
  if ((k + 1) % 200 === 0) console.error(`${k + 1}/${clips.length} clips`);
}

const rowOf = ({ clip, measures }: (typeof measured)[number]): CalibrationRow => ({
  corpus: 'ravdess',
  gender: clip.gender === 'F' ? 'female' : clip.gender === 'M' ? 'male' : null,
  medianF0Hz: measures.pitch.medianHz,
  energyDb: measures.energy.speechLevelReFloorDb,
  rate: measures.rate.articulationRateSylPerS,
});
const [calibration] = computeCalibration(measured.map(rowOf));
const json = `${JSON.stringify(calibration, null, 2)}\n`;
if (process.argv.includes('--check')) {
  const same = existsSync(outFile) && readFileSync(outFile, 'utf8') === json;
  console.log(same ? 'ravdess.json is up to date.' : 'ravdess.json differs from a fresh calibration.');
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
  const counts = table.get(m.clip.emotion!) ?? { clips: 0 };
  counts.clips! += 1;
  for (const key of [`pitch:${levels.pitch}`, `energy:${levels.energy}`, `speed:${levels.speed}`]) counts[key] = (counts[key] ?? 0) + 1;
  table.set(m.clip.emotion!, counts);
}
const keys = ['pitch:low', 'pitch:normal', 'pitch:high', 'energy:low', 'energy:normal', 'energy:high', 'speed:slow', 'speed:normal', 'speed:fast'];
console.log(`\n| emotion | n | ${keys.map((k) => k.replace(':', ' ')).join(' | ')} |`);
console.log(`|---|---|${keys.map(() => '---').join('|')}|`);
for (const [emotion, counts] of [...table.entries()].sort()) {
  console.log(`| ${emotion} | ${counts.clips} | ${keys.map((k) => `${Math.round((100 * (counts[k] ?? 0)) / counts.clips!)}%`).join(' | ')} |`);
}
const times = measured.map((m) => m.ms);
const floors = measured.map((m) => m.measures.energy.noiseFloorDbfs);
console.log(`\nAnalysis time per clip (pitch + measures): median ${median(times).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, mean clip ${median(measured.map((m) => m.measures.durationS)).toFixed(2)} s`);
console.log(`Noise floor (dBFS): p5 ${percentile(floors, 5).toFixed(1)}, median ${median(floors).toFixed(1)}, p95 ${percentile(floors, 95).toFixed(1)}`);
