// Saves review changes as they happen: choices at once, typing after a short pause (and at once on
// blur), one request at a time so the history keeps the order the user made them in.
import type { Api } from '../../../shared/ipc/api';
import type { Review, ReviewChanges } from '../../../shared/types/review';

/** What the form shows about saving. */
export interface SaveState {
  status: 'idle' | 'saving' | 'saved' | 'error';
  message: string;
}

export class ReviewAutosave {
  private queue: Promise<void> = Promise.resolve();
  private pendingText: ReviewChanges = {};
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly api: Api,
    private readonly recordingId: string,
    private readonly onSaved: (review: Review) => void,
    private readonly onState: (state: SaveState) => void,
    private readonly typingDelayMs = 400,
  ) {}

  /** A choice (label, rating): saved now. */
  save(changes: ReviewChanges): Promise<void> {
    this.flushText();
    return this.enqueue(changes);
  }

  /** Typed text (notes, reviewer): saved after a pause in typing. */
  type(changes: ReviewChanges): void {
    this.pendingText = { ...this.pendingText, ...changes };
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flushText(), this.typingDelayMs);
  }

  /** Saves typed text now (on blur, before leaving). */
  flushText(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const changes = this.pendingText;
    this.pendingText = {};
    return Object.keys(changes).length ? this.enqueue(changes) : this.queue;
  }

  private enqueue(changes: ReviewChanges): Promise<void> {
    this.queue = this.queue.then(async () => {
      this.onState({ status: 'saving', message: 'Saving…' });
      const result = await this.api.review.update({ recordingId: this.recordingId, changes });
      if (result.ok) {
        this.onSaved(result.value);
        this.onState({ status: 'saved', message: `Saved ${new Date(result.value.updatedAt).toLocaleTimeString()}` });
      } else {
        this.onState({ status: 'error', message: `Not saved: ${result.error.message}` });
      }
    });
    return this.queue;
  }
}
