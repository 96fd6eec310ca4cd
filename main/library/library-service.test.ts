import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors/app-error';
import { createLibraryFixture, writeSpeechWav, type LibraryFixture } from './testing/library-fixture';
import { LibraryService } from './library-service';
import { UploadStore } from './upload-store';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('the library service', () => {
  let fx: LibraryFixture;
  beforeAll(() => {
    fx = createLibraryFixture();
  });
  afterAll(async () => fx?.dispose());

  async function upload(name: string, bytes: Uint8Array, chunkBytes = 10_000) {
    const uploads = new UploadStore(fx.folders.incoming);
    const id = await uploads.begin(name, bytes.length);
    for (let offset = 0; offset < bytes.length; offset += chunkBytes)
      await uploads.append(id, offset, bytes.subarray(offset, offset + chunkBytes));
    return uploads.complete(id);
  }

  it('imports an uploaded WAV: file kept in the data folder, analyzed in the worker, listed', async () => {
    const path = writeSpeechWav(fx.dir, 'speech.wav');
    const bytes = readFileSync(path);
    const stages: string[] = [];
    const { recording, duplicate } = await fx.library.addFile(await upload('speech.wav', bytes), 'import', (stage) => stages.push(stage));
    expect(duplicate).toBe(false);
    expect(stages).toEqual(['decoding', 'analyzing']);
    expect(recording).toMatchObject({
      originalName: 'speech.wav',
      format: 'wav/pcm16',
      source: 'import',
      reviewed: false,
      label: null,
      modelId: null,
    });
    expect(recording.durationS).toBeCloseTo(3, 2);
    expect(recording.contentHash).toBe(sha256(bytes));
    expect(recording.caption).toMatch(/\w+/);
    expect(readdirSync(fx.folders.recordings)).toContain(`${recording.id}.wav`);
    expect(readdirSync(fx.folders.incoming)).toEqual([]);

    const view = fx.library.analysisView(recording.id);
    expect(view.tracks.f0Hz.length).toBeGreaterThan(290);
    expect(view.tracks.f0Hz.filter((f) => f !== null && f > 150 && f < 250).length).toBeGreaterThan(80);
    expect(view.syllables.length).toBeGreaterThanOrEqual(4);
    expect(view.explanation).toBeNull();
    expect(fx.library.list({ search: 'SPEECH' }).items.map((r) => r.id)).toEqual([recording.id]);
  });

  it('gives back the existing recording when the same bytes are imported again', async () => {
    const bytes = readFileSync(join(fx.dir, 'speech.wav'));
    const again = await fx.library.addFile(await upload('copy.wav', bytes), 'import');
    expect(again.duplicate).toBe(true);
    expect(again.recording.originalName).toBe('speech.wav');
  });

  it('refuses a corrupt file with the audio error code and keeps nothing of it', async () => {
    const before = fx.library.list({}).items.length;
    const garbage = new TextEncoder().encode('RIFF????WAVEfmt this is not really audio at all'.repeat(40));
    const failure = await fx.library.addFile(await upload('broken.wav', garbage), 'import').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toMatch(/corrupt|not_audio|unsupported_codec|truncated/);
    expect((failure as AppError).message).toContain('broken.wav');
    expect(fx.library.list({}).items).toHaveLength(before);
    expect(readdirSync(fx.folders.incoming)).toEqual([]);
  });

  it('draws a window of the waveform and spectrogram at the requested width', async () => {
    const [recording] = fx.library.list({}).items;
    const envelope = await fx.library.waveform(recording!.id, 0, 3, 300);
    expect(envelope.min).toHaveLength(300);
    expect(Math.max(...envelope.max)).toBeGreaterThan(0.1);
    expect(envelope.max[0]).toBeLessThan(0.05); // the first 10 ms are silence before the first syllable
    const spectrogram = await fx.library.spectrogram(recording!.id, 0.2, 0.4, 50);
    expect(Buffer.from(spectrogram.dataBase64, 'base64')).toHaveLength(50 * spectrogram.bins);
  });

  it('serves the stored file in byte ranges for playback', async () => {
    const [recording] = fx.library.list({}).items;
    const head = await fx.library.audioChunk(recording!.id, 0, 12);
    expect(Buffer.from(head.dataBase64, 'base64').toString('latin1')).toMatch(/^RIFF....WAVE$/s);
    expect(head.mimeType).toBe('audio/wav');
    expect(head.totalBytes).toBe(recording!.sizeBytes);
  });

  it('re-analyzes a recording into a new analysis and keeps the old one', async () => {
    const [recording] = fx.library.list({}).items;
    const first = fx.library.analysisView(recording!.id).analysisId;
    await fx.library.reanalyze(recording!.id);
    expect(fx.library.analysisView(recording!.id).analysisId).toBeGreaterThan(first);
    expect(fx.library.analyses.count(recording!.id)).toBe(2);
  });

  it('keeps the newest analysis it stored for the next reader, and reads the store again once another is newer', async () => {
    const [recording] = fx.library.list({}).items;
    const id = recording!.id;
    const stored = await fx.library.reanalyze(id);
    // Not parsed from the store again: the object stored is the one read.
    expect(fx.library.latestAnalysis(id)).toBe(stored);
    // A newer analysis written past this service (another session on the same database) is read.
    const other = new LibraryService(fx.database.db, fx.folders, fx.analysis);
    const newer = await other.reanalyze(id);
    expect(fx.library.latestAnalysis(id).id).toBe(newer.id);
    expect(fx.library.latestAnalysis(id)).not.toBe(stored);
  });

  it('answers a missing file in the data folder with file_not_found', async () => {
    const path = writeSpeechWav(fx.dir, 'vanishing.wav', 1.5, 7);
    const { recording } = await fx.library.addFile(await upload('vanishing.wav', readFileSync(path)), 'import');
    writeFileSync(join(fx.dir, 'unrelated'), '');
    const stored = fx.library.recordings.get(recording.id);
    const file = fx.library.pathOf(stored);
    expect(existsSync(file)).toBe(true);
    await import('node:fs/promises').then((fs) => fs.rm(file));
    await expect(fx.library.reanalyze(recording.id)).rejects.toMatchObject({ code: 'file_not_found' });
  });
});

