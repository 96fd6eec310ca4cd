// Calibration to the user's setting (issue 11 item 4): level tertiles and the statistics that z-score
// the model's utterance vector, measured on the user's own recordings, so that "pitch high" and the
// model's inputs are relative to their room, microphone and speakers rather than to the training
// studios. DESIGN.md: standardising a corpus's functionals with its own unlabelled statistics lifted a
// RAVDESS-trained classifier from 2–15 % to 12–23 % on other corpora — necessary, far from enough.
// The tertiles come from computeCalibration and the same level measures analyzeProsody reads
// (levelMeasuresOf), so a calibrated level means what an uncalibrated one means, on other cut points.
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { USER_CALIBRATION_FORMAT, type FunctionalStats, type UserCalibration } from '../../shared/types/calibration';
import type {
  ProsodyAnalysis,
  ProsodyCalibration,
  ProsodyFunctionals,
  SpeakerBaseline,
  SpeakerGender,
  Tertiles,
} from '../../shared/types/prosody';
import { prosodyCaption } from './caption';
import { computeCalibration, computeSpeakerBaseline } from './calibration';
import { DEFAULT_CALIBRATION } from './default-calibration';
import { levelMeasuresOf, levelsFor, type LevelMeasures } from './levels';
import { mean, std } from './stats';
import { CodedError } from '../../shared/errors/coded-error';

/** Below this, each tertile cut rests on one or two recordings and moves with every one added. */
export const MIN_CALIBRATION_CLIPS = 5;
/** A functional needs this many finite values across the clips to get its own statistics. */
const MIN_FINITE_PER_FUNCTIONAL = 3;

/** Why a calibration could not be made or read. */
export type UserCalibrationErrorCode = 'too_few_clips' | 'bad_baseline' | 'invalid_name' | 'bad_calibration_file';

export class UserCalibrationError extends CodedError<UserCalibrationErrorCode> {}

/** One recording's measures as calibration input. */
export interface UserCalibrationClip {
  /** File or recording name, for messages about clips that could not be used. */
  name: string;
  /** Speaker gender if known (never guessed): gendered pitch tertiles need 3 clips of a gender. */
  gender: SpeakerGender | null;
  measures: LevelMeasures;
  functionals: ProsodyFunctionals;
}

/** The calibration input of one analyzed clip. */
export function userCalibrationClip(
  name: string,
  analysis: Parameters<typeof levelMeasuresOf>[0] & { functionals: ProsodyFunctionals; gender?: SpeakerGender | null },
): UserCalibrationClip {
  return { name, gender: analysis.gender ?? null, measures: levelMeasuresOf(analysis), functionals: analysis.functionals };
}

/** What analyzeProsody takes to read levels on a user calibration (its tertiles and speaker baseline). */
export function prosodyOptionsFor(user: UserCalibration): { calibration: ProsodyCalibration; speakerBaseline?: SpeakerBaseline } {
  return user.speakerBaseline ? { calibration: user.levels, speakerBaseline: user.speakerBaseline } : { calibration: user.levels };
}

/**
 * A measured analysis with its levels and caption read again: on a user calibration's cut points, or
 * on the shipped table with null. The measures themselves are untouched.
 */
export function relevelProsody(
  prosody: ProsodyAnalysis,
  user: UserCalibration | null,
  gender: SpeakerGender | null = prosody.gender,
): ProsodyAnalysis {
  const { calibration, speakerBaseline } = user
    ? prosodyOptionsFor(user)
    : { calibration: DEFAULT_CALIBRATION, speakerBaseline: undefined };
  const levels = levelsFor(levelMeasuresOf(prosody), calibration, gender, speakerBaseline);
  return { ...prosody, gender, levels, caption: prosodyCaption(levels, prosody.intonation, prosody.syllables, gender) };
}

/**
 * The smallest deviation a functional may have: below it a z-score blows up on any change (a feature
 * that is constant over the user's clips, e.g. no pauses anywhere, says nothing about its spread).
 */
export function stdFloor(meanValue: number): number {
  return Math.max(1e-6, 1e-3 * Math.abs(meanValue));
}

/** Why a clip cannot feed the level tertiles; null when it can. */
function unusableBecause(clip: UserCalibrationClip): string | null {
  const { medianF0Hz, energyDb, rate } = clip.measures;
  if (!Number.isFinite(medianF0Hz)) return 'no voiced speech';
  if (!Number.isFinite(energyDb)) return 'no energy measure';
  if (!Number.isFinite(rate)) return 'no speaking rate';
  return null;
}

/**
 * Mean and deviation of each functional over the clips. A functional with fewer than 3 finite values
 * or no spread is left out: the model then z-scores it with its training statistics, which is better
 * than a deviation of zero.
 */
