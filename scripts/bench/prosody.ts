// Pitch-tracker benchmark (issue 3): our trackPitch against Praat 6.3 "To Pitch (ac)" on every Keele and
// FDA file — GPE, VDE, fine error, time and real-time factor per corpus and pooled — plus our speed and
// memory on a 10-minute recording. Run: npx tsx scripts/bench/prosody.ts [--no-praat]
// Scoring (DESIGN.md): at the reference frame times (no offset), frames voiced in both, gross = >20 % off.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { MonoAudio } from '../../shared/types/audio';
import { decodeAudioFile } from '../../main/audio/index';
import { trackPitch } from '../../main/prosody/pitch/index';
import { comparePitch, scorePitch, type PitchComparison, type PitchScores } from '../../main/prosody/pitch/pitch-metrics';
import {
  listPitchReferenceFiles,
  pitchDataDir,
  readPitchReference,
  type PitchReferenceFile,
} from '../../main/prosody/pitch/pitch-references';
import { praatAvailable, runPraatPitch } from './prosody-praat';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const LONG_FILE_S = 600;
/** Runs per file, for us and for Praat alike; the fastest counts. */
const REPEATS = 3;

interface Row {
  label: string;
  comparisons: PitchComparison[];
  seconds: number;
  audioSeconds: number;
}

async function decodeAll(files: PitchReferenceFile[]): Promise<MonoAudio[]> {
  const decoded: MonoAudio[] = [];
  for (const file of files) decoded.push((await decodeAudioFile(file.wavPath)).audio);
  return decoded;
}

function timeOurs(audio: MonoAudio): { seconds: number; f0Hz: Float32Array } {
  // Best of REPEATS: the machine is shared, and noise from other jobs only ever adds time.
  let best = Infinity;
  let f0Hz: Float32Array = new Float32Array(0);
  for (let r = 0; r < REPEATS; r++) {
    const started = performance.now();
    f0Hz = trackPitch(audio).f0Hz;
    best = Math.min(best, performance.now() - started);
  }
  return { seconds: best / 1000, f0Hz };
}

function formatRow(row: Row): string {
  const s: PitchScores = scorePitch(row.comparisons);
  const pct = (v: number) => `${(100 * v).toFixed(2)} %`.padStart(8);
  return [
    row.label.padEnd(24),
    pct(s.gpe),
    pct(s.vde),
    `${s.fineMedianCents.toFixed(1)} / ${s.fineMeanCents.toFixed(1)}`.padStart(14),
    row.seconds.toFixed(3).padStart(9),
    (row.seconds / row.audioSeconds).toExponential(2).padStart(10),
    String(s.voicedInBoth).padStart(8),
  ].join('  ');
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({ options: { long: { type: 'boolean' }, 'no-praat': { type: 'boolean' } } });
  if (args.long) return longFileChild();
  const dataDir = pitchDataDir(projectRoot);
  const files = [...listPitchReferenceFiles(dataDir, 'keele'), ...listPitchReferenceFiles(dataDir, 'fda')];
  if (files.length === 0) {
    console.error(`No Keele/FDA data under ${dataDir}; nothing to benchmark.`);
    process.exitCode = 1;
    return;
  }
  console.log(
    `Load average at start: ${loadavg()
      .map((v) => v.toFixed(1))
      .join(' ')} (shared machine: times are noisy)`,
  );
  const decodeStarted = performance.now();
  const audios = await decodeAll(files);
  console.log(`Decoded ${files.length} files to 16 kHz in ${((performance.now() - decodeStarted) / 1000).toFixed(1)} s`);

  const coldStarted = performance.now();
  for (const audio of audios) trackPitch(audio);
  const coldSeconds = (performance.now() - coldStarted) / 1000;

  // One entry per tracker: per-file seconds and comparison, aggregated per corpus below.
  const trackers: { label: string; seconds: number[]; comparisons: PitchComparison[] }[] = [];
  const ours = audios.map(timeOurs);
  trackers.push({
    label: 'ours',
    seconds: ours.map((o) => o.seconds),
    comparisons: ours.map((o, i) => comparePitch({ firstTimeS: 0, stepS: 0.01, f0Hz: o.f0Hz }, readPitchReference(files[i]!))),
  });
  const praatNotes: string[] = [];
  if (!args['no-praat'] && praatAvailable()) {
    for (const [floor, ceiling] of [
      [75, 600],
      [55, 500],
    ] as const) {
      const label = `Praat ac ${floor}-${ceiling}`;
      const run = runPraatPitch(
        files.map((f) => f.wavPath),
        floor,
        ceiling,
        REPEATS,
      );
      const results = files.map((f) => run.results.get(f.name)!);
      trackers.push({
        label,
        seconds: results.map((r) => r.analysisSeconds),
        comparisons: results.map((r, i) => comparePitch(r.track, readPitchReference(files[i]!))),
      });
      praatNotes.push(
        `${label}: whole praat process ${run.processWallSeconds.toFixed(2)} s (start-up, reading, ${REPEATS} runs per file, listings)`,
      );
    }
  }

  const rows: Row[] = [];
  for (const corpus of ['keele', 'fda', 'pooled'] as const) {
    const inCorpus = files.map((f, i) => (corpus === 'pooled' || f.corpus === corpus ? i : -1)).filter((i) => i >= 0);
    const audioSeconds = inCorpus.reduce((sum, i) => sum + audios[i]!.samples.length / audios[i]!.sampleRate, 0);
    for (const tracker of trackers) {
      rows.push({
        label: `${corpus}  ${tracker.label}`,
        comparisons: inCorpus.map((i) => tracker.comparisons[i]!),
        seconds: inCorpus.reduce((sum, i) => sum + tracker.seconds[i]!, 0),
        audioSeconds,
      });
    }
  }

  const totalAudio = audios.reduce((sum, a) => sum + a.samples.length / a.sampleRate, 0);
  const count = (corpus: string) => files.filter((f) => f.corpus === corpus).length;
  console.log(`\nKeele ${count('keele')} files + FDA ${count('fda')} files, ${totalAudio.toFixed(0)} s of audio`);
  console.log(
    `${'set  tracker'.padEnd(24)}  ${'GPE'.padStart(8)}  ${'VDE'.padStart(8)}  ${'fine med/mean c'.padStart(14)}  ${'time s'.padStart(9)}  ${'RTF'.padStart(10)}  ${'frames'.padStart(8)}`,
  );
  for (const row of rows) console.log(formatRow(row));
  console.log(`\nTime = best of ${REPEATS} runs per file, summed. Ours: trackPitch on the decoded 16 kHz audio (one cold pass`);
  console.log(`over all files first: ${coldSeconds.toFixed(3)} s). Praat: its stopwatch around "To Pitch (ac)" on the 20 kHz source,`);
  console.log('without process start-up or file reading.');
  const oursPooled = rows.find((r) => r.label === 'pooled  ours')!.seconds;
  for (const row of rows.filter((r) => r.label.startsWith('pooled  Praat'))) {
    console.log(`${row.label.slice(8)}: ${(row.seconds / oursPooled).toFixed(1)}x our time`);
  }
  for (const note of praatNotes) console.log(note);

  const child = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, '--long'], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`10-minute run failed: ${child.stderr}`);
  console.log(`\n${child.stdout.trim()}`);
}

