// Patient data is readable by the user alone (issue 14), whatever the umask: folders 0700, the
// database (and its WAL/SHM files), recordings, uploads and reports 0600 — also for a library made
// by an older release with 0755 folders and 0644 files.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncrementalWavWriter } from '../audio/wav-writer';
import { libraryFolders } from './library-folders';
import { UploadStore } from '../library/upload-store';
import { openDatabase } from './database';
import { writePrivateFile } from './private-files';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe.skipIf(process.platform === 'win32')('files of the library are private', () => {
  let root: string;
  let previousUmask: number;

  beforeAll(() => {
    previousUmask = process.umask(0o022); // the usual desktop umask, which made everything 0644/0755
    root = mkdtempSync(join(tmpdir(), 'et-private-'));
  });
  afterAll(() => {
    process.umask(previousUmask);
    rmSync(root, { recursive: true, force: true });
  });

  it('creates the data folder and its library folders 0700', () => {
    const dataDir = join(root, 'fresh');
    const folders = libraryFolders(dataDir);
    for (const dir of [dataDir, folders.recordings, folders.incoming, folders.partial, folders.reports]) expect(modeOf(dir)).toBe(0o700);
  });

  it('tightens the folders of a library an older release made 0755', () => {
    const dataDir = join(root, 'old');
    mkdirSync(join(dataDir, 'recordings'), { recursive: true, mode: 0o755 });
    chmodSync(dataDir, 0o755);
    libraryFolders(dataDir);
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(join(dataDir, 'recordings'))).toBe(0o700);
  });

  it('creates the database and its WAL and shared-memory files 0600, and tightens an old 0644 one', () => {
    const path = join(root, 'db', 'library.sqlite');
    const database = openDatabase(path);
    database.db.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)');
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(modeOf(file)).toBe(0o600);
    database.close();
    chmodSync(path, 0o644);
    openDatabase(path).close();
    expect(modeOf(path)).toBe(0o600);
  });

  it('writes uploads and microphone recordings 0600 from their first byte', async () => {
    const folders = libraryFolders(join(root, 'audio'));
    const uploads = new UploadStore(folders.incoming);
    const id = await uploads.begin('clip.wav', 10);
    expect(modeOf(join(folders.incoming, `${id}.part`))).toBe(0o600);
    await uploads.cancel(id);
    const writer = await IncrementalWavWriter.create(join(folders.partial, 'take.wav'), { sampleRate: 16_000, channels: 1 });
    expect(modeOf(join(folders.partial, 'take.wav'))).toBe(0o600);
    await writer.close();
  });

  it('writes reports 0600, also over an existing 0644 one', async () => {
    const path = join(root, 'report.html');
    writeFileSync(path, 'old', { mode: 0o644 });
    await writePrivateFile(path, '<p>new</p>');
    expect(modeOf(path)).toBe(0o600);
  });
});