describe('chunked uploads', () => {
  it('refuse chunks out of order and uploads that stop short', async () => {
    const fx = createLibraryFixture();
    try {
      const uploads = new UploadStore(fx.folders.incoming);
      const id = await uploads.begin('a.wav', 10);
      await expect(uploads.append(id, 4, new Uint8Array(2))).rejects.toMatchObject({ code: 'conflict' });
      await uploads.append(id, 0, new Uint8Array(4));
      await expect(uploads.complete(id)).rejects.toMatchObject({ code: 'truncated' });
      expect(readdirSync(fx.folders.incoming)).toEqual([]);
    } finally {
      await fx.dispose();
    }
  });
});

describe('open uploads are bounded (issue 14)', () => {
  it('refuses more than maxOpen uploads at once, and takes new ones when one finishes', async () => {
    const fx = createLibraryFixture();
    try {
      const uploads = new UploadStore(fx.folders.incoming, { maxOpen: 3 });
      const ids = [await uploads.begin('a.wav', 10), await uploads.begin('b.wav', 10), await uploads.begin('c.wav', 10)];
      await expect(uploads.begin('d.wav', 10)).rejects.toMatchObject({
        code: 'too_many_uploads',
        message: expect.stringContaining('at most 3'),
      });
      await uploads.cancel(ids[0]!);
      await expect(uploads.begin('d.wav', 10)).resolves.toMatch(/^[0-9a-f-]{36}$/);
      await uploads.cancelAll();
      expect(readdirSync(fx.folders.incoming)).toEqual([]);
    } finally {
      await fx.dispose();
    }
  });

  it('caps the uploads of each client, so one window cannot take every slot, and closes them when it goes', async () => {
    const fx = createLibraryFixture();
    try {
      const uploads = new UploadStore(fx.folders.incoming, { maxOpen: 5, maxOpenPerClient: 2 });
      await uploads.begin('a1.wav', 10, 'window-a');
      await uploads.begin('a2.wav', 10, 'window-a');
      await expect(uploads.begin('a3.wav', 10, 'window-a')).rejects.toMatchObject({
        code: 'too_many_uploads',
        message: expect.stringContaining('at most 2'),
      });
      const ofB = await uploads.begin('b1.wav', 10, 'window-b');
      await uploads.cancelClient('window-a');
      expect(uploads.openCount).toBe(1);
      expect(readdirSync(fx.folders.incoming)).toEqual([`${ofB}.part`]);
      await expect(uploads.begin('a3.wav', 10, 'window-a')).resolves.toMatch(/^[0-9a-f-]{36}$/);
      await uploads.cancelAll();
    } finally {
      await fx.dispose();
    }
  });

  it('drops an upload that stops arriving: its handle is closed and its .part file removed', async () => {
    const fx = createLibraryFixture();
    try {
      const uploads = new UploadStore(fx.folders.incoming, { idleTimeoutMs: 150 });
      const id = await uploads.begin('stalled.wav', 10);
      await uploads.append(id, 0, new Uint8Array(4));
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(uploads.openCount).toBe(0);
      expect(readdirSync(fx.folders.incoming)).toEqual([]);
      await expect(uploads.append(id, 4, new Uint8Array(2))).rejects.toMatchObject({ code: 'not_found' });
    } finally {
      await fx.dispose();
    }
  });

  it('removes the .part files an earlier run left behind, and only those', async () => {
    const fx = createLibraryFixture();
    try {
      writeFileSync(join(fx.folders.incoming, '3f0c1f6e-0000-4000-8000-000000000001.part'), 'half a file');
      writeFileSync(join(fx.folders.incoming, 'keep.txt'), 'not ours');
      const uploads = new UploadStore(fx.folders.incoming);
      const current = await uploads.begin('now.wav', 10);
      expect(uploads.removeOrphans()).toBe(1);
      expect(readdirSync(fx.folders.incoming).sort()).toEqual([`${current}.part`, 'keep.txt']);
      await uploads.cancelAll();
    } finally {
      await fx.dispose();
    }
  });
});
