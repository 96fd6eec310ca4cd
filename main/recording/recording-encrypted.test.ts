// Microphone recordings in an encrypted library (issue 14), with real files, real AES-GCM and the
// real analysis worker: no run of the recorded PCM is on disk in plaintext at any moment, the saved
// recording reads back identical, and a recorder killed with SIGKILL loses no acknowledged chunk.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnalysisClient } from '../analysis/analysis-client';
import { createPcmStream, encodeWavPcm16 } from '../audio';
import { floatToPcm16 } from '../audio/wav-writer';
import { databasePath } from '../host/paths';
import { libraryFolders } from '../store/library-folders';
import { LibraryService } from '../library/library-service';
import { createLibraryFixture, type LibraryFixture } from '../library/testing/library-fixture';
import { readEncryptedFile } from '../security/encrypted-file';
import { LibraryFiles } from '../security/library-files';
import { LibraryKey } from '../security/library-key';
import { enableLibraryEncryption, unlockLibrary } from '../security/library-lock';
import { openDatabase } from '../store/database';
import { RecordingService } from './recording-service';
import { toneChunk } from './testing/recording-signals';

const pcmBytes = (samples: Float32Array[]) => Buffer.concat(samples.map((s) => Buffer.from(floatToPcm16(s).buffer)));

/**
 * Files under `dir` holding plaintext of `pcm`: every 2 KiB-aligned 2 KiB piece is a needle, so any
 * run of 4 KiB of it (wherever it starts) is found.
 */
function filesWithPlaintext(dir: string, pcm: Buffer): string[] {
  const needles: Buffer[] = [];
  for (let at = 0; at + 2048 <= pcm.length; at += 2048) needles.push(pcm.subarray(at, at + 2048));
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => {
      const bytes = readFileSync(path);
      return needles.some((needle) => bytes.includes(needle));
    });
}

/** The 16 kHz PCM the session writes for chunks 0…count-1 (the same resampler, run here). */
async function expectedPcm(count: number): Promise<Buffer> {
  const stream = await createPcmStream({ inputSampleRate: 16_000, channels: 1 });
  return pcmBytes(Array.from({ length: count }, (_, seq) => stream.push(toneChunk(seq))));
}

/** The one audio file in the library, decrypted. */
async function storedWav(recordingsDir: string, key: LibraryKey): Promise<Buffer> {
  const files = readdirSync(recordingsDir, { withFileTypes: true }).filter((entry) => entry.isFile());
  expect(files).toHaveLength(1);
  return readEncryptedFile(join(recordingsDir, files[0]!.name), key.fileKey());
}

