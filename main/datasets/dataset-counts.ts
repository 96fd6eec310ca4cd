// Counts of a dataset under its current label mapping: clips per model label and split, per speaker,
// per gender and per split, and each corpus label with what the mapping makes of it. Only mapped clips
// are counted (those a build and training would use); unknown and left-out labels are listed apart.
import type { DatasetItem, DatasetSplit, LabelMapping } from '../../shared/types/dataset';
import type { DatasetCounts, DatasetDetails } from '../../shared/types/datasets';
import { mapLabels, type MappedItems } from '../data/importers/label-mapping';

export interface CountedDataset {
  mapped: MappedItems;
  counts: DatasetCounts;
  sourceLabels: DatasetDetails['sourceLabels'];
}

export function countDataset(
  items: readonly DatasetItem[],
  mapping: LabelMapping,
  splits: ReadonlyMap<string, DatasetSplit>,
): CountedDataset {
  const mapped = mapLabels([...items], mapping);
  const splitOf = (speaker: string): DatasetSplit => splits.get(speaker) ?? 'train';
  const byLabel = new Map<string, Record<DatasetSplit, number>>();
  const bySpeaker = new Map<string, DatasetCounts['bySpeaker'][number]>();
  const byGender = { female: 0, male: 0, unknown: 0 };
  const bySplit: Record<DatasetSplit, number> = { train: 0, validation: 0, test: 0 };
  for (const item of mapped.items) {
    const split = splitOf(item.speaker);
    const perSplit = byLabel.get(item.label) ?? { train: 0, validation: 0, test: 0 };
    perSplit[split] += 1;
    byLabel.set(item.label, perSplit);
    const speaker = bySpeaker.get(item.speaker) ?? { speaker: item.speaker, gender: item.gender, split, clips: 0 };
    speaker.clips += 1;
    bySpeaker.set(item.speaker, speaker);
    byGender[item.gender ?? 'unknown'] += 1;
    bySplit[split] += 1;
  }
  const sources = new Map<string, number>();
  for (const item of items) sources.set(item.sourceLabel, (sources.get(item.sourceLabel) ?? 0) + 1);
  const identity = Object.keys(mapping).length === 0;
  const sourceLabels = [...sources]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([sourceLabel, count]) => {
      const key = Object.hasOwn(mapping, sourceLabel) ? sourceLabel : sourceLabel.toLowerCase();
      const known = identity || Object.hasOwn(mapping, key);
      return { sourceLabel, count, ...(known ? { mappedTo: identity ? sourceLabel : (mapping[key] ?? null) } : {}) };
    });
  return {
    mapped,
    sourceLabels,
    counts: {
      byLabel: [...byLabel]
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([label, s]) => ({ label, ...s, total: s.train + s.validation + s.test })),
      bySpeaker: [...bySpeaker.values()].sort((a, b) => a.speaker.localeCompare(b.speaker, 'en', { numeric: true })),
      byGender,
      bySplit,
    },
  };
}

/** Two mappings say the same (key order aside). */
export function sameMapping(a: LabelMapping, b: LabelMapping): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}