export function functionalStats(clips: readonly UserCalibrationClip[]): FunctionalStats {
  const stats: FunctionalStats = { names: [], mean: [], std: [] };
  const names = clips[0]?.functionals.names ?? [];
  names.forEach((name) => {
    const values = clips.map((c) => c.functionals.values[c.functionals.names.indexOf(name)] ?? NaN).filter(Number.isFinite);
    if (values.length < MIN_FINITE_PER_FUNCTIONAL) return;
    const m = mean(values);
    const s = std(values);
    if (!(s > stdFloor(m))) return;
    stats.names.push(name);
    stats.mean.push(m);
    stats.std.push(s);
  });
  return stats;
}

export interface ComputeUserCalibrationOptions {
  name: string;
  id?: string;
  now?: Date;
  /** Clips of one speaker in a neutral voice: levels become relative to this speaker's medians. */
  baseline?: readonly UserCalibrationClip[];
}

/** A calibration from at least MIN_CALIBRATION_CLIPS usable clips (UserCalibrationError otherwise). */
export function computeUserCalibration(clips: readonly UserCalibrationClip[], options: ComputeUserCalibrationOptions): UserCalibration {
  const name = options.name.trim();
  if (!name) throw new UserCalibrationError('invalid_name', 'A calibration needs a name.');
  const rejected = clips.map((clip) => ({ clip, why: unusableBecause(clip) })).filter((r) => r.why !== null);
  const usable = clips.filter((clip) => unusableBecause(clip) === null);
  if (usable.length < MIN_CALIBRATION_CLIPS) {
    const listed = rejected
      .slice(0, 5)
      .map((r) => `${r.clip.name} (${r.why})`)
      .join(', ');
    throw new UserCalibrationError(
      'too_few_clips',
      `A calibration needs at least ${MIN_CALIBRATION_CLIPS} recordings with measurable pitch, energy and speaking rate; ` +
        `${usable.length} of ${clips.length} are usable${listed ? `. Not usable: ${listed}${rejected.length > 5 ? ', …' : ''}` : ''}.`,
    );
  }
  const [levels] = computeCalibration(
    usable.map((c) => ({
      corpus: name,
      gender: c.gender,
      medianF0Hz: c.measures.medianF0Hz,
      energyDb: c.measures.energyDb,
      rate: c.measures.rate,
    })),
  );
  const baselineClips = options.baseline ?? [];
  let speakerBaseline: SpeakerBaseline | null = null;
  if (baselineClips.length > 0) {
    speakerBaseline = computeSpeakerBaseline(baselineClips.map((c) => c.measures));
    const missing = (['medianF0Hz', 'energyDb', 'rate'] as const).filter((k) => !Number.isFinite(speakerBaseline![k]));
    if (missing.length) {
      throw new UserCalibrationError(
        'bad_baseline',
        `The speaker baseline (${baselineClips.map((c) => c.name).join(', ')}) has no measurable ${missing.join(', ')}: choose a clip with voiced speech.`,
      );
    }
  }
  return {
    format: USER_CALIBRATION_FORMAT,
    id: options.id ?? randomUUID(),
    name,
    createdAt: (options.now ?? new Date()).toISOString(),
    clips: usable.length,
    levels: levels!,
    functionals: functionalStats(usable),
    speakerBaseline,
    ...(speakerBaseline ? { speakerBaselineFrom: baselineClips.map((c) => c.name) } : {}),
  };
}

// ---- validation of a calibration from a file or IPC ----

