// One microphone recording in progress: PCM from the page is resampled to 16 kHz, appended to a WAV
// in partial/ (header synced every second, so kill -9 loses at most the last second, DESIGN.md) and
// fed to the live prosody analyzer, whose frames go straight back to the page. In an encrypted
// library the file is a recording journal instead (security/recording-journal.ts): one sealed entry
// per chunk, so no PCM is ever on disk in plaintext (issue 14).
import { createPcmStream, IncrementalWavWriter, type PcmStream } from '../audio';
import { LiveProsodyAnalyzer } from '../prosody';
import type { LiveProsodyFrame } from '../../shared/types/prosody';
import { ANALYSIS_SAMPLE_RATE } from '../../shared/types/audio';
import { AppError } from '../../shared/errors/app-error';
import { EncryptedJournalWriter } from '../security/recording-journal';

/** What the session writes through: a WAV, or an encrypted journal. */
interface RecordingWriter {
  append(samples: Float32Array): Promise<void>;
  close(): Promise<{ durationS: number }>;
}

/** What one chunk produced: frames that became final and the seconds on disk. */
export interface ChunkOutcome {
  frames: LiveProsodyFrame[];
  writtenS: number;
  processingMs: number;
  /** The chunk as written: 16 kHz mono (what the running emotion estimate reads). */
  samples: Float32Array;
}

export class RecordingSession {
  private nextSeq = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private samplesWritten = 0;
  private stopped = false;

  private constructor(
    readonly id: string,
    readonly path: string,
    private readonly channels: number,
    private readonly pcm: PcmStream,
    private readonly writer: RecordingWriter,
    private readonly live: LiveProsodyAnalyzer,
  ) {}

  /** `fileKey`: the library's file key; `path` is then a journal (…/<id>.wavj), else a WAV. */
  static async start(id: string, path: string, sampleRate: number, channels: number, fileKey?: Uint8Array): Promise<RecordingSession> {
    const pcm = await createPcmStream({ inputSampleRate: sampleRate, channels });
    const writer: RecordingWriter = fileKey
      ? await EncryptedJournalWriter.create(path, fileKey, { sampleRate: ANALYSIS_SAMPLE_RATE, channels: 1 })
      : await IncrementalWavWriter.create(path, { sampleRate: ANALYSIS_SAMPLE_RATE, channels: 1, sampleFormat: 'pcm16' });
    return new RecordingSession(id, path, channels, pcm, writer, new LiveProsodyAnalyzer());
  }

  /** Appends interleaved float32 PCM; chunks must come in sequence (seq 0, 1, 2, …). */
  push(seq: number, interleaved: Float32Array): Promise<ChunkOutcome> {
    if (this.stopped) return Promise.reject(new AppError('conflict', 'This recording has already stopped.'));
    if (seq !== this.nextSeq)
      return Promise.reject(new AppError('conflict', `Recording chunk ${seq} arrived out of order (expected ${this.nextSeq}).`));
    if (interleaved.length % this.channels !== 0)
      return Promise.reject(new AppError('invalid_payload', `A chunk of ${this.channels}-channel audio must hold whole frames.`));
    this.nextSeq += 1;
    const received = performance.now();
    const step = this.queue.then(async () => {
      for (const value of interleaved) {
        if (!Number.isFinite(value)) throw new AppError('invalid_payload', 'Recording chunk holds a non-finite sample.');
      }
      const mono16k = this.pcm.push(interleaved);
      await this.writer.append(mono16k);
      this.samplesWritten += mono16k.length;
      const frames = this.live.push(mono16k);
      return { frames, writtenS: this.samplesWritten / ANALYSIS_SAMPLE_RATE, processingMs: performance.now() - received, samples: mono16k };
    });
    this.queue = step.catch(() => undefined);
    return step;
  }

  /** Flushes the resampler and closes the file (header final). */
  async stop(): Promise<{ durationS: number }> {
    this.stopped = true;
    await this.queue;
    const tail = this.pcm.flush();
    if (tail.length) await this.writer.append(tail);
    const summary = await this.writer.close();
    return { durationS: summary.durationS };
  }
}
