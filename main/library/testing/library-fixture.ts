// Test helpers for the library area: a real database and data folder in a temp dir, the real
// analysis worker, and speech-like WAV files synthesised with known prosody.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { encodeWavPcm16 } from '../../audio';
import { AnalysisClient, type AnalysisLimits } from '../../analysis/analysis-client';
import { synthesize, syllableTrain } from '../../prosody/testing/signals';
import { openDatabase, type AppDatabase } from '../../store/database';
import { libraryFolders, type LibraryFolders } from '../../store/library-folders';
import { ModelRegistry, type ActiveModel } from '../../installed-models/model-registry';
import { copyTinyModel, memoryPreferences } from '../../installed-models/testing/model-copies';
import { LibraryService } from '../library-service';
import { UploadStore } from '../upload-store';

export interface LibraryFixture {
  dir: string;
  database: AppDatabase;
  folders: LibraryFolders;
  analysis: AnalysisClient;
  library: LibraryService;
  dispose(): Promise<void>;
}

/** `analysisLimits`: the workers' limits (tests of a request stopped for its time or memory). */
export function createLibraryFixture(analysisLimits: Partial<AnalysisLimits> = {}): LibraryFixture {
  const dir = mkdtempSync(join(tmpdir(), 'et-library-'));
  const database = openDatabase(join(dir, 'app.sqlite'));
  const folders = libraryFolders(dir);
  const analysis = new AnalysisClient(() => {}, analysisLimits);
  const library = new LibraryService(database.db, folders, analysis);
  return {
    dir,
    database,
    folders,
    analysis,
    library,
    dispose: async () => {
      await analysis.close();
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** 16-bit PCM WAV bytes of 16 kHz mono samples. */
export function wavBytes(samples: Float32Array, sampleRate = 16_000): Uint8Array {
  return encodeWavPcm16(samples, sampleRate);
}

/** Eight "syllables" of a falling 220→180 Hz voice over `durationS`, with a pause in the middle. */
export function speechLikeSamples(durationS = 3, seed = 1): Float32Array {
  const first = syllableTrain(4, 0.2, 0.18, 0.07, (i) => 220 - i * 5);
  const second = syllableTrain(4, durationS / 2 + 0.3, 0.18, 0.07, (i) => 200 - i * 5);
  return synthesize(durationS, [...first, ...second], 0.002, seed).samples;
}

/** Writes a speech-like WAV into `dir` and returns its path. */
export function writeSpeechWav(dir: string, name: string, durationS = 3, seed = 1): string {
  const path = join(dir, name);
  writeFileSync(path, wavBytes(speechLikeSamples(durationS, seed)));
  return path;
}

/** The tiny model copied into the fixture's folder as a shipped model, usable (test models shown). */
export function fixtureTinyModel(fx: LibraryFixture): ActiveModel {
  const shippedDir = join(fx.dir, 'shipped');
  copyTinyModel(join(shippedDir, 'tiny'));
  return new ModelRegistry({
    shippedDir,
    userDir: join(fx.dir, 'models'),
    preferences: memoryPreferences({ showTestModels: true }),
  }).usable('shipped:tiny');
}

/** A file uploaded in one chunk and imported, as the page does; the new recording's id. */
export async function importFile(fx: LibraryFixture, file: string): Promise<string> {
  const bytes = readFileSync(file);
  const uploads = new UploadStore(fx.folders.incoming);
  const id = await uploads.begin(basename(file), bytes.length);
  await uploads.append(id, 0, bytes);
  return (await fx.library.addFile(await uploads.complete(id), 'import')).recording.id;
}
