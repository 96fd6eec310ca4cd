// Runs Praat's "To Pitch (ac)" over many files in one headless process (scripts/bench/praat/
// pitch-listing.praat) and reads back its per-file listings, for the pitch benchmark in prosody.ts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { UniformTrack } from '../../main/prosody/pitch/pitch-metrics';

/** Praat's output for one file: its track and the seconds "To Pitch (ac)" took (stopwatch). */
export interface PraatPitchResult {
  track: UniformTrack;
  analysisSeconds: number;
}

export interface PraatRun {
  /** Keyed by file name without extension. */
  results: Map<string, PraatPitchResult>;
  /** Wall time of the whole Praat process: start-up, reading, every repeat of the analysis, listings. */
  processWallSeconds: number;
}

/** True when a `praat` executable answers on PATH. */
export function praatAvailable(): boolean {
  return spawnSync('praat', ['--version'], { encoding: 'utf8' }).status === 0;
}

export function runPraatPitch(wavPaths: readonly string[], floorHz: number, ceilingHz: number, repeats: number): PraatRun {
  const workDir = mkdtempSync(path.join(tmpdir(), 'praat-pitch-'));
  try {
    const listPath = path.join(workDir, 'files.txt');
    writeFileSync(listPath, wavPaths.join('\n') + '\n');
    const script = path.resolve(import.meta.dirname, 'praat/pitch-listing.praat');
    const started = performance.now();
    const run = spawnSync('praat', ['--run', script, listPath, workDir, String(floorHz), String(ceilingHz), String(repeats)], {
      encoding: 'utf8',
    });
    const processWallSeconds = (performance.now() - started) / 1000;
    if (run.status !== 0) throw new Error(`Praat failed (exit ${run.status}): ${run.stderr || run.stdout}`);
    const results = new Map<string, PraatPitchResult>();
    for (const wav of wavPaths) {
      const name = path.basename(wav, '.wav');
      results.set(name, parseListing(readFileSync(path.join(workDir, `${name}.pitch.txt`), 'utf8')));
    }
    return { results, processWallSeconds };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** Line 1: "firstTimeS stepS frameCount analysisSeconds"; then one F0 per line (0 = unvoiced). */
function parseListing(text: string): PraatPitchResult {
  const lines = text.trim().split('\n');
  const [firstTimeS, stepS, frameCount, analysisSeconds] = lines[0]!.trim().split(/\s+/).map(Number);
  const f0Hz = lines.slice(1).map(Number);
  if (f0Hz.length !== frameCount) throw new Error(`Praat listing has ${f0Hz.length} frames, header says ${frameCount}.`);
  return { track: { firstTimeS: firstTimeS!, stepS: stepS!, f0Hz }, analysisSeconds: analysisSeconds! };
}
