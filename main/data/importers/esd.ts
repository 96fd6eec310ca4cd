// ESD, Emotional Speech Dataset (Zhou et al. 2021): <speaker>/<Emotion>/[train|evaluation|test/]<speaker>_<n>.wav,
// with <speaker>/<speaker>.txt holding "id<TAB>text<TAB>emotion". The label is the emotion folder.
// ESD documents no per-speaker gender in its files, so gender stays unknown (pitch uses the
// corpus-wide tertiles) rather than being guessed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatasetImport, DatasetItem, SkippedItem } from '../../../shared/types/dataset';
import { listAudioFiles, listFiles } from './walk';

const EMOTION_FOLDERS = new Set(['angry', 'happy', 'neutral', 'sad', 'surprise']);
const NAME = /^(\d{4})_(\d{6})\.[a-z0-9]+$/i;

function readTranscripts(root: string): Map<string, string> {
  const texts = new Map<string, string>();
  for (const file of listFiles(root, /^\d{4}\.txt$/)) {
    for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
      const [id, text] = line.split('\t');
      if (id && text) texts.set(id.trim(), text.trim());
    }
  }
  return texts;
}

export function importEsd(root: string): DatasetImport {
  const transcripts = readTranscripts(root);
  const items: DatasetItem[] = [];
  const problems: SkippedItem[] = [];
  for (const file of listAudioFiles(root)) {
    const m = NAME.exec(path.basename(file));
    const folders = path
      .relative(root, file)
      .split(path.sep)
      .slice(0, -1)
      .map((f) => f.toLowerCase());
    const emotion = folders.find((f) => EMOTION_FOLDERS.has(f));
    if (!m || !emotion) {
      problems.push({
        audioPath: file,
        code: 'bad_file_name',
        message: `"${path.relative(root, file)}" does not follow the ESD layout (<speaker>/<Emotion>/<speaker>_<nnnnnn>.wav).`,
      });
      continue;
    }
    const id = path.basename(file).replace(/\.[^.]+$/, '');
    const transcript = transcripts.get(id);
    items.push({ audioPath: file, speaker: `esd_${m[1]}`, gender: null, sourceLabel: emotion, ...(transcript ? { transcript } : {}) });
  }
  return { format: 'esd', corpus: 'esd', root, items, problems };
}
