// The library: adding files (decoded and analyzed in the worker, then kept in the data folder),
// listing, soft delete and undo, re-analysis, and the audio the Analyze view plays and draws.
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { AnalysisView, Spectrogram, WaveformEnvelope } from '../../shared/types/analysis-view';
import type { CalibrationListing, CalibrationRef, CalibrationSummary, UserCalibration } from '../../shared/types/calibration';
import type { ProsodyAnalysis } from '../../shared/types/prosody';
import type { LibraryListing, LibraryQuery, RecordingSummary } from '../../shared/types/library';
import { AnalysisClient, AnalysisFailure, type ProgressListener } from '../analysis/analysis-client';
import { toAnalysisView } from '../analysis/to-analysis-view';
import { spectrogram, waveformEnvelope } from '../analysis/display-signals';
import { DECODED_CLIPS_BUDGET_BYTES, DecodedClips, type DecodedClip } from '../analysis/decoded-clips';
import { AppError } from '../../shared/errors/app-error';
import { LibraryFiles } from '../security/library-files';
import { computeUserCalibration, userCalibrationClip, UserCalibrationError } from '../prosody';
import { AnalysisRepository, type AnalysisHeadline, type ModelOutput, type StoredAnalysis } from '../store/analysis-repository';
import { CalibrationRepository } from '../store/calibration-repository';
import type { SqliteDatabase } from '../store/database';
import { RecordingRepository, type StoredRecording } from '../store/recording-repository';
import type { LibraryFolders } from '../store/library-folders';

/** A file ready to join the library (in incoming/ or partial/; moved into recordings/ on success). */
export interface IncomingFile {
  path: string;
  name: string;
  sizeBytes: number;
  contentHash: string;
}

const MIME_BY_CONTAINER: Record<string, string> = {
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  webm: 'audio/webm',
  mp4: 'audio/mp4',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
};
/** Analyses parsed from the store kept for the next reader (the explanation run after an import, the page). */
const RECENT_ANALYSES = 8;

export class LibraryService {
  // Readable for tests' fixtures; handlers call the methods below, never a repository (issue 16).
  readonly recordings: RecordingRepository;
  readonly analyses: AnalysisRepository;
  /** Calibrations to the user's recordings; the active one sets the levels of every new analysis. */
  private readonly calibrations: CalibrationRepository;
  /** Each recording decoded once: by its import's measure, else on first use (explanation, charts). */
  private readonly clips: DecodedClips;
  /** The newest analyses stored or read lately, by recording: not parsed from the store again. */
  private readonly recent = new Map<string, StoredAnalysis>();

  constructor(
    db: SqliteDatabase,
    private readonly folders: LibraryFolders,
    private readonly analysis: AnalysisClient,
    /** How recordings and reports are stored: encrypted when the library has a key (issue 14). */
    readonly files: LibraryFiles = new LibraryFiles(),
    clipBudgetBytes: number = DECODED_CLIPS_BUDGET_BYTES,
  ) {
    this.clips = new DecodedClips(clipBudgetBytes);
    this.recordings = new RecordingRepository(db);
    this.analyses = new AnalysisRepository(db);
    this.calibrations = new CalibrationRepository(db);
  }

  /**
   * Analyzes a file and adds it to the library. The same bytes already in the library give that
   * recording back (duplicate: true). An undecodable file is removed and reported with its audio
   * error code; nothing is added.
   */
  async addFile(
    file: IncomingFile,
    source: 'import' | 'recording',
    onProgress?: ProgressListener,
  ): Promise<{ recording: RecordingSummary; duplicate: boolean }> {
    const existing = this.recordings.findByHash(file.contentHash);
    if (existing) {
      await rm(file.path, { force: true });
      return { recording: existing, duplicate: true };
    }
    let result;
    const calibration = this.calibrations.active();
    try {
      result = await this.analysis.measure(file.path, { calibration, ...this.decodeKey(), ...(onProgress ? { onProgress } : {}) });
    } catch (error) {
      // An import that fails is dropped; a microphone recording stays in partial/ to be recovered.
      if (source === 'import') await rm(file.path, { force: true });
      // The decoder names the file it read (a temp path); the user knows it by its own name.
      if (error instanceof AnalysisFailure) throw new AppError(error.code, error.message.split(file.path).join(file.name));
      throw asAppError(error);
    }
    const id = randomUUID();
    const fileName = `${id}${extensionFor(file.name, result.source.format)}`;
    await this.files.adopt(file.path, join(this.folders.recordings, fileName));
    this.recordings.add({
      id,
      fileName,
      originalName: file.name,
      source,
      format: result.source.format,
      durationS: result.source.durationS,
      sizeBytes: file.sizeBytes,
      contentHash: file.contentHash,
    });
    this.remember(this.analyses.add(id, result.prosody, null, result.timings, { calibration }));
    this.clips.put(id, clipOf(result));
    return { recording: this.recordings.get(id), duplicate: false };
  }

