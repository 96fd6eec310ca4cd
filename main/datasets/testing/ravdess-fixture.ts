// A small RAVDESS folder for tests: copies of 12 real clips of ../shared/data/ravdess (actors 1–3 ×
// neutral, calm, sad, angry; statement 1, normal intensity) in a temp dir — never into the project.
// Copies, not symlinks: the importers' folder walk lists plain files only. Optionally a clip that is not audio (a decode failure for the build)
// and a file whose name breaks the layout (an import problem).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const SHARED_RAVDESS = path.resolve(import.meta.dirname, '../../../../shared/data/ravdess');

/** The 12 clips' RAVDESS names, by actor. */
export const FIXTURE_EMOTIONS = ['01', '02', '04', '05'] as const;
export const FIXTURE_ACTORS = ['01', '02', '03'] as const;

export function hasSharedRavdess(): boolean {
  return existsSync(path.join(SHARED_RAVDESS, 'Actor_01', '03-01-01-01-01-01-01.wav'));
}

export interface SmallRavdessOptions {
  /** Adds Actor_03/03-01-05-01-02-02-03.wav holding text, not audio (the build lists it as not_audio). */
  undecodable?: boolean;
  /** Adds Actor_01/notes.wav, a name outside the RAVDESS layout (the import lists it as bad_file_name). */
  badName?: boolean;
}

export function makeSmallRavdess(options: SmallRavdessOptions = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), 'et-dataset-'));
  for (const actor of FIXTURE_ACTORS) {
    mkdirSync(path.join(root, `Actor_${actor}`));
    for (const emotion of FIXTURE_EMOTIONS) {
      const name = `03-01-${emotion}-01-01-01-${actor}.wav`;
      copyFileSync(path.join(SHARED_RAVDESS, `Actor_${actor}`, name), path.join(root, `Actor_${actor}`, name));
    }
  }
  if (options.undecodable) writeFileSync(path.join(root, 'Actor_03', '03-01-05-01-02-02-03.wav'), 'this is not a wave file at all');
  if (options.badName) writeFileSync(path.join(root, 'Actor_01', 'notes.wav'), 'not a RAVDESS name');
  return root;
}
