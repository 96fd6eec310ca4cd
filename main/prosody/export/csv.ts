// CSV export of the per-frame tracks (one row per 10 ms frame), for spreadsheets and R/pandas.
import type { ProsodyFrames } from '../../../shared/types/prosody';

const CSV_COLUMNS = ['time_s', 'f0_hz', 'voiced_probability', 'intensity_db', 'rms_dbfs', 'semitones', 'is_speech'] as const;

/** Numbers with fixed precision; empty cell where undefined (NaN). */
function cell(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '';
}

export function framesToCsv(frames: ProsodyFrames): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (let i = 0; i < frames.f0Hz.length; i++) {
    rows.push(
      [
        cell(i * frames.frameStepS, 3),
        cell(frames.f0Hz[i]!, 2),
        cell(frames.voicedProbability[i]!, 3),
        cell(frames.intensityDb[i]!, 2),
        cell(frames.rmsDbfs[i]!, 2),
        cell(frames.semitones[i]!, 3),
        String(frames.isSpeech[i]),
      ].join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}