  /** Runs the analysis again on a library recording and stores it as its newest analysis. */
  async reanalyze(id: string): Promise<StoredAnalysis> {
    const recording = this.recordings.get(id);
    const calibration = this.calibrations.active();
    try {
      const result = await this.analysis.measure(this.pathOf(recording), { calibration, ...this.decodeKey() });
      this.clips.put(id, clipOf(result));
      return this.remember(this.analyses.add(id, result.prosody, null, result.timings, { calibration }));
    } catch (error) {
      throw asAppError(error);
    }
  }

  /**
   * A calibration from the latest analyses of library recordings (no decoding: their measures are
   * stored), with an optional speaker-baseline recording. Too few usable ones: 'too_few_clips'.
   */
  calibrate(ids: readonly string[], name: string, baselineId?: string): UserCalibration {
    const clipOf = (id: string) => userCalibrationClip(this.recordings.get(id).originalName, this.latestAnalysis(id).prosody);
    try {
      return computeUserCalibration([...new Set(ids)].map(clipOf), { name, ...(baselineId ? { baseline: [clipOf(baselineId)] } : {}) });
    } catch (error) {
      throw error instanceof UserCalibrationError ? new AppError(error.code, error.message) : error;
    }
  }

  list(query: LibraryQuery): LibraryListing {
    return this.recordings.list(query);
  }

  get(id: string): RecordingSummary {
    return this.recordings.get(id);
  }

  analysisView(id: string): AnalysisView {
    this.recordings.get(id);
    return toAnalysisView(this.latestAnalysis(id));
  }

  delete(ids: readonly string[]): number {
    for (const id of ids) {
      this.clips.delete(id);
      this.recent.delete(id);
    }
    return this.recordings.softDelete(ids);
  }

  restore(ids: readonly string[]): number {
    return this.recordings.restore(ids);
  }

  async waveform(id: string, startS: number, endS: number, columns: number): Promise<WaveformEnvelope> {
    const audio = await this.decodedAudio(id);
    return waveformEnvelope(audio.samples, audio.sampleRate, startS, endS, columns);
  }

  async spectrogram(id: string, startS: number, endS: number, columns: number): Promise<Spectrogram> {
    const audio = await this.decodedAudio(id);
    return spectrogram(audio.samples, audio.sampleRate, startS, endS, columns);
  }

  /** A byte range of the stored file, for playback in the page. */
  async audioChunk(id: string, offset: number, length: number): Promise<{ dataBase64: string; totalBytes: number; mimeType: string }> {
    const recording = this.recordings.get(id);
    const { bytes, totalBytes } = await this.files.readRange(this.pathOf(recording), offset, length);
    return {
      dataBase64: bytes.toString('base64'),
      totalBytes,
      mimeType: MIME_BY_CONTAINER[recording.format.split('/')[0] ?? ''] ?? 'application/octet-stream',
    };
  }

  /** Keeps a saved report in the data folder (encrypted like the recordings when the library is). */
  async saveReport(recordingId: string, html: string): Promise<void> {
    await this.files.write(join(this.folders.reports, `${recordingId}.html`), html);
  }

  /**
   * The newest analysis of a recording (not_found when it has none); one this service stored or read
   * lately is not parsed again (a long recording's frames are megabytes of JSON). Callers share the
   * object: they must not change it.
   */
  latestAnalysis(recordingId: string): StoredAnalysis {
    const recent = this.recent.get(recordingId);
    if (recent && this.analyses.latestId(recordingId) === recent.id) return this.remember(recent);
    return this.remember(this.analyses.latest(recordingId));
  }

