// IEMOCAP (Busso et al. 2008): labels in SessionN/dialog/EmoEvaluation/<dialog>.txt lines
// "[start - end]<TAB>Ses01F_impro01_F000<TAB>neu<TAB>[v, a, d]"; audio in
// SessionN/sentences/wav/<dialog>/<utterance>.wav; transcripts in dialog/transcriptions/<dialog>.txt.
// Speaker = session + the utterance's speaker letter (each session has one female and one male actor).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatasetImport, DatasetItem, SkippedItem } from '../../../shared/types/dataset';
import { listAudioFiles, listFiles, requireFolder } from './walk';

const EVALUATION_LINE = /^\[\s*[\d.]+\s*-\s*[\d.]+\s*\]\s+(Ses(\d{2})[FM]_\S+_([FM])\d+)\s+(\S+)/;
const TRANSCRIPT_LINE = /^(Ses\d{2}[FM]_\S+_[FM]\d+)\s+\[[^\]]*\]:\s*(.*)$/;

export function importIemocap(root: string): DatasetImport {
  requireFolder(root);
  const wavByUtterance = new Map(listAudioFiles(root).map((f) => [path.basename(f).replace(/\.[^.]+$/, ''), f]));
  const transcripts = new Map<string, string>();
  for (const file of listFiles(root, /\.txt$/).filter((f) => path.basename(path.dirname(f)) === 'transcriptions')) {
    for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
      const m = TRANSCRIPT_LINE.exec(line.trim());
      if (m) transcripts.set(m[1]!, m[2]!.trim());
    }
  }
  const items: DatasetItem[] = [];
  const problems: SkippedItem[] = [];
  const evaluationFiles = listFiles(root, /\.txt$/).filter((f) => path.basename(path.dirname(f)) === 'EmoEvaluation');
  for (const file of evaluationFiles) {
    for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
      const m = EVALUATION_LINE.exec(line.trim());
      if (!m) continue;
      const [, utterance, session, letter, label] = m as unknown as [string, string, string, string, string];
      const audioPath = wavByUtterance.get(utterance);
      if (!audioPath) {
        problems.push({
          audioPath: utterance,
          code: 'missing_audio',
          message: `Label file ${path.basename(file)} names ${utterance}, but no audio file of that name is in the folder.`,
        });
        continue;
      }
      const transcript = transcripts.get(utterance);
      items.push({
        audioPath,
        speaker: `iemocap_Ses${session}_${letter}`,
        gender: letter === 'F' ? 'female' : 'male',
        sourceLabel: label,
        ...(transcript ? { transcript } : {}),
      });
    }
  }
  items.sort((a, b) => a.audioPath.localeCompare(b.audioPath));
  return { format: 'iemocap', corpus: 'iemocap', root, items, problems };
}
