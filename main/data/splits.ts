// Speaker-independent splits: every speaker lands in exactly one split, so validation measures
// generalisation to unseen voices (DESIGN.md: "evaluate speaker-independently"). Either explicit
// speaker lists (issue 6: RAVDESS actors 17–20 validation) or a seeded shuffle of speakers.
import { shuffled } from '../../shared/util/maths';
import type { DatasetSplit } from '../../shared/types/dataset';
import { DatasetError } from './dataset-error';
import { seededRandom } from '../../shared/util/random';

export interface SplitOptions {
  seed?: number;
  /** Speakers for validation: full ids ("ravdess_17") or their trailing numbers ("17"). */
  validationSpeakers?: string[];
  testSpeakers?: string[];
  /** Share of speakers for validation when no list is given (default 0.2). */
  validationShare?: number;
  /** Share of speakers for test when no list is given (default 0). */
  testShare?: number;
}

/** True when `given` names `speaker` exactly or by its trailing number ("17" ~ "ravdess_17"). */
function namesSpeaker(given: string, speaker: string): boolean {
  if (given === speaker) return true;
  const tail = /(\d+)$/.exec(speaker);
  return /^\d+$/.test(given) && tail !== null && Number(tail[1]) === Number(given);
}

function resolveList(given: string[], speakers: string[], what: string): Set<string> {
  const out = new Set<string>();
  for (const g of given) {
    const hits = speakers.filter((s) => namesSpeaker(g.trim(), s));
    if (hits.length === 0)
      throw new DatasetError(
        'bad_split',
        `${what} speaker "${g}" is not in the dataset (speakers: ${speakers.slice(0, 8).join(', ')}${speakers.length > 8 ? ', …' : ''}).`,
      );
    hits.forEach((h) => out.add(h));
  }
  return out;
}

/** Speaker → split. Explicit lists win; other speakers go to train unless shares are set. */
export function assignSpeakerSplits(speakerIds: Iterable<string>, options: SplitOptions = {}): Map<string, DatasetSplit> {
  const speakers = [...new Set(speakerIds)].sort();
  const result = new Map<string, DatasetSplit>();
  const validation = resolveList(options.validationSpeakers ?? [], speakers, 'Validation');
  const test = resolveList(options.testSpeakers ?? [], speakers, 'Test');
  for (const s of validation)
    if (test.has(s)) throw new DatasetError('bad_split', `Speaker "${s}" is listed for both validation and test.`);
  const explicit = validation.size > 0 || test.size > 0;
  if (explicit) {
    for (const s of speakers) result.set(s, validation.has(s) ? 'validation' : test.has(s) ? 'test' : 'train');
    return result;
  }
  const order = shuffled(seededRandom(options.seed ?? 1), speakers);
  const nVal = speakers.length < 2 ? 0 : Math.max(1, Math.round(speakers.length * (options.validationShare ?? 0.2)));
  const nTest = Math.round(speakers.length * (options.testShare ?? 0));
  if (nVal + nTest >= speakers.length && speakers.length > 1)
    throw new DatasetError(
      'bad_split',
      `Only ${speakers.length} speakers: too few for ${nVal} validation and ${nTest} test speakers plus training.`,
    );
  order.forEach((s, i) => result.set(s, i < nVal ? 'validation' : i < nVal + nTest ? 'test' : 'train'));
  return result;
}
