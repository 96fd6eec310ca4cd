// How well the pitch track survives the recording channel, ours beside Praat's "To Pitch (ac)" (issue
// 11): N clips drawn with a fixed seed (half RAVDESS, half nEMO) are passed through each transform of
// the invariance check (main/audio/channel-transforms.ts: gain, telephone band, Opus 24 kbit/s, white
// and babble noise at 20 dB SNR; real SoX/FFmpeg runs), and each tracker's track of the transformed clip
// is scored against its own track of the clean clip: the share of clean voiced frames still voiced,
// the frames newly voiced, the gross errors (> 20 % off) and the median |change| of the clip's median F0.
// A tracker that loses voiced frames under a channel loses syllable nuclei with them (they must be
// voiced), so the speed level moves; the Praat column says how much of that any correlation tracker loses.
// Run: npm run bench:channel [-- --clips 32 --seed 11]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { applyChannelTransform, invarianceTransforms, transformName } from '../../main/audio/channel-transforms';
import { comparePitch, scorePitch, type UniformTrack } from '../../main/prosody/pitch/pitch-metrics';
import { trackPitch } from '../../main/prosody/pitch/track-pitch';
import { median } from '../../main/prosody/stats';
import { drawBenchClips, readWav16k } from '../../main/prosody/testing/audio-files';
import { seededRandom } from '../../shared/util/random';
import { praatAvailable, runPraatPitch } from './prosody-praat';

const { values } = parseArgs({ options: { clips: { type: 'string', default: '32' }, seed: { type: 'string', default: '11' } } });
const clipCount = Number(values.clips);
const seed = Number(values.seed);
if (!Number.isInteger(clipCount) || clipCount < 2) {
  console.error(`--clips needs a whole number ≥ 2, got "${values.clips}"`);
  process.exit(2);
}
if (!praatAvailable()) {
  console.error('No `praat` on PATH: the benchmark compares against Praat itself.');
  process.exit(1);
}

const random = seededRandom(seed);
const sources = drawBenchClips(clipCount, random);
/** The speaker of a clip: its folder (Actor_NN in RAVDESS, the speaker code in nEMO). */
const speakerOf = (file: string) => `${path.basename(path.dirname(path.dirname(file)))}/${path.basename(path.dirname(file))}`;

const work = mkdtempSync(path.join(tmpdir(), 'bench-channel-'));
try {
  // The clean clips as 16 kHz mono WAV, what both trackers and every transform read.
  const clean = sources.map((file, i) => {
    const out = path.join(work, `c${i}.wav`);
    execFileSync('sox', [file, '-r', '16000', '-c', '1', '-b', '16', out]);
    return out;
  });
  // Babble for a clip: four clips of other speakers in the draw, never the clip's own voice.
  const othersOf = (i: number) => clean.filter((_, j) => speakerOf(sources[j]!) !== speakerOf(sources[i]!)).slice(0, 4);
  const transforms = invarianceTransforms(othersOf(0)).map(transformName);
  const transformed: string[][] = [];
  for (let i = 0; i < clean.length; i++) {
    const row: string[] = [];
    const list = invarianceTransforms(othersOf(i));
    for (let k = 0; k < list.length; k++) {
      const out = path.join(work, `t${i}-${k}.wav`);
      await applyChannelTransform(clean[i]!, list[k]!, out);
      row.push(out);
    }
    transformed.push(row);
  }

  // Each file tracked once: a clean clip's track is the reference of every transform.
  const ours = new Map<string, UniformTrack>();
  for (const file of [...clean, ...transformed.flat()])
    ours.set(file, { firstTimeS: 0, stepS: 0.01, ...trackPitch(await readWav16k(file)) });
  const oursTrack = (file: string) => ours.get(file)!;
  const praat = runPraatPitch([...clean, ...transformed.flat()], 75, 600, 1).results;
  const praatTrack = (file: string) => praat.get(path.basename(file, '.wav'))!.track;

  type Row = { kept: number; added: number; gpe: number; medianShiftSt: number };
  const score = (track: (f: string) => UniformTrack, k: number): Row => {
    const comparisons = [];
    const shifts: number[] = [];
    let cleanVoiced = 0;
    let added = 0;
    for (let i = 0; i < clean.length; i++) {
      const [a, b] = [track(clean[i]!), track(transformed[i]![k]!)];
      const c = comparePitch(b, a);
      comparisons.push(c);
      const voiced = Array.from(a.f0Hz).filter((x) => x > 0);
      const voicedAfter = Array.from(b.f0Hz).filter((x) => x > 0);
      cleanVoiced += voiced.length;
      // Voicing errors are frames lost or added; lost = clean voiced − voiced in both.
      added += c.voicingErrors - (voiced.length - c.voicedInBoth);
      if (voiced.length && voicedAfter.length) shifts.push(Math.abs(12 * Math.log2(median(voicedAfter) / median(voiced))));
    }
    const s = scorePitch(comparisons);
    return { kept: s.voicedInBoth / cleanVoiced, added: added / cleanVoiced, gpe: s.gpe, medianShiftSt: median(shifts) };
  };

  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  console.log(
    `Pitch track under the recording channel, each tracker against its own track of the clean clip: ${clean.length} clips (seed ${seed}; RAVDESS ${Math.ceil(clipCount / 2)}, nEMO ${Math.floor(clipCount / 2)})\n`,
  );
  console.log(
    'transform              | voiced frames kept (ours / Praat) | frames newly voiced | gross errors > 20 % | median |Δ median F0|',
  );
  console.log(
    '-----------------------|-----------------------------------|---------------------|---------------------|---------------------',
  );
  for (let k = 0; k < transforms.length; k++) {
    const [o, p] = [score(oursTrack, k), score(praatTrack, k)];
    console.log(
      `${transforms[k]!.padEnd(22)} | ${`${pct(o.kept)} / ${pct(p.kept)}`.padStart(33)} | ${`${pct(o.added)} / ${pct(p.added)}`.padStart(19)} | ${`${pct(o.gpe)} / ${pct(p.gpe)}`.padStart(19)} | ${`${o.medianShiftSt.toFixed(2)} / ${p.medianShiftSt.toFixed(2)} st`.padStart(19)}`,
    );
  }
  console.log("\nOurs: trackPitch (55–500 Hz, the app's settings). Praat: To Pitch (ac), 75–600 Hz, its default thresholds.");
} finally {
  rmSync(work, { recursive: true, force: true });
}
