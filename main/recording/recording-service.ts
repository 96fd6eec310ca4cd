// Microphone recordings: sessions in progress, and the files a crash left behind in partial/,
// which are offered for recovery at the next start (their WAV header repaired from the file length).
// A page can't hold the host's memory hostage (issue 14): recordings open at once are capped per
// client and in all, and one that gets no audio for a while, or whose client goes away, is closed
// the way a stop closes it (every acknowledged chunk is in the file, its header final) and kept in
// partial/ as an interrupted recording; a later stop of it still saves it to the library.
// In an encrypted library the file in partial/ is an encrypted journal (<id>.wavj), converted to the
// library's encrypted format when it joins the library; its duration is the sum of its entries.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { recoverWavFile } from '../audio';
import { convertJournal, JOURNAL_ENTRY_OVERHEAD, JOURNAL_HEADER_BYTES, scanJournal } from '../security/recording-journal';
import type { RecordingSummary } from '../../shared/types/library';
import type { InterruptedRecording } from '../../shared/types/recording';
import { AppError } from '../../shared/errors/app-error';
import type { LibraryService } from '../library/library-service';
import { RecordingSession, type ChunkOutcome } from './recording-session';
import { describeError } from '../../shared/errors/coded-error';

const WAV_HEADER_BYTES = 44;
const BYTES_PER_SECOND = 16_000 * 2;
const JOURNAL_EXT = '.wavj';
/** Ids are UUIDs; anything else in partial/ is not ours. */
const PARTIAL_FILE = /^([0-9a-f-]{36})\.wavj?$/;
/** What a conversion (here) or a migration (journalFromWav) killed part-way leaves behind. */
const PARTIAL_TEMPORARY = /^[0-9a-f-]{36}\.wavj\.(converting|sealing)$/;
const SESSION_ID = /^[0-9a-f-]{36}$/;

export interface RecordingLimits {
  /** Recordings open at the same time, all clients together; default 8. */
  maxOpen?: number;
  /** Recordings one client may hold open; default 2 (the Record page records one at a time). */
  maxOpenPerClient?: number;
  /**
   * A recording with no chunk for this long is closed and kept as interrupted; default 30 minutes,
   * because a paused recording sends nothing (and a stop after the close still saves it).
   */
  idleTimeoutMs?: number;
  /** Told about every recording closed without a stop (to free what else follows it, and log it). */
  onClosed?: (closed: ClosedRecording) => void;
}

/** Why a recording was closed without a stop. */
export type CloseReason = 'idle' | 'client_gone' | 'shutdown';

/** A recording closed without a stop: its file stays in partial/ (removed only if it holds no audio). */
export interface ClosedRecording {
  sessionId: string;
  clientId: string;
  reason: CloseReason;
  durationS: number;
}

interface OpenRecording {
  session: RecordingSession;
  clientId: string;
  idleTimer: NodeJS.Timeout;
}

export class RecordingService {
  private readonly open = new Map<string, OpenRecording>();
  /** Recordings being closed without a stop, until their file is final. */
  private readonly closing = new Map<string, Promise<void>>();
  /** Starts still opening their file, per client: they count against the caps too. */
  private readonly starting = new Map<string, number>();
  private readonly maxOpen: number;
  private readonly maxOpenPerClient: number;
  private readonly idleTimeoutMs: number;

  constructor(
    private readonly partialDir: string,
    private readonly library: LibraryService,
    private readonly limits: RecordingLimits = {},
  ) {
    this.maxOpen = limits.maxOpen ?? 8;
    this.maxOpenPerClient = limits.maxOpenPerClient ?? 2;
    this.idleTimeoutMs = limits.idleTimeoutMs ?? 30 * 60_000;
  }

  /**
   * Removes what an earlier run left in partial/ that holds no audio (a start that never got a chunk,
   * a header torn by a kill); files with audio stay to be recovered. Call once at start; returns how
   * many were removed.
   */
  removeEmptyOrphans(): number {
    let removed = 0;
    for (const entry of readdirSync(this.partialDir)) {
      if (PARTIAL_TEMPORARY.test(entry)) {
        rmSync(join(this.partialDir, entry), { force: true });
        removed++;
        continue;
      }
      const match = PARTIAL_FILE.exec(entry);
      if (!match || this.isBusy(match[1]!)) continue;
      const path = join(this.partialDir, entry);
      const leastWithAudio = entry.endsWith(JOURNAL_EXT) ? JOURNAL_HEADER_BYTES + JOURNAL_ENTRY_OVERHEAD + 2 : WAV_HEADER_BYTES + 2;
      if (statSync(path).size >= leastWithAudio) continue;
      rmSync(path, { force: true });
      removed++;
    }
    return removed;
  }

