// One microphone recording in progress: PCM from the page is resampled to 16 kHz, appended to a WAV
// in partial/ (header synced every second, so kill -9 loses at most the last second, DESIGN.md) and
// fed to the live prosody analyzer, whose frames go straight back to the page.
import { createPcmStream, IncrementalWavWriter, type PcmStream } from '../audio';
import { LiveProsodyAnalyzer } from '../prosody';
import type { LiveProsodyFrame } from '../../shared/types/prosody';
import { ANALYSIS_SAMPLE_RATE } from '../../shared/types/audio';
import { AppError } from '../ipc/app-error';

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
    private readonly writer: IncrementalWavWriter,
    private readonly live: LiveProsodyAnalyzer,
  ) {}

  static async start(id: string, path: string, sampleRate: number, channels: number): Promise<RecordingSession> {
    const pcm = await createPcmStream({ inputSampleRate: sampleRate, channels });
    const writer = await IncrementalWavWriter.create(path, { sampleRate: ANALYSIS_SAMPLE_RATE, channels: 1, sampleFormat: 'pcm16' });
    return new RecordingSession(id, path, channels, pcm, writer, new LiveProsodyAnalyzer());
  }

  /** Appends interleaved float32 PCM; chunks must come in sequence (seq 0, 1, 2, …). */
  push(seq: number, interleaved: Float32Array): Promise<ChunkOutcome> {
    if (this.stopped) return Promise.reject(new AppError('conflict', 'This recording has already stopped.'));
    if (seq !== this.nextSeq) return Promise.reject(new AppError('conflict', `Recording chunk ${seq} arrived out of order (expected ${this.nextSeq}).`));
    if (interleaved.length % this.channels !== 0) return Promise.reject(new AppError('invalid_payload', `A chunk of ${this.channels}-channel audio must hold whole frames.`));
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