function fail(message: string): never {
  throw new UserCalibrationError('bad_calibration_file', message);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as a message shows it: NaN and Infinity by name (JSON would print them as null). */
const shown = (value: unknown): string =>
  value === undefined ? 'missing' : typeof value === 'number' ? String(value) : JSON.stringify(value);

function finite(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${where} is ${shown(value)}, not a finite number.`);
  return value;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') fail(`${where} must be a non-empty string.`);
  return value;
}

function tertilesAt(value: unknown, where: string): Tertiles {
  if (!isObject(value)) fail(`${where} must be an object with lower, upper and count.`);
  const lower = finite(value.lower, `${where}.lower`);
  const upper = finite(value.upper, `${where}.upper`);
  const count = finite(value.count, `${where}.count`);
  if (lower > upper) fail(`${where}.lower (${lower}) is above ${where}.upper (${upper}).`);
  if (!Number.isInteger(count) || count < 3) fail(`${where}.count must be a whole number of at least 3.`);
  return { lower, upper, count };
}

function levelsAt(value: unknown): ProsodyCalibration {
  if (!isObject(value)) fail('levels must be an object with corpus, medianF0Hz, energyDb and rateSylPerS.');
  const pitch = value.medianF0Hz;
  if (!isObject(pitch)) fail('levels.medianF0Hz must be an object with female, male and any.');
  const gendered = (g: 'female' | 'male') =>
    pitch[g] === null || pitch[g] === undefined ? null : tertilesAt(pitch[g], `levels.medianF0Hz.${g}`);
  return {
    corpus: text(value.corpus, 'levels.corpus'),
    medianF0Hz: { female: gendered('female'), male: gendered('male'), any: tertilesAt(pitch.any, 'levels.medianF0Hz.any') },
    energyDb: tertilesAt(value.energyDb, 'levels.energyDb'),
    rateSylPerS: tertilesAt(value.rateSylPerS, 'levels.rateSylPerS'),
  };
}

/** Checked statistics; a deviation at or below the floor (zero, negative) is raised to it. */
function functionalsAt(value: unknown): FunctionalStats {
  if (!isObject(value)) fail('functionals must be an object with names, mean and std arrays.');
  const { names, mean: means, std: stds } = value;
  if (!Array.isArray(names) || !Array.isArray(means) || !Array.isArray(stds))
    fail('functionals.names, functionals.mean and functionals.std must be arrays.');
  if (means.length !== names.length || stds.length !== names.length) {
    fail(`functionals has ${names.length} names, ${means.length} means and ${stds.length} deviations: they must be the same length.`);
  }
  const seen = new Set<string>();
  const out: FunctionalStats = { names: [], mean: [], std: [] };
  names.forEach((name, i) => {
    const label = text(name, `functionals.names[${i}]`);
    if (seen.has(label)) fail(`functionals.names lists "${label}" twice.`);
    seen.add(label);
    const m = finite(means[i], `functionals.mean[${i}] (${label})`);
    const s = finite(stds[i], `functionals.std[${i}] (${label})`);
    out.names.push(label);
    out.mean.push(m);
    out.std.push(Math.max(s, stdFloor(m)));
  });
  return out;
}

function baselineAt(value: unknown): SpeakerBaseline | null {
  if (value === null || value === undefined) return null;
  if (!isObject(value)) fail('speakerBaseline must be null or an object with medianF0Hz, energyDb and rate.');
  return {
    medianF0Hz: finite(value.medianF0Hz, 'speakerBaseline.medianF0Hz'),
    energyDb: finite(value.energyDb, 'speakerBaseline.energyDb'),
    rate: finite(value.rate, 'speakerBaseline.rate'),
  };
}

/**
 * Checks a calibration from a file or IPC and returns a clean copy (unknown keys dropped, deviations
 * floored). A malformed one throws UserCalibrationError('bad_calibration_file') naming the problem.
 */
export function validateUserCalibration(value: unknown): UserCalibration {
  if (!isObject(value)) fail('A calibration must be a JSON object.');
  if (value.format !== USER_CALIBRATION_FORMAT) {
    fail(`format is ${shown(value.format)}, expected "${USER_CALIBRATION_FORMAT}": this is not an EmotionThinker calibration file.`);
  }
  const clips = finite(value.clips, 'clips');
  if (!Number.isInteger(clips) || clips < 1) fail(`clips must be a positive whole number, got ${clips}.`);
  const speakerBaseline = baselineAt(value.speakerBaseline);
  const from = value.speakerBaselineFrom;
  if (from !== undefined && (!Array.isArray(from) || !from.every((n) => typeof n === 'string')))
    fail('speakerBaselineFrom must be a list of clip names.');
  return {
    format: USER_CALIBRATION_FORMAT,
    id: text(value.id, 'id'),
    name: text(value.name, 'name'),
    createdAt: text(value.createdAt, 'createdAt'),
    clips,
    levels: levelsAt(value.levels),
    functionals: functionalsAt(value.functionals),
    speakerBaseline,
    ...(speakerBaseline && Array.isArray(from) ? { speakerBaselineFrom: from as string[] } : {}),
  };
}

/** Reads and checks a calibration file; every failure is a UserCalibrationError naming the file. */
export function readUserCalibrationFile(path: string): UserCalibration {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserCalibrationError('bad_calibration_file', `Cannot read the calibration file ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new UserCalibrationError('bad_calibration_file', `The calibration file ${path} is not JSON: ${(error as Error).message}`);
  }
  try {
    return validateUserCalibration(parsed);
  } catch (error) {
    if (error instanceof UserCalibrationError)
      throw new UserCalibrationError(error.code, `The calibration file ${path} is malformed: ${error.message}`);
    throw error;
  }
}

/** Writes a calibration as pretty JSON (what readUserCalibrationFile reads back). */
export function writeUserCalibrationFile(path: string, calibration: UserCalibration): void {
  writeFileSync(path, `${JSON.stringify(validateUserCalibration(calibration), null, 2)}\n`);
}