  /** Opens a recording for `clientId` (the router's caller); refused past the per-client or overall cap. */
  async start(sampleRate: number, channels: number, clientId = 'local'): Promise<string> {
    const ofClient = [...this.open.values()].filter((r) => r.clientId === clientId).length + (this.starting.get(clientId) ?? 0);
    if (ofClient >= this.maxOpenPerClient) {
      throw new AppError(
        'too_many_recordings',
        `This window already has ${ofClient} recordings open (at most ${this.maxOpenPerClient}); stop one before starting another.`,
      );
    }
    const inAll = this.open.size + [...this.starting.values()].reduce((a, b) => a + b, 0);
    if (inAll >= this.maxOpen) {
      throw new AppError(
        'too_many_recordings',
        `${inAll} recordings are already open across all windows (at most ${this.maxOpen}); stop one before starting another.`,
      );
    }
    const id = randomUUID();
    this.starting.set(clientId, (this.starting.get(clientId) ?? 0) + 1);
    try {
      const fileKey = this.library.files.decodeKey;
      const path = join(this.partialDir, `${id}${fileKey ? JOURNAL_EXT : '.wav'}`);
      const session = await RecordingSession.start(id, path, sampleRate, channels, fileKey);
      const idleTimer = setTimeout(() => void this.closeWithoutStop(id, 'idle'), this.idleTimeoutMs).unref();
      this.open.set(id, { session, clientId, idleTimer });
    } finally {
      const left = (this.starting.get(clientId) ?? 1) - 1;
      if (left > 0) this.starting.set(clientId, left);
      else this.starting.delete(clientId);
    }
    return id;
  }

  /** Recordings open now. */
  get openCount(): number {
    return this.open.size;
  }

  async push(sessionId: string, seq: number, interleaved: Float32Array): Promise<ChunkOutcome> {
    const recording = this.open.get(sessionId);
    if (!recording) throw this.notOpen(sessionId);
    recording.idleTimer.refresh();
    return recording.session.push(seq, interleaved);
  }

  /**
   * Closes the file and adds it to the library under `name`. A recording already closed without a
   * stop (idle, or its window went) is saved the same way from its file in partial/.
   */
  async stop(sessionId: string, name?: string): Promise<RecordingSummary> {
    const recording = this.open.get(sessionId);
    if (!recording) return this.saveClosed(sessionId, name);
    this.open.delete(sessionId);
    clearTimeout(recording.idleTimer);
    const { session } = recording;
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
      if (!match || this.isBusy(match[1]!)) continue;
      // A WAV whose journal is already written (a migration killed before it removed the WAV).
      if (!entry.endsWith(JOURNAL_EXT) && existsSync(join(this.partialDir, `${match[1]!}${JOURNAL_EXT}`))) continue;
      const path = join(this.partialDir, entry);
      const info = await stat(path).catch(() => null);
      if (!info) continue; // removed while we looked
      found.push({
        id: match[1]!,
        startedAt: info.birthtime.getTime() > 0 ? info.birthtime.toISOString() : info.mtime.toISOString(),
        sizeBytes: info.size,
        durationS: await partialDurationS(path),
      });
    }
    return found.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  async recover(id: string, name = `Recovered recording ${id.slice(0, 8)}`): Promise<RecordingSummary> {
    const path = this.interruptedPath(id);
    // A journal is checked entry by entry as it is converted (addToLibrary).
    if (path.endsWith(JOURNAL_EXT)) return this.addToLibrary(path, name);
    const summary = await recoverWavFile(path).catch((error: unknown) => {
      throw new AppError('corrupt', `The interrupted recording could not be repaired: ${describeError(error)}`);
    });
    if (summary.durationS <= 0) {
      await rm(path, { force: true });
      throw new AppError('empty_file', 'The interrupted recording holds no audio; it was removed.');
    }
    return this.addToLibrary(path, name);
  }

  async discard(id: string): Promise<void> {
    this.interruptedPath(id);
    for (const ext of [JOURNAL_EXT, '.wav']) await rm(join(this.partialDir, `${id}${ext}`), { force: true });
  }

  /** Closes the recordings of a client that went away; their files stay recoverable. */
  async clientGone(clientId: string): Promise<void> {
    const ids = [...this.open].filter(([, r]) => r.clientId === clientId).map(([id]) => id);
    await Promise.all(ids.map((id) => this.closeWithoutStop(id, 'client_gone')));
  }

