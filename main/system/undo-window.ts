// The one undo window for deletions (datasets, evaluations and removed user models): hidden at once,
// `undoWindowMs` to the page, restore until it closes. The owner
// tombstones the item on disk first and hides it; the window purges it when its timer ends or when
// the app closes (purgeAll). Because the tombstone is on disk, an app killed inside the window finds
// it at the next start and the owner purges it then: an item is restored or deleted, never half.
import { describeError } from '../../shared/errors/coded-error';
/** How long a deleted dataset or evaluation can be restored. */
export const DEFAULT_UNDO_WINDOW_MS = 10_000;

export class UndoWindow {
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; purge: () => void }>();

  constructor(
    readonly windowMs: number,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts the window of `key` (already hidden and tombstoned by the caller); `purge` runs when it closes. */
  open(key: string, purge: () => void): { undoWindowMs: number } {
    this.take(key);
    const timer = setTimeout(() => this.close(key), this.windowMs);
    // A pending purge must not keep a test process or a closing app alive; close() purges anyway.
    timer.unref();
    this.pending.set(key, { timer, purge });
    return { undoWindowMs: this.windowMs };
  }

  /** Whether `key` was deleted and can still be restored. */
  isOpen(key: string): boolean {
    return this.pending.has(key);
  }

  /** The undo: stops the window of `key` without purging; false when it is not open (closed or never opened). */
  take(key: string): boolean {
    const entry = this.pending.get(key);
    if (!entry) return false;
    clearTimeout(entry.timer);
    this.pending.delete(key);
    return true;
  }

  /** Ends every window now (app shutdown): everything deleted is purged. */
  purgeAll(): void {
    for (const key of [...this.pending.keys()]) this.close(key);
  }

  private close(key: string): void {
    const entry = this.pending.get(key);
    if (!entry) return;
    this.take(key);
    try {
      entry.purge();
    } catch (error) {
      // The tombstone stays on disk, so the next start purges what this run could not.
      this.log(`undo window: purging ${key} failed, it is purged at the next start: ${describeError(error)}`);
    }
  }
}
