// The evaluation's corpora: each folder imported with the data service's importers and label
// mappings, split by speaker so the validation speakers are never trained on (DESIGN.md: evaluate
// speaker-independently, and report each corpus separately).
import type { DatasetFormat } from '../../../shared/types/dataset';
import type { SpeakerGender } from '../../../shared/types/prosody';
import { assignSpeakerSplits, DEFAULT_LABEL_MAPPINGS, importDataset, mapLabels } from '../../data';
import { CodedError } from '../../../shared/errors/coded-error';

/** One labelled clip of the evaluation. */
export interface EvalClip {
  file: string;
  /** The corpus it belongs to (the importer's corpus name). */
  corpus: string;
  speaker: string;
  gender: SpeakerGender | null;
  label: string;
  split: 'train' | 'validation';
}

/** A corpus split into training and validation speakers. */
export interface EvalCorpus {
  /** The importer's corpus name, e.g. "ravdess", "nemo". */
  name: string;
  dir: string;
  format: DatasetFormat;
  /** The corpus's own label set after mapping (UAR is taken over these). */
  classes: string[];
  validationSpeakers: string[];
  train: EvalClip[];
  validation: EvalClip[];
}

/**
 * Validation speakers per corpus when none are given: the ones the recipe holds out (issue 6:
 * RAVDESS actors 17–20; issue 11: nEMO's IC0 and KS0, one female and one male actor).
 */
export const DEFAULT_VALIDATION_SPEAKERS: Readonly<Record<string, readonly string[]>> = {
  ravdess: ['17', '18', '19', '20'],
  nemo: ['nemo_IC0', 'nemo_KS0'],
};

export class EvaluationError extends CodedError<'no_validation_speakers' | 'bad_option'> {}

export interface LoadCorpusOptions {
  /** Validation speakers (full ids or trailing numbers). */
  validationSpeakers?: readonly string[];
  /** Validation speakers by corpus name, used when `validationSpeakers` is not given; then DEFAULT_VALIDATION_SPEAKERS. */
  speakersByCorpus?: Readonly<Record<string, readonly string[]>>;
  format?: DatasetFormat;
}

export function loadEvalCorpus(dir: string, options: LoadCorpusOptions = {}): EvalCorpus {
  const imported = importDataset(dir, options.format);
  const validationSpeakers = [
    ...(options.validationSpeakers ?? options.speakersByCorpus?.[imported.corpus] ?? DEFAULT_VALIDATION_SPEAKERS[imported.corpus] ?? []),
  ];
  if (validationSpeakers.length === 0) {
    throw new EvaluationError(
      'no_validation_speakers',
      `No validation speakers known for corpus "${imported.corpus}" (${dir}): name them, e.g. --speakers ${imported.corpus}=SPEAKER,SPEAKER.`,
    );
  }
  const { items } = mapLabels(imported.items, DEFAULT_LABEL_MAPPINGS[imported.format] ?? {});
  const splits = assignSpeakerSplits(
    items.map((i) => i.speaker),
    { validationSpeakers },
  );
  const clips = items.map(
    (i): EvalClip => ({
      file: i.audioPath,
      corpus: imported.corpus,
      speaker: i.speaker,
      gender: i.gender,
      label: i.label,
      split: splits.get(i.speaker) === 'validation' ? 'validation' : 'train',
    }),
  );
  return {
    name: imported.corpus,
    dir: imported.root,
    format: imported.format,
    classes: [...new Set(clips.map((c) => c.label))].sort(),
    validationSpeakers: [...new Set(clips.filter((c) => c.split === 'validation').map((c) => c.speaker))].sort(),
    train: clips.filter((c) => c.split === 'train'),
    validation: clips.filter((c) => c.split === 'validation'),
  };
}

/**
 * `n` clips that cover the classes and speakers: one clip of each class in turn, each class's clips
 * taken speaker by speaker, and each class starting at a different speaker (so 8 RAVDESS clips are 8
 * classes from 4 actors, not 8 clips of actor 17). Deterministic: clips are ordered by file first.
 */
export function stratifiedSample(clips: readonly EvalClip[], n: number): EvalClip[] {
  const classes = [...new Set(clips.map((c) => c.label))].sort();
  const speakers = [...new Set(clips.map((c) => c.speaker))].sort();
  const queues = classes.map((label, i) => {
    const own = clips.filter((c) => c.label === label).sort((a, b) => a.file.localeCompare(b.file));
    const rotated = [...speakers.slice(i % speakers.length), ...speakers.slice(0, i % speakers.length)];
    const bySpeaker = rotated.map((s) => own.filter((c) => c.speaker === s));
    const out: EvalClip[] = [];
    for (let k = 0; out.length < own.length; k++) for (const list of bySpeaker) if (list[k]) out.push(list[k]!);
    return out;
  });
  const picked: EvalClip[] = [];
  const count = Math.max(0, Math.min(Math.floor(n), clips.length));
  for (let k = 0; picked.length < count; k++) for (const q of queues) if (q[k] && picked.length < count) picked.push(q[k]!);
  return picked;
}

/** `n` items spread evenly over `items`. */
export function spreadSample<T>(items: readonly T[], n: number): T[] {
  const count = Math.max(0, Math.min(Math.floor(n), items.length));
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}

/**
 * `--speakers` values: "nemo=nemo_IC0,nemo_KS0" names one corpus's validation speakers; "17,18"
 * (the older single-corpus form) is returned under '*'. Returns corpus name → speakers.
 */
export function parseSpeakerOptions(values: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const [corpus, list] = eq > 0 ? [value.slice(0, eq), value.slice(eq + 1)] : ['*', value];
    const speakers = list
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (speakers.length === 0) throw new EvaluationError('bad_option', `--speakers ${value} names no speaker.`);
    out[corpus] = speakers;
  }
  return out;
}
