// A long recording through the library as the app runs it (issue 15): imported (decoded and measured
// in the analysis worker), explained with the default model as an emotion timeline, then drawn (the
// waveform and spectrogram the Analyze view asks for first). Prints the wall time of each step and
// how many times the worker decoded the file, for a WAV and an MP3 of the same recording (RAVDESS
// validation clips joined by room noise).
// Run: npm run bench:library [-- --minutes 3]
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { encodeWavPcm16 } from '../../main/audio';
import { AnalysisClient } from '../../main/analysis/analysis-client';
import { ExplanationService } from '../../main/analysis/explanation-service';
import { EventBus } from '../../main/ipc/event-bus';
import { ModelRegistry } from '../../main/installed-models/model-registry';
import { memoryPreferences } from '../../main/installed-models/testing/model-copies';
import { LibraryService } from '../../main/library/library-service';
import { joinClips } from '../../main/ml/pipeline/testing/long-recording';
import { SHARED_DATA_DIR } from '../../main/prosody/testing/audio-files';
import { openDatabase } from '../../main/store/database';
import { libraryFolders } from '../../main/store/library-folders';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '3' } } });
const minutes = Number(values.minutes);
if (!(minutes > 0 && minutes <= 30)) throw new Error(`--minutes must be in (0, 30] (got ${values.minutes}).`);

const RESOURCES = path.resolve(import.meta.dirname, '../../resources/models');
const work = mkdtempSync(path.join(tmpdir(), 'et-bench-library-'));

/** Validation actors' clips (17–20, never trained on) in name order, as many as fill `minutes`. */
async function recording(): Promise<string> {
  const ravdess = path.join(SHARED_DATA_DIR, 'ravdess');
  const files = ['Actor_17', 'Actor_18', 'Actor_19', 'Actor_20'].flatMap((actor) =>
    readdirSync(path.join(ravdess, actor))
      .filter((name) => name.endsWith('.wav'))
      .sort()
      .map((name) => path.join(ravdess, actor, name)),
  );
  // A RAVDESS clip and its pause last about 4.2 s.
  const count = Math.min(files.length, Math.ceil((minutes * 60) / 4.2));
  const { audio } = await joinClips(files.slice(0, count), 0.6);
  const file = path.join(work, 'session.wav');
  writeFileSync(file, encodeWavPcm16(audio.samples, audio.sampleRate));
  return file;
}

async function run(file: string): Promise<void> {
  const dir = mkdtempSync(path.join(work, 'library-'));
  const database = openDatabase(path.join(dir, 'app.sqlite'));
  const folders = libraryFolders(dir);
  const client = new AnalysisClient();
  const library = new LibraryService(database.db, folders, client);
  const models = new ModelRegistry({ shippedDir: RESOURCES, userDir: path.join(dir, 'models'), preferences: memoryPreferences() });
  const model = models.usable('shipped:default');
  const explanations = new ExplanationService(library, client, new EventBus());
  try {
    // The worker's modules and the model's sessions load once, before the clock (a warm app).
    await client.estimate(new Float32Array(16_000), { dir: model.dir, stamp: 'bench' });
    const incoming = path.join(folders.incoming, path.basename(file));
    copyFileSync(file, incoming);
    const bytes = readFileSync(incoming);
    const t0 = performance.now();
    const { recording } = await library.addFile(
      {
        path: incoming,
        name: path.basename(file),
        sizeBytes: bytes.length,
        contentHash: createHash('sha256').update(bytes).digest('hex'),
      },
      'import',
    );
    const t1 = performance.now();
    const stored = await explanations.start(recording.id, model).done;
    if (!stored) throw new Error('The explanation failed (see the log above).');
    const t2 = performance.now();
    const end = recording.durationS;
    await Promise.all([library.waveform(recording.id, 0, end, 1200), library.spectrogram(recording.id, 0, end, 1200)]);
    const t3 = performance.now();
    const segments = stored.model?.details?.segments?.length ?? 1;
    console.log(
      [
        `${path.extname(file).slice(1).padEnd(4)} ${(end / 60).toFixed(1)} min`,
        `import ${((t1 - t0) / 1000).toFixed(2)} s`,
        `explain ${((t2 - t1) / 1000).toFixed(2)} s (${segments} utterances)`,
        `first waveform + spectrogram ${((t3 - t2) / 1000).toFixed(2)} s`,
        `decodes ${client.stats.decodes} (${(client.stats.decodeMs / 1000).toFixed(2)} s)`,
      ].join(' | '),
    );
  } finally {
    await explanations.idle();
    await client.close();
    database.close();
  }
}

try {
  const wav = await recording();
  const mp3 = path.join(work, 'session.mp3');
  execFileSync('ffmpeg', ['-v', 'error', '-i', wav, '-b:a', '64k', mp3]);
  console.log(`recording: ${(statSync(wav).size / 1e6).toFixed(1)} MB WAV, ${(statSync(mp3).size / 1e6).toFixed(1)} MB MP3`);
  for (const file of [wav, mp3]) await run(file);
} finally {
  rmSync(work, { recursive: true, force: true });
}
