// Berlin EmoDB (Burkhardt et al. 2005): 03a01Fa.wav = speaker 03, text a01, emotion F (German
// initial), version a. Speaker genders are published in the corpus documentation.
import path from 'node:path';
import type { DatasetImport, DatasetItem, SkippedItem } from '../../../shared/types/dataset';
import type { SpeakerGender } from '../../../shared/types/prosody';
import { listAudioFiles } from './walk';

const EMOTIONS: Record<string, string> = { W: 'angry', L: 'boredom', E: 'disgust', A: 'fearful', F: 'happy', T: 'sad', N: 'neutral' };
const GENDERS: Record<string, SpeakerGender> = {
  '03': 'male',
  '08': 'female',
  '09': 'female',
  '10': 'male',
  '11': 'male',
  '12': 'male',
  '13': 'female',
  '14': 'female',
  '15': 'male',
  '16': 'female',
};
const NAME = /^(\d{2})([a-z]\d{2})([A-Z])([a-z])\.[a-z0-9]+$/;

export function importEmoDb(root: string): DatasetImport {
  const items: DatasetItem[] = [];
  const problems: SkippedItem[] = [];
  for (const file of listAudioFiles(root)) {
    const m = NAME.exec(path.basename(file));
    if (!m) {
      problems.push({
        audioPath: file,
        code: 'bad_file_name',
        message: `"${path.basename(file)}" does not follow the EmoDB naming (03a01Fa.wav).`,
      });
      continue;
    }
    items.push({ audioPath: file, speaker: `emodb_${m[1]}`, gender: GENDERS[m[1]!] ?? null, sourceLabel: EMOTIONS[m[3]!] ?? m[3]! });
  }
  return { format: 'emodb', corpus: 'emodb', root, items, problems };
}
