// A small real corpus for evaluation tests: one clip of each of RAVDESS's 8 emotions from actor 01
// (training speaker) and actor 19 (evaluated on), copied from ../shared/data/ravdess into a temp
// folder — copied, not linked, because the corpus importers skip symbolic links. Null when the
// shared data is not there (tests skip).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const SHARED_RAVDESS = resolve(import.meta.dirname, '../../../../shared/data/ravdess');
const EMOTIONS = ['01', '02', '03', '04', '05', '06', '07', '08'];
export const TRAIN_ACTOR = '01';
export const EVALUATED_ACTOR = '19';

const clipName = (emotion: string, actor: string) => `03-01-${emotion}-01-01-01-${actor}.wav`;

export function hasSharedRavdess(): boolean {
  return [TRAIN_ACTOR, EVALUATED_ACTOR].every((a) => EMOTIONS.every((e) => existsSync(join(SHARED_RAVDESS, `Actor_${a}`, clipName(e, a)))));
}

/** A folder `<tmp>/ravdess` with 16 clips: 8 of actor 01, 8 of actor 19. */
export function makeSmallRavdess(): string {
  const root = join(mkdtempSync(join(tmpdir(), 'et-eval-')), 'ravdess');
  for (const actor of [TRAIN_ACTOR, EVALUATED_ACTOR]) {
    mkdirSync(join(root, `Actor_${actor}`), { recursive: true });
    for (const e of EMOTIONS)
      copyFileSync(join(SHARED_RAVDESS, `Actor_${actor}`, clipName(e, actor)), join(root, `Actor_${actor}`, clipName(e, actor)));
  }
  return root;
}
