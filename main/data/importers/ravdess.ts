// RAVDESS (Livingstone & Russo 2018): labels in the file name
// modality-channel-emotion-intensity-statement-repetition-actor.wav; odd actors male, even female.
import path from 'node:path';
import type { DatasetImport, DatasetItem, SkippedItem } from '../../../shared/types/dataset';
import { listAudioFiles } from './walk';

const EMOTIONS: Record<string, string> = {
  '01': 'neutral',
  '02': 'calm',
  '03': 'happy',
  '04': 'sad',
  '05': 'angry',
  '06': 'fearful',
  '07': 'disgust',
  '08': 'surprised',
};
const STATEMENTS: Record<string, string> = { '01': 'Kids are talking by the door', '02': 'Dogs are sitting by the door' };
const NAME = /^(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})\.[a-z0-9]+$/i;

export function importRavdess(root: string): DatasetImport {
  const items: DatasetItem[] = [];
  const problems: SkippedItem[] = [];
  for (const file of listAudioFiles(root)) {
    const m = NAME.exec(path.basename(file));
    const emotion = m ? EMOTIONS[m[3]!] : undefined;
    if (!m || !emotion) {
      problems.push({
        audioPath: file,
        code: 'bad_file_name',
        message: `"${path.basename(file)}" does not follow the RAVDESS naming (03-01-EE-II-SS-RR-AA.wav with emotion 01–08).`,
      });
      continue;
    }
    const actor = Number(m[7]);
    items.push({
      audioPath: file,
      speaker: `ravdess_${m[7]}`,
      gender: actor % 2 === 1 ? 'male' : 'female',
      sourceLabel: emotion,
      ...(STATEMENTS[m[5]!] ? { transcript: STATEMENTS[m[5]!] } : {}),
    });
  }
  return { format: 'ravdess', corpus: 'ravdess', root, items, problems };
}
