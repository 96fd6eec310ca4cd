// Turning encryption on for a real library (a RAVDESS recording, or a synthesised one where the data
// isn't present, imported through the worker; review notes; a saved report), then reading every byte
// under the data folder for the notes and the audio: none may be left in plaintext.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisClient } from '../analysis/analysis-client';
import { databasePath } from '../host/paths';
import { AppError } from '../../shared/errors/app-error';
import { libraryFolders, type LibraryFolders } from '../store/library-folders';
import { LibraryService } from '../library/library-service';
import { UploadStore } from '../library/upload-store';
import { writeSpeechWav } from '../library/testing/library-fixture';
import { openDatabase } from '../store/database';
import { ReviewRepository } from '../store/review-repository';
import { KeyStoreError } from './key-store';
import { isEncryptedFile } from './encrypted-file';
import { isPlaintextDatabase } from './library-encryption';
import { enableLibraryEncryption, isLibraryEncrypted, unlockLibrary } from './library-lock';

const REAL_WAV = resolve(import.meta.dirname, '../../../shared/data/ravdess/Actor_17/03-01-06-02-02-02-17.wav');
const NOTE = 'Patient mentioned the quartz-lantern incident at school';
const LATER_NOTE = 'Follow-up: zephyr-marmalade dream recurring';
const PASSPHRASE = 'correct horse battery staple';

/** Every file under `dir`, recursively, with its bytes. */
function everyFile(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .map((path) => ({ path, bytes: readFileSync(path) }));
}

/** The files under `dir` holding any of `needles` (as UTF-8, or UTF-16 for text SQLite may store so). */
function filesContaining(dir: string, needles: Buffer[]): string[] {
  return everyFile(dir)
    .filter(({ bytes }) => needles.some((needle) => bytes.includes(needle)))
    .map(({ path }) => path);
}

