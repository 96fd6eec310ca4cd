// Praat's own voice-report measures (jitter local, shimmer local, mean HNR cc) for a list of audio
// files, in one headless Praat process (voice-report.praat beside this file): the reference that
// `npm run bench:voice-quality` and voice-quality-praat.test.ts hold our measures against (issue 15).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Praat's figures for one file (NaN where Praat says undefined). */
export interface PraatVoiceReport {
  jitterLocal: number;
  shimmerLocal: number;
  hnrDb: number;
  pulseCount: number;
  /** Praat's analysis time (stopwatch around pitch, pulses, jitter, shimmer, harmonicity), not reading. */
  analysisSeconds: number;
}

/** True when a `praat` executable answers on PATH. */
export function praatAvailable(): boolean {
  return spawnSync('praat', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** Praat's voice report of each file, keyed by the path as given; pitch range 75–600 Hz (Praat's voice-report default). */
export function runPraatVoiceReport(files: readonly string[]): Map<string, PraatVoiceReport> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'praat-voice-'));
  try {
    const listFile = path.join(workDir, 'files.txt');
    const outFile = path.join(workDir, 'report.tsv');
    writeFileSync(listFile, files.map((f) => path.resolve(f)).join('\n') + '\n');
    const script = path.resolve(import.meta.dirname, 'voice-report.praat');
    const run = spawnSync('praat', ['--run', script, listFile, outFile, '75', '600', ''], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`Praat failed (exit ${run.status}): ${run.stderr || run.stdout}`);
    const byPath = new Map<string, PraatVoiceReport>();
    for (const line of readFileSync(outFile, 'utf8').trim().split('\n')) {
      const [file, jitter, shimmer, hnr, pulses, seconds] = line.split('\t');
      byPath.set(file!, {
        jitterLocal: Number(jitter),
        shimmerLocal: Number(shimmer),
        hnrDb: Number(hnr),
        pulseCount: Number(pulses),
        analysisSeconds: Number(seconds),
      });
    }
    return new Map(files.map((f) => [f, byPath.get(path.resolve(f))!]));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
