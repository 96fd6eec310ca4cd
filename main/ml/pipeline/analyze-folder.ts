// Many clips with one model load: every audio file of a folder (or a list), one after another on
// this thread, reporting progress per file. A file that fails (corrupt, unsupported, too long, …)
// is listed with its error code and the run goes on; only a model that cannot load stops it.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { ClipAnalysisResult, FailedClip, FolderAnalysisResult, FolderProgress } from '../../../shared/types/analysis-result';
import { listAudioFiles } from '../../data';
import { analyzeClip, modelFor, type AnalyzeClipOptions } from './analyze-clip';
import { errorCode, describeError, PipelineError } from './pipeline-error';

export interface AnalyzeManyOptions extends AnalyzeClipOptions {
  onProgress?: (progress: FolderProgress) => void;
  /** Called with each finished result (e.g. to stream rows to a file). */
  onResult?: (result: ClipAnalysisResult) => void;
  /** Called with each file that could not be analyzed. */
  onFailure?: (failure: FailedClip) => void;
  /** Per-file speaker gender (e.g. from a corpus manifest); overrides `gender`. */
  genderOf?: (file: string) => AnalyzeClipOptions['gender'] | undefined;
}

/** Every audio file under `folder` (recursive, sorted by path). */
export function listClips(folder: string): string[] {
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    isFolder = false;
  }
  if (!isFolder) throw new PipelineError('not_a_folder', `"${folder}" does not exist or is not a folder.`);
  const files = listAudioFiles(folder);
  if (files.length === 0)
    throw new PipelineError('no_audio_files', `"${folder}" holds no audio files (.wav, .flac, .mp3, .ogg, .opus, .m4a, .webm).`);
  return files;
}

/** Analyses `files` in order; failures are collected, not thrown. */
export async function analyzeFiles(files: string[], options: AnalyzeManyOptions = {}): Promise<Omit<FolderAnalysisResult, 'folder'>> {
  const started = performance.now();
  const model = await modelFor(options);
  const results: ClipAnalysisResult[] = [];
  const failed: FailedClip[] = [];
  for (const [index, file] of files.entries()) {
    const gender = options.genderOf?.(file) ?? options.gender;
    try {
      const result = await analyzeClip({ path: file }, { ...options, model, ...(gender ? { gender } : {}) });
      results.push(result);
      options.onResult?.(result);
      options.onProgress?.({
        done: index + 1,
        total: files.length,
        file,
        outcome: 'analyzed',
        label: result.inputQuality.judgeable ? result.label : null,
        judgeable: result.inputQuality.judgeable,
      });
    } catch (error) {
      const failure = { file, code: errorCode(error), message: describeError(error) };
      failed.push(failure);
      options.onFailure?.(failure);
      options.onProgress?.({ done: index + 1, total: files.length, file, outcome: 'failed', label: null });
    }
  }
  return { modelId: model.folder.manifest.id, results, failed, elapsedMs: performance.now() - started };
}

/** Analyzes every audio file under `folder`; throws PipelineError only when there is nothing to do. */
export async function analyzeFolder(folder: string, options: AnalyzeManyOptions = {}): Promise<FolderAnalysisResult> {
  const files = listClips(folder);
  return { folder: path.resolve(folder), ...(await analyzeFiles(files, options)) };
}