describe('recordings in an encrypted library', () => {
  let fx: LibraryFixture;
  let key: LibraryKey;
  let library: LibraryService;
  beforeEach(() => {
    fx = createLibraryFixture();
    key = LibraryKey.generate();
    library = new LibraryService(fx.database.db, fx.folders, fx.analysis, new LibraryFiles(key));
  });
  afterEach(async () => fx?.dispose());

  it('never put a 4 KiB run of the PCM on disk, while recording or after stop, and read back identical', async () => {
    const service = new RecordingService(fx.folders.partial, library);
    const id = await service.start(16_000, 1);
    expect(readdirSync(fx.folders.partial)).toEqual([`${id}.wavj`]);
    const written: Float32Array[] = [];
    for (let seq = 0; seq < 30; seq++) {
      written.push((await service.push(id, seq, toneChunk(seq))).samples);
      if (seq === 15) expect(filesWithPlaintext(fx.dir, pcmBytes(written))).toEqual([]);
    }
    const recording = await service.stop(id, 'Encrypted session');
    const pcm = pcmBytes(written);
    expect(recording.durationS).toBeCloseTo(pcm.length / 32_000, 2);
    expect(readdirSync(fx.folders.partial)).toEqual([]);
    expect(filesWithPlaintext(fx.dir, pcm)).toEqual([]);
    const wav = await storedWav(fx.folders.recordings, key);
    expect(wav.subarray(44).equals(pcm)).toBe(true);
  });

  it('lose no acknowledged chunk when the recorder is killed with SIGKILL; a torn last entry is dropped', async () => {
    const journal = join(fx.folders.partial, `${crypto.randomUUID()}.wavj`);
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'testing', 'record-encrypted-until-killed.fixture.ts'),
        journal,
        key.fileKey().toString('hex'),
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    const ackedSamples = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (data: Buffer) => {
        const last = Number(data.toString().trim().split('\n').at(-1));
        if (last >= 2.5 * 16_000) {
          child.kill('SIGKILL');
          resolve(last);
        }
      });
      child.on('exit', (code, signal) => {
        if (signal !== 'SIGKILL') reject(new Error(`recorder exited early (${code}): ${stderr}`));
      });
    });
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.on('exit', resolve)));
    // As if the kill had landed inside the next write: a length field and part of an entry.
    appendFileSync(journal, Buffer.from([0, 0, 0x0c, 0x80, ...Array.from({ length: 900 }, (_, i) => i % 251)]));

    const nextStart = new RecordingService(fx.folders.partial, library);
    const [interrupted] = await nextStart.listInterrupted();
    expect(interrupted!.durationS).toBeGreaterThanOrEqual(ackedSamples / 16_000);
    const recovered = await nextStart.recover(interrupted!.id);
    expect(recovered.durationS).toBeGreaterThanOrEqual(ackedSamples / 16_000 - 0.001);
    const wav = await storedWav(fx.folders.recordings, key);
    const samples = (wav.length - 44) / 2;
    expect(samples).toBeGreaterThanOrEqual(ackedSamples);
    const expected = await expectedPcm(Math.ceil(samples / 1600) + 2);
    expect(wav.subarray(44).equals(expected.subarray(0, samples * 2))).toBe(true);
    expect(readdirSync(fx.folders.partial)).toEqual([]);
    expect(filesWithPlaintext(fx.dir, wav.subarray(44))).toEqual([]);
  });
});

describe('turning encryption on with a recording interrupted and an upload unfinished', () => {
  let dir: string;
  let analysis: AnalysisClient;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'et-encrypt-partial-'));
    analysis = new AnalysisClient(() => {});
  });
  afterEach(async () => {
    await analysis.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seals the recording (still recoverable) and removes the upload: no plaintext left', async () => {
    openDatabase(databasePath(dir)).close();
    const folders = libraryFolders(dir);
    const stream = await createPcmStream({ inputSampleRate: 16_000, channels: 1 });
    const mono = Float32Array.from(Array.from({ length: 20 }, (_, seq) => [...stream.push(toneChunk(seq))]).flat());
    const wav = Buffer.from(encodeWavPcm16(mono, 16_000));
    wav.writeUInt32LE(0, 40); // its writer died before the header was final
    const id = crypto.randomUUID();
    writeFileSync(join(folders.partial, `${id}.wav`), wav);
    writeFileSync(join(folders.incoming, 'upload-1.part'), wav.subarray(0, 30_000));
    // The scan sees plaintext where there is some: both files, before the migration.
    expect(filesWithPlaintext(dir, wav.subarray(44))).toHaveLength(2);

    const report = await enableLibraryEncryption(dir, databasePath(dir), {
      kind: 'passphrase',
      passphrase: 'correct horse battery staple',
    });
    expect(report).toMatchObject({ recordingsSealed: 1, uploadsRemoved: 1, plaintextInProgress: [] });
    expect(readdirSync(folders.incoming)).toEqual([]);
    expect(readdirSync(folders.partial)).toEqual([`${id}.wavj`]);
    expect(filesWithPlaintext(dir, wav.subarray(44))).toEqual([]);

    const unlocked = await unlockLibrary(dir, databasePath(dir), { kind: 'passphrase', passphrase: 'correct horse battery staple' });
    try {
      const library = new LibraryService(unlocked.database.db, folders, analysis, unlocked.files);
      const service = new RecordingService(folders.partial, library);
      expect((await service.listInterrupted()).map((r) => [r.id, Number(r.durationS.toFixed(3))])).toEqual([[id, 2]]);
      const recovered = await service.recover(id);
      expect(recovered.durationS).toBeCloseTo(2, 3);
      const stored = await storedWav(folders.recordings, unlocked.key);
      expect(stored.subarray(44).equals(wav.subarray(44))).toBe(true);
    } finally {
      unlocked.database.close();
    }
  });
});
