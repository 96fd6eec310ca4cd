// One colour per emotion label, the same in the app's emotion timeline and in the printed report:
// a label keeps its colour by its place in the model's label list.

const PALETTE = ['#8c8c8c', '#6b8fb3', '#e0a100', '#3f6fd8', '#d1453b', '#8e5bd0', '#4f9a45', '#d97a1f', '#2aa198', '#b05c8a'];

/** The colour of `label` among the model's `labels` (an unknown label gets the first). */
export function labelColour(label: string, labels: readonly string[]): string {
  return PALETTE[Math.max(0, labels.indexOf(label)) % PALETTE.length]!;
}
