// Corpus labels → a model's label set, through an editable JSON mapping. Labels the mapping does not
// know are reported with counts and examples (never silently dropped); a null entry drops a label on
// purpose (IEMOCAP "xxx" = no agreement).
import { readFileSync } from 'node:fs';
import type { DatasetFormat, DatasetItem, LabelMapping, SkippedItem, UnknownLabelReport } from '../../../shared/types/dataset';
import { DatasetError } from '../dataset-error';
import { describeError } from '../../../shared/errors/coded-error';

/** Default mappings onto the RAVDESS-style names the default model uses (DESIGN.md). */
export const DEFAULT_LABEL_MAPPINGS: Record<DatasetFormat, LabelMapping> = {
  ravdess: {
    neutral: 'neutral',
    calm: 'calm',
    happy: 'happy',
    sad: 'sad',
    angry: 'angry',
    fearful: 'fearful',
    disgust: 'disgust',
    surprised: 'surprised',
  },
  'crema-d': { neutral: 'neutral', happy: 'happy', sad: 'sad', angry: 'angry', fearful: 'fearful', disgust: 'disgust' },
  emodb: { neutral: 'neutral', happy: 'happy', sad: 'sad', angry: 'angry', fearful: 'fearful', disgust: 'disgust', boredom: 'boredom' },
  esd: { neutral: 'neutral', happy: 'happy', sad: 'sad', angry: 'angry', surprise: 'surprised' },
  // IEMOCAP's usual 4-class setup merges excited into happy; other categories are dropped explicitly.
  iemocap: {
    neu: 'neutral',
    hap: 'happy',
    exc: 'happy',
    sad: 'sad',
    ang: 'angry',
    fru: null,
    sur: null,
    fea: null,
    dis: null,
    oth: null,
    xxx: null,
  },
  csv: {},
};

/** Loads and checks a mapping file: a JSON object of string → string | null. */
export function loadLabelMapping(file: string): LabelMapping {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DatasetError('bad_label_mapping', `Label mapping "${file}" is not readable JSON: ${describeError(error)}.`);
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    !Object.values(value).every((v) => typeof v === 'string' || v === null)
  ) {
    throw new DatasetError(
      'bad_label_mapping',
      `Label mapping "${file}" must be a JSON object of corpus label → model label (string) or null.`,
    );
  }
  return value as LabelMapping;
}

/** Items with a mapped label, the skipped ones (unknown or excluded) and a report of unknown labels. */
export interface MappedItems {
  items: (DatasetItem & { label: string })[];
  skipped: SkippedItem[];
  unknownLabels: UnknownLabelReport[];
}

/** Applies `mapping`; an empty mapping (CSV default) keeps labels as written. */
export function mapLabels(items: DatasetItem[], mapping: LabelMapping): MappedItems {
  const identity = Object.keys(mapping).length === 0;
  const mapped: MappedItems['items'] = [];
  const skipped: SkippedItem[] = [];
  const unknown = new Map<string, UnknownLabelReport>();
  for (const item of items) {
    const key = Object.hasOwn(mapping, item.sourceLabel) ? item.sourceLabel : item.sourceLabel.toLowerCase();
    if (identity) mapped.push({ ...item, label: item.sourceLabel });
    else if (!Object.hasOwn(mapping, key)) {
      const report = unknown.get(item.sourceLabel) ?? { sourceLabel: item.sourceLabel, count: 0, examples: [] };
      report.count += 1;
      if (report.examples.length < 3) report.examples.push(item.audioPath);
      unknown.set(item.sourceLabel, report);
      skipped.push({
        audioPath: item.audioPath,
        code: 'unknown_label',
        message: `Label "${item.sourceLabel}" is not in the label mapping.`,
      });
    } else if (mapping[key] === null) {
      skipped.push({
        audioPath: item.audioPath,
        code: 'excluded_label',
        message: `Label "${item.sourceLabel}" is mapped to null (excluded).`,
      });
    } else mapped.push({ ...item, label: mapping[key]! });
  }
  return { items: mapped, skipped, unknownLabels: [...unknown.values()].sort((a, b) => b.count - a.count) };
}
