// Deleting a dataset with undo: a tombstone file per dataset in <data folder>/datasets/.deleted/ is
// written before the dataset is hidden and removed only after its rows and built files are gone, so a
// purge cut short by a kill -9 is finished at the next start (see main/system/undo-window.ts).
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors/app-error';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../store/private-files';
import { UndoWindow } from '../system/undo-window';

/** Dataset ids are UUIDs; anything else in the folder is not a tombstone of ours. */
const DATASET_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface DatasetDeletionsOptions {
  /** <data folder>/datasets: each dataset's built files are its <id> subfolder. */
  datasetsDir: string;
  windowMs: number;
  log: (line: string) => void;
  /** Removes the dataset's rows (and whatever the service caches of it); must be safe to repeat. */
  forgetRows: (id: string) => void;
}

export class DatasetDeletions {
  private readonly tombstoneDir: string;
  private readonly window: UndoWindow;

  constructor(private readonly options: DatasetDeletionsOptions) {
    this.tombstoneDir = path.join(options.datasetsDir, '.deleted');
    this.window = new UndoWindow(options.windowMs, options.log);
  }

  /** Purges what the last run left tombstoned (closing ends an undo window; so does a kill); returns how many. */
  finishLastRun(): number {
    const ids = this.tombstoned();
    for (const id of ids) this.purge(id);
    return ids.length;
  }

  isDeleted(id: string): boolean {
    return this.window.isOpen(id);
  }

  /** Tombstones and hides `id`; it is purged when the window closes unless restored first. */
  delete(id: string): { undoWindowMs: number } {
    makePrivateDir(this.tombstoneDir);
    // The file holds when, for support questions; its existence is what counts.
    writeFileSync(this.tombstone(id), `${new Date().toISOString()}\n`, { mode: PRIVATE_FILE_MODE });
    return this.window.open(id, () => this.purge(id));
  }

  /** The undo: not_found once the window has closed. */
  restore(id: string): void {
    if (!this.window.take(id)) {
      throw new AppError(
        'not_found',
        `Dataset ${id} was not deleted in the last ${Math.round(this.options.windowMs / 1000)} s, so it cannot be restored.`,
      );
    }
    rmSync(this.tombstone(id), { force: true });
  }

  /** App shutdown: every delete is final. */
  purgeAll(): void {
    this.window.purgeAll();
  }

  /** Built files, then rows, then the tombstone: each step may be repeated, so a cut-short purge is finished later. */
  private purge(id: string): void {
    rmSync(path.join(this.options.datasetsDir, id), { recursive: true, force: true });
    this.options.forgetRows(id);
    rmSync(this.tombstone(id), { force: true });
    this.options.log(`datasets: dataset ${id} deleted`);
  }

  private tombstone(id: string): string {
    return path.join(this.tombstoneDir, id);
  }

  private tombstoned(): string[] {
    try {
      return readdirSync(this.tombstoneDir).filter((name) => DATASET_ID.test(name));
    } catch {
      return [];
    }
  }
}
