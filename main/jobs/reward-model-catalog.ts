// The reasoning reward models the training area can use (issue 12): shipped folders
// (resources/reward-models/*, read-only) and the ones reward-model jobs wrote
// (<data folder>/reward-models/<job id>). Each is opened with openRewardModelFolder, so a broken folder
// is listed with its problem instead of failing a job later; its manifest's `metrics` become the
// held-out figures and clinician-ratings count the form shows.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { REASONING_CRITERIA } from '../../shared/types/grpo';
import type { RewardModelEntry } from '../../shared/types/reward-models';
import { AppError } from '../../shared/errors/app-error';
import { openRewardModelFolder, type RewardModelFolder } from '../ml/reward-model/reward-model-folder';
import { describeError } from '../../shared/errors/coded-error';

/** The shipped folder preferred as the default (resources/reward-models/default). */
const DEFAULT_FOLDER = 'default';
const FOLDER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/;

export interface RewardModelCatalogOptions {
  /** resources/reward-models. */
  shippedDir: string;
  /** <data folder>/reward-models. */
  userDir: string;
}

/** A usable reward model: its entry and its opened folder. */
export interface ResolvedRewardModel {
  entry: RewardModelEntry;
  folder: RewardModelFolder;
}

export class RewardModelCatalog {
  constructor(private readonly options: RewardModelCatalogOptions) {}

  /** Every folder, shipped first; broken ones carry their problem. */
  list(): RewardModelEntry[] {
    return [...this.scan(this.options.shippedDir, 'shipped'), ...this.scan(this.options.userDir, 'user')].map(({ key, dir, origin }) => {
      try {
        return entryOf(key, origin, openRewardModelFolder(dir));
      } catch (error) {
        return brokenEntry(key, origin, describeError(error));
      }
    });
  }

  /** The shipped default's key when it is usable. */
  defaultKey(entries = this.list()): string | null {
    const key = `shipped:${DEFAULT_FOLDER}`;
    return entries.some((e) => e.key === key && e.usable) ? key : null;
  }

  /** A usable (trained) reward model by key; not_found / conflict otherwise. */
  resolve(key: string): ResolvedRewardModel {
    const dir = this.dirOf(key);
    if (!dir || !existsSync(path.join(dir, 'manifest.json'))) throw new AppError('not_found', `No reasoning reward model ${key}.`);
    let folder: RewardModelFolder;
    try {
      folder = openRewardModelFolder(dir);
    } catch (error) {
      throw new AppError('conflict', `The reasoning reward model ${key} cannot be used: ${describeError(error)}.`);
    }
    const entry = entryOf(key, key.startsWith('shipped:') ? 'shipped' : 'user', folder);
    if (!entry.usable)
      throw new AppError(
        'conflict',
        `${entry.name} (${key}) is an untrained export without a prosody scale: it can neither score nor be fine-tuned.`,
      );
    return { entry, folder };
  }

  /** Where a reward-model job's trained folder goes. */
  userFolder(id: string): string {
    return path.join(this.options.userDir, id);
  }

  private dirOf(key: string): string | null {
    const match = /^(shipped|user):([A-Za-z0-9._-]{1,120})$/.exec(key);
    if (!match || !FOLDER_NAME.test(match[2]!)) return null;
    return path.join(match[1] === 'shipped' ? this.options.shippedDir : this.options.userDir, match[2]!);
  }

  private scan(root: string, origin: 'shipped' | 'user'): { key: string; dir: string; origin: 'shipped' | 'user' }[] {
    if (!existsSync(root)) return [];
    return readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && FOLDER_NAME.test(e.name) && existsSync(path.join(root, e.name, 'manifest.json')))
      .map((e) => ({ key: `${origin}:${e.name}`, dir: path.join(root, e.name), origin }))
      .sort((a, b) =>
        a.key === `shipped:${DEFAULT_FOLDER}` ? -1 : b.key === `shipped:${DEFAULT_FOLDER}` ? 1 : a.key.localeCompare(b.key),
      );
  }
}

/** An opened folder as the form lists it: its manifest's figures, in the listing's shape. */
export function entryOf(key: string, origin: 'shipped' | 'user', folder: RewardModelFolder): RewardModelEntry {
  const m = folder.metrics;
  const manifest = folder.manifest as { name?: unknown; version?: unknown; createdAt?: unknown };
  const num = (name: string) => (typeof m[name] === 'number' ? m[name] : null);
  const agreement = REASONING_CRITERIA.flatMap((criterion) => {
    const spearman = num(`${criterion}Spearman`);
    const exact = num(`${criterion}Exact`);
    const withinOne = num(`${criterion}WithinOne`);
    return exact === null || withinOne === null ? [] : [{ criterion, spearman, exact, withinOne }];
  });
  const probeNames = ['repetitionPenalty', 'paddingPenalty', 'lengthCorrelation', 'answerMismatchPenalty'] as const;
  const probes = probeNames.every((p) => num(p) !== null)
    ? {
        repetitionPenalty: num('repetitionPenalty')!,
        paddingPenalty: num('paddingPenalty')!,
        lengthCorrelation: num('lengthCorrelation')!,
        answerMismatchPenalty: num('answerMismatchPenalty')!,
      }
    : null;
  const int = (name: string) => (num(name) === null ? null : Math.round(num(name)!));
  return {
    key,
    origin,
    name: typeof manifest.name === 'string' ? manifest.name : path.basename(folder.dir),
    version: typeof manifest.version === 'string' ? manifest.version : '',
    createdAt: typeof manifest.createdAt === 'string' ? manifest.createdAt : null,
    clinicianRatings: int('clinicianRatings'),
    trainExamples: int('trainExamples'),
    heldOutExamples: int('heldOutExamples'),
    steps: int('steps'),
    agreement,
    probes,
    usable: folder.scale !== null,
    problem: folder.scale === null ? 'an untrained export: it has no prosody scale' : null,
  };
}

function brokenEntry(key: string, origin: 'shipped' | 'user', problem: string): RewardModelEntry {
  return {
    key,
    origin,
    name: key.split(':')[1]!,
    version: '',
    createdAt: null,
    clinicianRatings: null,
    trainExamples: null,
    heldOutExamples: null,
    steps: null,
    agreement: [],
    probes: null,
    usable: false,
    problem,
  };
}