/** In a fresh process (so peak memory is this run's): track a 10-minute concatenation of the corpus. */
async function longFileChild(): Promise<void> {
  const dataDir = pitchDataDir(projectRoot);
  const files = [...listPitchReferenceFiles(dataDir, 'keele'), ...listPitchReferenceFiles(dataDir, 'fda')];
  const long = new Float32Array(LONG_FILE_S * 16_000);
  let filled = 0;
  for (let i = 0; filled < long.length; i = (i + 1) % files.length) {
    const { audio } = await decodeAudioFile(files[i]!.wavPath);
    const take = Math.min(audio.samples.length, long.length - filled);
    long.set(audio.samples.subarray(0, take), filled);
    filled += take;
  }
  const audio: MonoAudio = { samples: long, sampleRate: 16_000 };
  const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const track = trackPitch(audio);
  const coldSeconds = (performance.now() - started) / 1000;
  const cpuSeconds = (process.cpuUsage(cpuBefore).user + process.cpuUsage(cpuBefore).system) / 1e6;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const warmStarted = performance.now();
  trackPitch(audio);
  const warmSeconds = (performance.now() - warmStarted) / 1000;
  let voiced = 0;
  for (const hz of track.f0Hz) if (hz > 0) voiced++;
  console.log(`10-minute file (${LONG_FILE_S} s of Keele+FDA concatenated, 16 kHz, ${track.f0Hz.length} frames, ${voiced} voiced):`);
  console.log(
    `  ours: ${coldSeconds.toFixed(3)} s cold (CPU ${cpuSeconds.toFixed(3)} s), ${warmSeconds.toFixed(3)} s warm; RTF ${(warmSeconds / LONG_FILE_S).toExponential(2)} (${(LONG_FILE_S / warmSeconds).toFixed(0)}x real time)`,
  );
  console.log(
    `  memory: RSS ${rssBeforeMb.toFixed(0)} MB with the decoded 10 min loaded (38 MB of samples), peak RSS ${peakRssMb.toFixed(0)} MB during tracking (+${(peakRssMb - rssBeforeMb).toFixed(0)} MB)`,
  );
}

await main();
