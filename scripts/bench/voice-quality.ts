// Our jitter (local), shimmer (local) and HNR against Praat's voice report on the same real clips
// (issue 15): N clips drawn with a fixed seed, half RAVDESS, half nEMO, from ../shared/data; Praat
// runs its own recipe (main/prosody/testing/voice-report.praat), we run measureVoiceQuality. Prints,
// per measure, the medians side by side, the median absolute and relative difference per clip, the
// correlation over clips, and the analysis time of each (decoding and Praat's start-up excluded).
// Run: npm run bench:voice-quality [-- --clips 40 --seed 15]
import { parseArgs } from 'node:util';
import { seededRandom } from '../../shared/util/random';
import { drawBenchClips, readWav16k } from '../../main/prosody/testing/audio-files';
import { praatAvailable, runPraatVoiceReport, type PraatVoiceReport } from '../../main/prosody/testing/praat-voice-report';
import { median } from '../../main/prosody/stats';
import { measureVoiceQuality } from '../../main/prosody/voice-quality';
import type { VoiceQuality } from '../../shared/types/prosody';

const { values } = parseArgs({ options: { clips: { type: 'string', default: '40' }, seed: { type: 'string', default: '15' } } });
const clipCount = Number(values.clips);
const seed = Number(values.seed);

function pearson(a: number[], b: number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

if (!praatAvailable()) {
  console.error('No `praat` on PATH: the benchmark compares against Praat itself.');
  process.exit(1);
}
const random = seededRandom(seed);
const files = drawBenchClips(clipCount, random);
const praat = runPraatVoiceReport(files);
const ours = new Map<string, VoiceQuality>();
let oursSeconds = 0;
for (const file of files) {
  const audio = await readWav16k(file);
  measureVoiceQuality(audio.samples, audio.sampleRate); // warm the JIT on this clip's sizes
  const started = performance.now();
  ours.set(file, measureVoiceQuality(audio.samples, audio.sampleRate));
  oursSeconds += (performance.now() - started) / 1000;
}

type Measure = { name: string; ours: (v: VoiceQuality) => number; praat: (p: PraatVoiceReport) => number; unit: string; scale: number };
const MEASURES: Measure[] = [
  { name: 'jitter (local)', ours: (v) => v.jitterLocal, praat: (p) => p.jitterLocal, unit: '%', scale: 100 },
  { name: 'shimmer (local)', ours: (v) => v.shimmerLocal, praat: (p) => p.shimmerLocal, unit: '%', scale: 100 },
  { name: 'HNR (cc)', ours: (v) => v.hnrDb, praat: (p) => p.hnrDb, unit: 'dB', scale: 1 },
];
console.log(
  `Voice quality vs Praat's voice report: ${files.length} clips (seed ${seed}; RAVDESS ${Math.ceil(clipCount / 2)}, nEMO ${Math.floor(clipCount / 2)})\n`,
);
console.log('measure          | median Praat | median ours | median |Δ| | median |Δ|/Praat | r (clips) | clips');
console.log('-----------------|--------------|-------------|------------|------------------|-----------|------');
for (const m of MEASURES) {
  const pairs = files
    .map((f) => [m.praat(praat.get(f)!) * m.scale, m.ours(ours.get(f)!) * m.scale] as const)
    .filter(([p, o]) => Number.isFinite(p) && Number.isFinite(o));
  const p = pairs.map(([a]) => a);
  const o = pairs.map(([, b]) => b);
  const abs = pairs.map(([a, b]) => Math.abs(b - a));
  const rel = pairs.map(([a, b]) => Math.abs(b - a) / Math.abs(a));
  console.log(
    `${m.name.padEnd(16)} | ${`${median(p).toFixed(2)} ${m.unit}`.padStart(12)} | ${`${median(o).toFixed(2)} ${m.unit}`.padStart(11)} | ${`${median(abs).toFixed(2)} ${m.unit}`.padStart(10)} | ${`${(100 * median(rel)).toFixed(1)} %`.padStart(16)} | ${pearson(p, o).toFixed(3).padStart(9)} | ${String(pairs.length).padStart(5)}`,
  );
}
const praatSeconds = files.reduce((s, f) => s + praat.get(f)!.analysisSeconds, 0);
console.log(
  `\nAnalysis time per clip: Praat ${((1000 * praatSeconds) / files.length).toFixed(1)} ms (pitch + pulses + jitter + shimmer + harmonicity), ours ${((1000 * oursSeconds) / files.length).toFixed(1)} ms (measureVoiceQuality).`,
);
