// Readers for the laryngograph pitch references the tracker is measured against (DESIGN.md, shared
// data README): Keele (`*.f0.csv`, 10 ms frames; "uncertain" frames are not scored) and FDA
// (`*.f0ref`, one value per 15 ms frame). Frame i sits at i·step with no offset, for both sets.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { UniformTrack } from './pitch-metrics';

/** The two pitch-reference corpora under <data>/pitch. */
export type PitchCorpus = 'keele' | 'fda';

/** One recording with its reference track. */
export interface PitchReferenceFile {
  corpus: PitchCorpus;
  name: string;
  wavPath: string;
  referencePath: string;
}

/** <project root>/../shared/data/pitch, where the lead keeps Keele and FDA. */
export function pitchDataDir(projectRoot: string): string {
  return path.resolve(projectRoot, '../shared/data/pitch');
}

/** The recordings of a corpus that have both a WAV and a reference, sorted by name; [] if absent. */
export function listPitchReferenceFiles(dataDir: string, corpus: PitchCorpus): PitchReferenceFile[] {
  const dir = path.join(dataDir, corpus);
  if (!existsSync(dir)) return [];
  const suffix = corpus === 'keele' ? '.f0.csv' : '.f0ref';
  return readdirSync(dir)
    .filter((file) => file.endsWith('.wav'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -'.wav'.length);
      return { corpus, name, wavPath: path.join(dir, file), referencePath: path.join(dir, name + suffix) };
    })
    .filter((entry) => existsSync(entry.referencePath));
}

/** Reads a reference as a track; Keele's "uncertain" frames become NaN (not scored). */
export function readPitchReference(file: PitchReferenceFile): UniformTrack {
  const text = readFileSync(file.referencePath, 'utf8');
  return file.corpus === 'keele' ? parseKeeleCsv(text) : parseFdaF0ref(text);
}

/** Keele `time_s,f0_hz,period_samples_20k,voicing`, one row per 10 ms. */
export function parseKeeleCsv(text: string): UniformTrack {
  const rows = text.trim().split('\n').slice(1);
  const f0Hz = rows.map((row) => {
    const [, hz, , voicing] = row.split(',');
    return voicing?.trim() === 'uncertain' ? NaN : Number(hz);
  });
  return { firstTimeS: 0, stepS: 0.01, f0Hz };
}

/** FDA: one F0 in Hz per 15 ms frame, whitespace-separated (0 = unvoiced). */
export function parseFdaF0ref(text: string): UniformTrack {
  return { firstTimeS: 0, stepS: 0.015, f0Hz: text.trim().split(/\s+/).map(Number) };
}
