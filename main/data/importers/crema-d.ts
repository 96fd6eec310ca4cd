// CREMA-D (Cao et al. 2014): ActorID_Sentence_Emotion_Level.wav, e.g. 1001_DFA_ANG_XX.wav.
// Gender comes from VideoDemographics.csv (ActorID, Sex) when it is in the folder; else unknown.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatasetImport, DatasetItem, SkippedItem } from '../../../shared/types/dataset';
import type { SpeakerGender } from '../../../shared/types/prosody';
import { parseCsvRecords } from './csv-text';
import { parseGender } from './gender';
import { listAudioFiles, listFiles } from './walk';

const EMOTIONS: Record<string, string> = { ANG: 'angry', DIS: 'disgust', FEA: 'fearful', HAP: 'happy', NEU: 'neutral', SAD: 'sad' };
const SENTENCES: Record<string, string> = {
  IEO: "It's eleven o'clock",
  TIE: 'That is exactly what happened',
  IOM: "I'm on my way to the meeting",
  IWW: 'I wonder what this is about',
  TAI: 'The airplane is almost full',
  MTI: 'Maybe tomorrow it will be cold',
  IWL: 'I would like a new alarm clock',
  ITH: "I think I have a doctor's appointment",
  DFA: "Don't forget a jacket",
  ITS: "I think I've seen this before",
  TSI: 'The surface is slick',
  WSI: "We'll stop in a couple of minutes",
};
const NAME = /^(\d{4})_([A-Z]{3})_([A-Z]{3})_([A-Z]{2})\.[a-z0-9]+$/i;

function readDemographics(root: string): Map<string, SpeakerGender | null> {
  const genders = new Map<string, SpeakerGender | null>();
  const file = listFiles(root, /^VideoDemographics\.csv$/i)[0];
  if (!file || !existsSync(file)) return genders;
  for (const r of parseCsvRecords(readFileSync(file, 'utf8')).records) genders.set(r['actorid'] ?? '', parseGender(r['sex']));
  return genders;
}

export function importCremaD(root: string): DatasetImport {
  const genders = readDemographics(root);
  const items: DatasetItem[] = [];
  const problems: SkippedItem[] = [];
  for (const file of listAudioFiles(root)) {
    const m = NAME.exec(path.basename(file));
    if (!m) {
      problems.push({
        audioPath: file,
        code: 'bad_file_name',
        message: `"${path.basename(file)}" does not follow the CREMA-D naming (1001_DFA_ANG_XX.wav).`,
      });
      continue;
    }
    const code = m[3]!.toUpperCase();
    const sentence = SENTENCES[m[2]!.toUpperCase()];
    items.push({
      audioPath: file,
      speaker: `crema-d_${m[1]}`,
      gender: genders.get(m[1]!) ?? null,
      sourceLabel: EMOTIONS[code] ?? code,
      ...(sentence ? { transcript: sentence } : {}),
    });
  }
  return { format: 'crema-d', corpus: 'crema-d', root, items, problems };
}
