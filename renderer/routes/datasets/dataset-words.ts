// Small wordings of the Datasets page.

/** "4 s", "2 min 05 s", "1 h 03 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** Layout names as people write them. */
export const FORMAT_NAMES: Record<string, string> = {
  ravdess: 'RAVDESS',
  'crema-d': 'CREMA-D',
  emodb: 'EmoDB',
  esd: 'ESD',
  iemocap: 'IEMOCAP',
  csv: 'CSV manifest',
};
