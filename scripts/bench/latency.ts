// npx tsx scripts/bench/latency.ts — the "4 s analyze + explain < 150 ms" figure without the rest of
// `npm run eval`: measureLatency (the eval's own measure: the first 4.0 s of a clip in memory, one
// warm-up, then N runs through analyzeClip with the default model) on a few RAVDESS validation clips
// (actors 17–20, the eval's validation speakers), and beside it the prosody stage alone: analyzeProsody
// and its costly parts (trackPitch, the cc analysis, the glottal pulses) on the same 4 s, median of
// N runs after a warm-up. The machine is shared: the load average is printed, and medians are the figure.
// Run: npx tsx scripts/bench/latency.ts [--runs 20] [--clips 3] [--no-model]
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { MonoAudio } from '../../shared/types/audio';
import { percentile } from '../../shared/util/maths';
import { measureLatency } from '../../main/ml/evaluation/latency';
import { analyzeProsody } from '../../main/prosody/analyze';
import { analyseCc } from '../../main/prosody/cc-analysis';
import { findGlottalPulses } from '../../main/prosody/glottal-pulses';
import { trackPitch } from '../../main/prosody/pitch';
import { measureVoiceQuality } from '../../main/prosody/voice-quality';
import { readWav16k, SHARED_DATA_DIR } from '../../main/prosody/testing/audio-files';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    clips: { type: 'string', default: '3' },
    'no-model': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
/** One clip of each validation actor, the eval's first clip (actor 17's first) among them. */
const CLIPS = [
  'Actor_17/03-01-01-01-01-01-17.wav',
  'Actor_18/03-01-05-02-01-01-18.wav',
  'Actor_19/03-01-04-01-02-01-19.wav',
  'Actor_20/03-01-08-02-02-02-20.wav',
].slice(0, Number(values.clips));

/** The clip's first 4.0 s, padded with silence, as measureLatency feeds the pipeline. */
function firstFourSeconds(audio: MonoAudio): MonoAudio {
  const samples = new Float32Array(4 * audio.sampleRate);
  samples.set(audio.samples.subarray(0, samples.length));
  return { samples, sampleRate: audio.sampleRate };
}

/** Median and 90th percentile (ms) of `runs` calls after one warm-up. */
function timeIt(work: () => unknown): { median: number; p90: number } {
  work();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work();
    ms.push(performance.now() - started);
  }
  return { median: percentile(ms, 50), p90: percentile(ms, 90) };
}

const load = () =>
  loadavg()
    .map((v) => v.toFixed(1))
    .join(' ');
const ms = (t: { median: number; p90: number }) => `${t.median.toFixed(1)} (p90 ${t.p90.toFixed(1)})`.padStart(16);

console.log(`Load average at start: ${load()} (shared machine: compare medians, repeat runs)`);
console.log(`Prosody on the first 4 s, ms, median of ${runs} runs after a warm-up:`);
console.log(
  `${'clip'.padEnd(36)} ${'analyzeProsody'.padStart(16)} ${'trackPitch'.padStart(16)} ${'voice quality'.padStart(16)} ${'cc analysis'.padStart(16)} ${'pulses'.padStart(16)}`,
);
for (const clip of CLIPS) {
  const audio = firstFourSeconds(await readWav16k(path.join(SHARED_DATA_DIR, 'ravdess', clip)));
  const { samples, sampleRate } = audio;
  const cc = analyseCc(samples, sampleRate);
  const row = [
    timeIt(() => analyzeProsody(audio)),
    timeIt(() => trackPitch(audio)),
    timeIt(() => measureVoiceQuality(samples, sampleRate)),
    timeIt(() => analyseCc(samples, sampleRate)),
    timeIt(() => findGlottalPulses(samples, sampleRate, cc)),
  ];
  console.log(`${clip.padEnd(36)} ${row.map(ms).join(' ')}`);
}

if (!values['no-model']) {
  console.log(`\nAnalyze + explain (measureLatency, default model), ms, ${runs} runs after a warm-up:`);
  for (const clip of CLIPS) {
    const r = await measureLatency(path.join(SHARED_DATA_DIR, 'ravdess', clip), runs, {});
    const s = r.stageMedianMs;
    console.log(
      `${clip.padEnd(36)} median ${r.medianMs.toFixed(0)}, p90 ${r.p90Ms.toFixed(0)} (prosody ${s.prosody.toFixed(1)}, features ${s.features.toFixed(1)}, encode ${s.encode.toFixed(1)}, generate ${s.generate.toFixed(0)} for ${r.medianTokens} tokens, check ${s.check.toFixed(1)}); load ${r.loadAverage1m.toFixed(1)}`,
    );
  }
}
console.log(`\nLoad average at end: ${load()}`);
