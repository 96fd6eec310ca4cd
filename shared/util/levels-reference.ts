// The one sentence that says what an analysis's levels are relative to, for the Analyze view, the
// report and the command line alike (issue 11): a level is only as meaningful as its cut points, and
// without a calibration those come from the training studios, not from the user's room.
import type { CalibrationRef } from '../types/calibration';

/** How the corpora of the shipped tables are spelt for people. */
const CORPUS_NAMES: Record<string, string> = { ravdess: 'RAVDESS', nemo: 'nEMO' };

/** A shipped table's corpus name for people: "ravdess+nemo" → "RAVDESS + nEMO". */
export function corpusTableName(table: string): string {
  return table
    .split(/[+,]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => CORPUS_NAMES[part.toLowerCase()] ?? part)
    .join(' + ');
}

/** "Levels relative to: Clinic room (12 recordings)", or plainly the training corpora when uncalibrated. */
export function levelsReference(calibration: CalibrationRef | null, levels: { calibration: string; mode: string }): string {
  const speaker = levels.mode === 'speaker' ? ', re-centred on the speaker baseline' : '';
  if (calibration)
    return `Levels relative to: ${calibration.name} (${calibration.clips} recording${calibration.clips === 1 ? '' : 's'}${speaker})`;
  return `Levels relative to the training corpora (${corpusTableName(levels.calibration) || 'shipped table'}${speaker}), not to your own recordings`;
}
