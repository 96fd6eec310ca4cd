// Microphone recordings: sessions in progress, and the files a crash left behind in partial/,
// which are offered for recovery at the next start (their WAV header repaired from the file length).
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { recoverWavFile } from '../audio';
import type { RecordingSummary } from '../../shared/types/library';
import type { InterruptedRecording } from '../../shared/types/recording';
import { AppError } from '../ipc/app-error';
import type { LibraryService } from '../library/library-service';
import { RecordingSession, type ChunkOutcome } from './recording-session';

const WAV_HEADER_BYTES = 44;
const BYTES_PER_SECOND = 16_000 * 2;
/** Ids are UUIDs; anything else in partial/ is not ours. */
const PARTIAL_FILE = /^([0-9a-f-]{36})\.wav$/;

export class RecordingService {
  private readonly sessions = new Map<string, RecordingSession>();

  constructor(
    private readonly partialDir: string,
    private readonly library: LibraryService,
  ) {}

  async start(sampleRate: number, channels: number): Promise<string> {
    const id = randomUUID();
    const session = await RecordingSession.start(id, join(this.partialDir, `${id}.wav`), sampleRate, channels);
    this.sessions.set(id, session);
    return id;
  }

  async push(sessionId: string, seq: number, interleaved: Float32Array): Promise<ChunkOutcome> {
    return this.session(sessionId).push(seq, interleaved);
  }

  /** Closes the file and adds it to the library under `name`. */
  async stop(sessionId: string, name?: string): Promise<RecordingSummary> {
    const session = this.session(sessionId);
    this.sessions.delete(sessionId);
    const { durationS } = await session.stop();
    if (durationS <= 0) {
      await rm(session.path, { force: true });
      throw new AppError('empty_file', 'The recording holds no audio: nothing reached the app from the microphone.');
    }
    return this.addToLibrary(session.path, name ?? defaultName(new Date()));
  }

  /** Files in partial/ that no session in this run is writing. */
  async listInterrupted(): Promise<InterruptedRecording[]> {
    const found: InterruptedRecording[] = [];
    for (const entry of await readdir(this.partialDir)) {
      const match = PARTIAL_FILE.exec(entry);
      if (!match || this.sessions.has(match[1]!)) continue;
      const info = await stat(join(this.partialDir, entry));
      found.push({
        id: match[1]!,
        startedAt: info.birthtime.getTime() > 0 ? info.birthtime.toISOString() : info.mtime.toISOString(),
        sizeBytes: info.size,
        durationS: Math.max(0, info.size - WAV_HEADER_BYTES) / BYTES_PER_SECOND,
      });
    }
    return found.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  async recover(id: string): Promise<RecordingSummary> {
    const path = this.interruptedPath(id);
    const summary = await recoverWavFile(path).catch((error: unknown) => {
      throw new AppError('corrupt', `The interrupted recording could not be repaired: ${error instanceof Error ? error.message : String(error)}`);
    });
    if (summary.durationS <= 0) {
      await rm(path, { force: true });
      throw new AppError('empty_file', 'The interrupted recording holds no audio; it was removed.');
    }
    return this.addToLibrary(path, `Recovered recording ${id.slice(0, 8)}`);
  }

  async discard(id: string): Promise<void> {
    await rm(this.interruptedPath(id), { force: true });
  }

  /** Stops every open session (app shutdown); their files stay recoverable. */
  async closeAll(): Promise<void> {
    const open = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(open.map((session) => session.stop()));
  }

  private async addToLibrary(path: string, name: string): Promise<RecordingSummary> {
    const info = await stat(path);
    const contentHash = await hashFile(path);
    const { recording } = await this.library.addFile({ path, name: name.endsWith('.wav') ? name : `${name}.wav`, sizeBytes: info.size, contentHash }, 'recording');
    return recording;
  }

  private session(id: string): RecordingSession {
    const session = this.sessions.get(id);
    if (!session) throw new AppError('not_found', `No recording ${id} in progress.`);
    return session;
  }

  private interruptedPath(id: string): string {
    if (this.sessions.has(id)) throw new AppError('conflict', 'That recording is still in progress.');
    return join(this.partialDir, `${id}.wav`);
  }
}

function defaultName(now: Date): string {
  return `Recording ${now.toISOString().slice(0, 19).replace('T', ' ')}`;
}

function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