  /**
   * A stored recording decoded, with its file's path for logs (explanation runs): from memory when
   * its import or an earlier run decoded it, else decoded in a worker once.
   */
  async clipOf(recordingId: string): Promise<{ name: string; audio: DecodedClip }> {
    const path = this.pathOf(this.recordings.get(recordingId));
    return { name: path, audio: await this.decodedAudio(recordingId) };
  }

  /**
   * The recordings of `ids` in their order (not_found names a missing or deleted one), each with the
   * headline of its newest analysis (no stored frames parsed): a batch of a table export in two queries.
   */
  tableEntries(ids: readonly string[]): { recording: RecordingSummary; analysis: AnalysisHeadline | null }[] {
    const recordings = this.recordings.getMany(ids);
    const analyses = this.analyses.latestHeadlines(ids);
    return recordings.map((recording) => ({ recording, analysis: analyses.get(recording.id) ?? null }));
  }

  // ---- calibrations to the user's recordings (made with calibrate) ----

  /** Every stored calibration, and which one is active. */
  listCalibrations(): CalibrationListing {
    return this.calibrations.list();
  }

  calibration(id: string): UserCalibration {
    return this.calibrations.get(id);
  }

  activeCalibration(): UserCalibration | null {
    return this.calibrations.active();
  }

  /** Stores a calibration; `activate`: every new analysis is relative to it from now on. */
  addCalibration(calibration: UserCalibration, options: { activate?: boolean } = {}): CalibrationSummary {
    return this.calibrations.add(calibration, options);
  }

  /** Makes `id` the active calibration (null: none, the corpus levels). */
  setActiveCalibration(id: string | null): CalibrationListing {
    return this.calibrations.setActive(id);
  }

  deleteCalibration(id: string): CalibrationListing {
    return this.calibrations.delete(id);
  }

  /** Stores a model's analysis of a recording as its newest, on the calibration its levels were read on. */
  addAnalysis(
    recordingId: string,
    prosody: ProsodyAnalysis,
    model: ModelOutput,
    timings: Record<string, number>,
    calibration: CalibrationRef | null,
  ): StoredAnalysis {
    return this.remember(this.analyses.add(recordingId, prosody, model, timings, { calibration }));
  }

  /** What the worker needs to read a stored recording: the file key of an encrypted library. */
  decodeKey(): { fileKey?: Uint8Array } {
    const fileKey = this.files.decodeKey;
    return fileKey ? { fileKey } : {};
  }

  pathOf(recording: StoredRecording): string {
    return join(this.folders.recordings, recording.fileName);
  }

  private decodedAudio(id: string): Promise<DecodedClip> {
    const path = this.pathOf(this.recordings.get(id));
    return this.clips.get(id, () =>
      this.analysis.decode(path, this.decodeKey().fileKey).catch((error: unknown) => {
        throw asAppError(error);
      }),
    );
  }

  /** Keeps `analysis` as its recording's newest (most recently used last, the oldest dropped). */
  private remember(analysis: StoredAnalysis): StoredAnalysis {
    this.recent.delete(analysis.recordingId);
    this.recent.set(analysis.recordingId, analysis);
    while (this.recent.size > RECENT_ANALYSES) this.recent.delete(this.recent.keys().next().value!);
    return analysis;
  }
}

/** The decoded clip of a measure's result, without the prosody (kept apart, in the store). */
function clipOf({ samples, sampleRate, source, warnings }: DecodedClip): DecodedClip {
  return { samples, sampleRate, source, warnings };
}

function extensionFor(name: string, format: string): string {
  const fromName = extname(name).toLowerCase();
  if (/^\.[a-z0-9]{1,5}$/.test(fromName)) return fromName;
  return `.${format.split('/')[0]?.replace(/[^a-z0-9]/g, '') || 'audio'}`;
}

/** Worker failures keep their audio error code (corrupt, not_audio, …) across IPC. */
function asAppError(error: unknown): unknown {
  return error instanceof AnalysisFailure ? new AppError(error.code, error.message) : error;
}