  /** Closes every open recording (app shutdown); their files stay recoverable. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((id) => this.closeWithoutStop(id, 'shutdown')));
    await Promise.all(this.closing.values());
  }

  /**
   * Closes a recording as a stop would (queued chunks written, resampler tail flushed, header final,
   * its memory freed) but keeps the file in partial/ for the user to save or discard; one with no
   * audio at all is removed. Never rejects.
   */
  private closeWithoutStop(id: string, reason: CloseReason): Promise<void> {
    const recording = this.open.get(id);
    if (!recording) return this.closing.get(id) ?? Promise.resolve();
    this.open.delete(id);
    clearTimeout(recording.idleTimer);
    const { session, clientId } = recording;
    const closed = session
      .stop()
      .then(async ({ durationS }) => {
        if (durationS <= 0) await rm(session.path, { force: true });
        return durationS;
      })
      // A failed close leaves the file as a crash would: recovery repairs or converts it.
      .catch(() => partialDurationS(session.path))
      .then((durationS) => {
        this.closing.delete(id);
        this.limits.onClosed?.({ sessionId: id, clientId, reason, durationS });
      });
    this.closing.set(id, closed);
    return closed;
  }

  /** A stop of a recording no longer open: saved from its file if one was closed without a stop. */
  private async saveClosed(sessionId: string, name: string | undefined): Promise<RecordingSummary> {
    await this.closing.get(sessionId);
    if (!SESSION_ID.test(sessionId) || !this.hasPartialFile(sessionId)) {
      throw new AppError('not_found', `No recording ${sessionId} in progress.`);
    }
    return this.recover(sessionId, name ?? defaultName(new Date()));
  }

  private notOpen(sessionId: string): AppError {
    if (SESSION_ID.test(sessionId) && (this.closing.has(sessionId) || this.hasPartialFile(sessionId))) {
      return new AppError(
        'recording_closed',
        `Recording ${sessionId} was closed (no audio for ${spokenDuration(this.idleTimeoutMs)}, or its window went away); what it holds is kept: stop it to save it.`,
      );
    }
    return new AppError('not_found', `No recording ${sessionId} in progress.`);
  }

  private hasPartialFile(id: string): boolean {
    return existsSync(join(this.partialDir, `${id}${JOURNAL_EXT}`)) || existsSync(join(this.partialDir, `${id}.wav`));
  }

  private isBusy(id: string): boolean {
    return this.open.has(id) || this.closing.has(id);
  }

  private async addToLibrary(path: string, name: string): Promise<RecordingSummary> {
    const fileName = name.endsWith('.wav') ? name : `${name}.wav`;
    if (path.endsWith(JOURNAL_EXT)) return this.addJournalToLibrary(path, fileName);
    const info = await stat(path);
    const contentHash = await hashFile(path);
    const { recording } = await this.library.addFile({ path, name: fileName, sizeBytes: info.size, contentHash }, 'recording');
    return recording;
  }

  /**
   * Converts a journal to the library's encrypted WAV (its hash and size those of the plaintext WAV,
   * as for an unencrypted recording) and adds that; the journal goes once the recording is in. If the
   * analysis fails the journal stays, to be recovered later, and the converted copy is removed.
   */
  private async addJournalToLibrary(path: string, fileName: string): Promise<RecordingSummary> {
    const key = this.library.files.decodeKey;
    if (!key) throw new AppError('database_locked', 'This recording is encrypted and the library is locked.');
    const converted = `${path}.converting`;
    try {
      const journal = await convertJournal(path, converted, key).catch((error: unknown) => {
        throw new AppError('corrupt', `The recording could not be read back: ${describeError(error)}`);
      });
      if (journal.dataBytes === 0) {
        await rm(path, { force: true });
        throw new AppError('empty_file', 'The recording holds no audio; it was removed.');
      }
      const { recording } = await this.library.addFile(
        { path: converted, name: fileName, sizeBytes: journal.sizeBytes, contentHash: journal.contentHash },
        'recording',
      );
      await rm(path, { force: true });
      return recording;
    } finally {
      await rm(converted, { force: true }); // already moved into the library on success
    }
  }

  private interruptedPath(id: string): string {
    if (this.isBusy(id)) throw new AppError('conflict', 'That recording is still in progress.');
    const journal = join(this.partialDir, `${id}${JOURNAL_EXT}`);
    return existsSync(journal) ? journal : join(this.partialDir, `${id}.wav`);
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

function spokenDuration(ms: number): string {
  return ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}

/** Seconds a file in partial/ holds: a journal's whole entries, or a WAV's data by its length. */
async function partialDurationS(path: string): Promise<number> {
  if (path.endsWith(JOURNAL_EXT))
    return scanJournal(path, null).then(
      (scan) => scan.durationS,
      () => 0,
    );
  const size = await stat(path).then(
    (info) => info.size,
    () => 0,
  );
  return Math.max(0, size - WAV_HEADER_BYTES) / BYTES_PER_SECOND;
}
