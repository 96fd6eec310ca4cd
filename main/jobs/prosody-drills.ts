// Stage 1 (prosody base) trains on perception drills, not on the reasoning traces: for each EmotionCoT
// record, the single-clip questions its measured prosody answers (pitch, energy, speed, intonation,
// range, final movement, stress position; recipe/prosody-tasks.ts). The drills are written into the
// job's own folder, so the job is self-contained. The recipe's comparative pairs (synthesised
// two-version WAVs, `npm run train:default`) are not built here: they take minutes of audio work.
import { shuffled } from '../../shared/util/maths';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EmotionCotRecord } from '../../shared/types/dataset';
import { AppError } from '../../shared/errors/app-error';
import { singleClipTasks, taskTarget } from '../ml/recipe/prosody-tasks';
import { seededRandom, writeJsonl } from '../ml/recipe/stage-datasets';

export const DRILLS_FILE_NAME = 'prosody-drills.jsonl';

/** Writes the drills of `cotFile`'s records to `<jobDir>/<fileName>`; returns its path and size. */
export function writeProsodyDrills(
  cotFile: string,
  jobDir: string,
  seed: number,
  fileName = DRILLS_FILE_NAME,
): { path: string; drills: number; clips: number } {
  const base = path.dirname(cotFile);
  const rows: { audio: string; prompt: string; target: string }[] = [];
  let clips = 0;
  const lines = readFileSync(cotFile, 'utf8').split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let record: Partial<EmotionCotRecord>;
    try {
      record = JSON.parse(line) as Partial<EmotionCotRecord>;
    } catch {
      throw new AppError('invalid_payload', `${cotFile} line ${index + 1} is not JSON.`);
    }
    if (typeof record.audio !== 'string' || typeof record.prosody !== 'object' || record.prosody === null) {
      throw new AppError(
        'invalid_payload',
        `The prosody base stage needs EmotionCoT records with their measured prosody (an imported dataset's built traces, or build:cot output); ${cotFile} line ${index + 1} has none.`,
      );
    }
    clips += 1;
    // The drills file lives elsewhere: relative audio paths are made absolute against the source file.
    const audio = path.isAbsolute(record.audio) ? record.audio : path.resolve(base, record.audio);
    for (const task of singleClipTasks(record.prosody)) rows.push({ audio, prompt: task.prompt, target: taskTarget(task.answer) });
  });
  if (rows.length === 0) throw new AppError('invalid_payload', `${cotFile} holds no records to make prosody drills from.`);
  const file = path.join(jobDir, fileName);
  writeJsonl(file, shuffled(seededRandom(seed), rows));
  return { path: file, drills: rows.length, clips };
}
