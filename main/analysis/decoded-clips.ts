// Decoded recordings kept in main, so a file is decoded once per import, explanation and display
// (issue 15: it was decoded three times — measured, explained, drawn — each in a worker). The worker
// that measures a file hands its samples over (transferred, not copied); explanation runs send them
// back to a worker (copied: the Analyze view keeps drawing from them meanwhile), and the waveform
// and spectrogram are cut from them here. Bounded by bytes, least recently used out first.
import type { AudioSourceInfo, AudioWarning } from '../../shared/types/audio';

/** A file decoded to the analysis rate: its samples, what it was, and what the decoder noticed. */
export interface DecodedClip {
  samples: Float32Array;
  sampleRate: number;
  source: AudioSourceInfo;
  warnings: AudioWarning[];
}

const MB = 1024 ** 2;

/**
 * 256 MB: about 70 minutes of 16 kHz audio — the recordings a batch import has queued for its
 * explanations (a 4 s clip is 256 KB) or a few long sessions; a clip evicted is decoded again.
 */
export const DECODED_CLIPS_BUDGET_BYTES = 256 * MB;

export class DecodedClips {
  private readonly entries = new Map<string, { clip: Promise<DecodedClip>; bytes: number }>();
  private bytes = 0;

  constructor(private readonly budgetBytes: number = DECODED_CLIPS_BUDGET_BYTES) {}

  /** Keeps a clip just decoded (by a measure) under its recording's id. */
  put(id: string, clip: DecodedClip): void {
    this.store(id, Promise.resolve(clip), clip.samples.byteLength);
  }

  /**
   * The clip of `id`, from memory or else from `decode` (once: callers that ask while it decodes
   * share the promise). A decode that fails is not kept, so the next caller tries again.
   */
  get(id: string, decode: () => Promise<DecodedClip>): Promise<DecodedClip> {
    const entry = this.entries.get(id);
    if (entry) {
      // Most recently used goes last.
      this.entries.delete(id);
      this.entries.set(id, entry);
      return entry.clip;
    }
    const clip = decode();
    this.store(id, clip, 0);
    clip.then(
      (decoded) => {
        const stored = this.entries.get(id);
        if (stored?.clip !== clip) return;
        this.bytes += decoded.samples.byteLength - stored.bytes;
        stored.bytes = decoded.samples.byteLength;
        this.evict(id);
      },
      () => {
        if (this.entries.get(id)?.clip === clip) this.delete(id);
      },
    );
    return clip;
  }

  /** Whether `id`'s clip is in memory (or being decoded). */
  has(id: string): boolean {
    return this.entries.has(id);
  }

  delete(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.bytes -= entry.bytes;
  }

  /** Bytes of samples held now. */
  get heldBytes(): number {
    return this.bytes;
  }

  private store(id: string, clip: Promise<DecodedClip>, bytes: number): void {
    this.delete(id);
    this.entries.set(id, { clip, bytes });
    this.bytes += bytes;
    this.evict(id);
  }

  /** Drops the least recently used clips until the budget holds, never `keep` (the one just stored). */
  private evict(keep: string): void {
    for (const [id] of this.entries) {
      if (this.bytes <= this.budgetBytes) return;
      if (id !== keep) this.delete(id);
    }
  }
}