const textNeedles = (text: string) => [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
const treeHash = (dir: string) =>
  createHash('sha256')
    .update(JSON.stringify(everyFile(dir).map(({ path, bytes }) => [path, createHash('sha256').update(bytes).digest('hex')])))
    .digest('hex');

interface PlaintextLibrary {
  dir: string;
  databaseFile: string;
  folders: LibraryFolders;
  recordingId: string;
  original: Buffer;
  /** 4 KiB of PCM from the middle of the recording: a run no encrypted file can contain by chance. */
  pcmRun: Buffer;
}

async function buildPlaintextLibrary(analysis: AnalysisClient): Promise<PlaintextLibrary> {
  const dir = mkdtempSync(join(tmpdir(), 'et-encrypt-'));
  const databaseFile = databasePath(dir);
  const database = openDatabase(databaseFile);
  const folders = libraryFolders(dir);
  const library = new LibraryService(database.db, folders, analysis);
  const incoming = join(folders.incoming, 'upload.part');
  if (existsSync(REAL_WAV)) copyFileSync(REAL_WAV, incoming);
  else copyFileSync(writeSpeechWav(dir, 'speech.wav'), incoming);
  rmSync(join(dir, 'speech.wav'), { force: true });
  const original = readFileSync(incoming);
  const contentHash = createHash('sha256').update(original).digest('hex');
  const { recording } = await library.addFile({ path: incoming, name: 'session 1.wav', sizeBytes: original.length, contentHash }, 'import');
  new ReviewRepository(database.db).update(recording.id, { notes: NOTE });
  await library.saveReport(recording.id, `<article><p>Notes: ${NOTE}</p></article>`);
  database.close();
  const middle = Math.floor(original.length / 2);
  return { dir, databaseFile, folders, recordingId: recording.id, original, pcmRun: original.subarray(middle, middle + 4096) };
}

describe('encrypting an existing library (issue 14)', () => {
  const analysis = new AnalysisClient();
  let lib: PlaintextLibrary;
  beforeAll(async () => {
    lib = await buildPlaintextLibrary(analysis);
  });
  afterAll(async () => {
    await analysis.close();
    if (lib) rmSync(lib.dir, { recursive: true, force: true });
  });

  it('leaves no plaintext notes or audio anywhere under the data folder', async () => {
    // The scan finds them before: it can fail.
    expect(filesContaining(lib.dir, textNeedles(NOTE)).length).toBeGreaterThanOrEqual(2); // database and report
    expect(filesContaining(lib.dir, [lib.pcmRun])).toEqual([
      join(lib.folders.recordings, readdirSync(lib.folders.recordings).find((f) => f.endsWith('.wav'))!),
    ]);

    const report = await enableLibraryEncryption(lib.dir, lib.databaseFile, { kind: 'passphrase', passphrase: PASSPHRASE });
    expect(report).toMatchObject({ databaseEncrypted: true, filesEncrypted: 2, filesAlreadyEncrypted: 0, plaintextInProgress: [] });
    expect(isLibraryEncrypted(lib.dir)).toBe(true);
    expect(isPlaintextDatabase(lib.databaseFile)).toBe(false);
    expect(filesContaining(lib.dir, [...textNeedles(NOTE), lib.pcmRun])).toEqual([]);
    for (const { path } of everyFile(lib.dir)) expect(statSync(path).mode & 0o777, path).toBe(0o600);
  });

  it('refuses a wrong passphrase with a typed error and changes nothing; the database will not open without the key', async () => {
    const before = treeHash(lib.dir);
    const wrong = await unlockLibrary(lib.dir, lib.databaseFile, { kind: 'passphrase', passphrase: 'correct horse battery stapler' }).catch(
      (e: unknown) => e,
    );
    expect(wrong).toBeInstanceOf(KeyStoreError);
    expect(wrong).toMatchObject({ code: 'wrong_passphrase' });
    expect(() => openDatabase(lib.databaseFile)).toThrow(
      expect.objectContaining({ code: 'database_unreadable', message: expect.stringContaining('encrypted') }) as AppError,
    );
    expect(() => openDatabase(lib.databaseFile, undefined, { keyHex: 'ab'.repeat(32) })).toThrow(
      expect.objectContaining({ code: 'database_locked' }) as AppError,
    );
    expect(treeHash(lib.dir)).toBe(before);
  });

  it('reopens with the passphrase: notes, audio bytes, decoded audio and report read back identical; new data stays encrypted', async () => {
    const unlocked = await unlockLibrary(lib.dir, lib.databaseFile, { kind: 'passphrase', passphrase: PASSPHRASE });
    try {
      expect(unlocked.migration).toMatchObject({ databaseEncrypted: false, filesEncrypted: 0, filesAlreadyEncrypted: 2 });
      const library = new LibraryService(unlocked.database.db, lib.folders, analysis, unlocked.files);
      const reviews = new ReviewRepository(unlocked.database.db);
      expect(reviews.get(lib.recordingId)?.notes).toBe(NOTE);
      const whole = await library.audioChunk(lib.recordingId, 0, lib.original.length + 10);
      expect(whole.totalBytes).toBe(lib.original.length);
      expect(Buffer.from(whole.dataBase64, 'base64').equals(lib.original)).toBe(true);
      const range = await library.audioChunk(lib.recordingId, 70_000, 100_000); // spans two records
      expect(Buffer.from(range.dataBase64, 'base64').equals(lib.original.subarray(70_000, 170_000))).toBe(true);
      // The worker decrypts as it decodes: the waveform of the stored (encrypted) recording.
      const waveform = await library.waveform(lib.recordingId, 0, 1, 50);
      expect(waveform.max.some((v) => v > 0.01)).toBe(true);
      const reanalyzed = await library.reanalyze(lib.recordingId);
      expect(reanalyzed.prosody.durationS).toBeCloseTo(library.get(lib.recordingId).durationS, 3);

      // What the unlocked library writes from now on is encrypted too: the WAL, a new report.
      reviews.update(lib.recordingId, { notes: LATER_NOTE });
      await library.saveReport(lib.recordingId, `<p>${LATER_NOTE}</p>`);
      // An upload is encrypted as it arrives: not even incoming/ holds its audio in plaintext.
      const source = writeSpeechWav(tmpdir(), `et-upload-${process.pid}.wav`, 2, 7);
      const newBytes = readFileSync(source);
      rmSync(source);
      const newRun = newBytes.subarray(20_000, 24_096);
      const uploads = new UploadStore(lib.folders.incoming, {}, unlocked.files.decodeKey);
      const uploadId = await uploads.begin('session 2.wav', newBytes.length);
      await uploads.append(uploadId, 0, newBytes.subarray(0, 50_000));
      expect(filesContaining(lib.folders.incoming, [newRun])).toEqual([]);
      await uploads.append(uploadId, 50_000, newBytes.subarray(50_000));
      const added = await library.addFile(await uploads.complete(uploadId), 'import');
      expect(added.recording.contentHash).toBe(createHash('sha256').update(newBytes).digest('hex'));
      expect(readdirSync(lib.folders.incoming)).toEqual([]);
      expect(await isEncryptedFile(library.pathOf(library.recordings.get(added.recording.id)))).toBe(true);
      expect(Buffer.from((await library.audioChunk(added.recording.id, 0, newBytes.length)).dataBase64, 'base64').equals(newBytes)).toBe(
        true,
      );
      expect(existsSync(`${lib.databaseFile}-wal`)).toBe(true);
      expect(filesContaining(lib.dir, [...textNeedles(LATER_NOTE), newRun])).toEqual([]);
    } finally {
      unlocked.database.close();
    }
  });
});

describe('a migration killed part-way (issue 14)', () => {
  const analysis = new AnalysisClient();
  afterAll(() => analysis.close());

  it('loses nothing and finishes at the next unlock, wherever the kill -9 lands', async () => {
    const lib = await buildPlaintextLibrary(analysis);
    try {
      // More files in the library, so the kill lands between them.
      const recordingFile = readdirSync(lib.folders.recordings).find((f) => f.endsWith('.wav'))!;
      const extra = Array.from({ length: 6 }, (_, i) => join(lib.folders.reports, `extra-${i}.html`));
      for (const [i, path] of extra.entries()) writeFileSync(path, `<p>${NOTE} #${i}</p>`, { mode: 0o600 });
      const killedAfter = await runUntilKilled(lib, 3); // 'key', 'database', then one file
      expect(killedAfter).toContain('database');
      const half = everyFile(lib.dir).filter(({ path }) => path.startsWith(lib.folders.reports) || path.startsWith(lib.folders.recordings));
      expect(half.some(({ bytes }) => bytes.includes(Buffer.from(NOTE)))).toBe(true); // it was stopped part-way

      const unlocked = await unlockLibrary(lib.dir, lib.databaseFile, { kind: 'passphrase', passphrase: PASSPHRASE });
      try {
        expect(unlocked.migration.filesEncrypted + unlocked.migration.filesAlreadyEncrypted).toBe(2 + extra.length);
        expect(filesContaining(lib.dir, [...textNeedles(NOTE), lib.pcmRun])).toEqual([]);
        for (const path of [...extra, join(lib.folders.recordings, recordingFile)]) expect(await isEncryptedFile(path)).toBe(true);
        const library = new LibraryService(unlocked.database.db, lib.folders, analysis, unlocked.files);
        expect(new ReviewRepository(unlocked.database.db).get(lib.recordingId)?.notes).toBe(NOTE);
        const whole = await library.audioChunk(lib.recordingId, 0, lib.original.length);
        expect(Buffer.from(whole.dataBase64, 'base64').equals(lib.original)).toBe(true);
        expect(readdirSync(lib.folders.reports).filter((f) => f.endsWith('.encrypting'))).toEqual([]);
      } finally {
        unlocked.database.close();
      }
    } finally {
      rmSync(lib.dir, { recursive: true, force: true });
    }
  });
});

/** Runs the migration in a child and SIGKILLs it once it has printed `steps` steps; returns them. */
function runUntilKilled(lib: PlaintextLibrary, steps: number): Promise<string[]> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'testing', 'encrypt-until-killed.fixture.ts'), lib.dir, lib.databaseFile, PASSPHRASE],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const seen: string[] = [];
  let buffered = '';
  return new Promise((resolvePromise, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      seen.push(...lines);
      if (seen.length >= steps) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolvePromise(seen) : reject(new Error(`the migration ended on its own: ${seen.join(', ')}`)),
    );
  });
}
