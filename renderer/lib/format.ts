/** Bytes as a short human size (1.2 MB). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A probability as a percentage with no false precision (62 %, 4.1 %). */
export function formatPercent(p: number): string {
  return `${(p * 100).toFixed(p < 0.1 ? 1 : 0)} %`;
}
