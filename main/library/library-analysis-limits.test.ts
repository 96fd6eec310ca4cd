// An import the analysis workers stop (issue 14) reaches the caller as the typed error the IPC layer
// sends on: the client's code, a message naming the user's file (not the upload's temp path) and
// the limit, nothing left in the library, and the next import going through.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sine } from '../audio/test-support';
import { AppError } from '../../shared/errors/app-error';
import { createLibraryFixture, wavBytes, writeSpeechWav, type LibraryFixture } from './testing/library-fixture';

describe('imports stopped by the analysis limits', () => {
  let fx: LibraryFixture;
  beforeAll(() => {
    // One worker and 3 s per request, whatever the length: measuring 20 min of audio takes several times longer.
    fx = createLibraryFixture({ workers: 1, floorMs: 3000, decodeMsPerAudioSecond: 0, analyzeMsPerAudioSecond: 0 });
  });
  afterAll(async () => fx?.dispose());

  const incoming = (path: string, name: string) => {
    const bytes = readFileSync(path);
    return { path, name, sizeBytes: bytes.length, contentHash: createHash('sha256').update(bytes).digest('hex') };
  };

  it('fails an import past its time limit with analysis_timeout under the file’s own name, then imports the next', async () => {
    const tempPath = join(fx.dir, 'upload-1234.part');
    writeFileSync(tempPath, wavBytes(sine(180, 16_000, 1200 * 16_000, 0.3)));
    const error = await fx.library.addFile(incoming(tempPath, 'interview.wav'), 'import').then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('analysis_timeout');
    expect((error as AppError).message).toContain('"interview.wav"');
    expect((error as AppError).message).not.toContain(tempPath);
    expect((error as AppError).message).toContain('3.0 s');
    expect(existsSync(tempPath)).toBe(false);
    expect(readdirSync(fx.folders.recordings).filter((name) => name.endsWith('.wav'))).toEqual([]);

    const speech = writeSpeechWav(fx.dir, 'speech.wav', 1);
    const { recording } = await fx.library.addFile(incoming(speech, 'speech.wav'), 'import');
    expect(recording.originalName).toBe('speech.wav');
  });
});
