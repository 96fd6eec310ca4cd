// `emotionthinker analyze <file|folder>`: runs the analyze pipeline on one file or every audio file
// of a folder, prints each result for a person, shows progress for folders, and writes JSON/CSV.
// Exit code: 0 when every file was analyzed, 1 when any file failed, 2 when nothing could run.
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ClipAnalysisResult, FailedClip, FolderProgress } from '../../shared/types/analysis-result';
import { cannotJudgeText } from '../../shared/util/input-quality-words';
import type { SpeakerGender } from '../../shared/types/prosody';
import { levelsReference } from '../../shared/util/levels-reference';
import { DEFAULT_CALIBRATION, readUserCalibrationFile } from '../../main/prosody';
import {
  analyzeFiles,
  errorCode,
  describeError,
  listClips,
  modelFor,
  PipelineError,
  resolveModelDir,
  sharedModelSessions,
} from '../../main/ml/pipeline';
import { formatClipText, formatFailureText } from '../../main/ml/pipeline/reports/results-text';
import { resultsToCsv, resultsToJson } from '../../main/ml/pipeline/reports/results-csv';
import { parseCommandLine, type Output } from './command-line';

export const ANALYZE_USAGE = `Usage: emotionthinker analyze <file|folder> [options]

Says which emotion each clip expresses and why, and checks the reasoning against measured prosody.

Options:
  --model DIR        model folder (default: resources/models/default)
  --json FILE        write every result as JSON
  --csv FILE         write one row per file as CSV
  --gender G         speaker gender, female or male (picks the pitch tertiles; never guessed)
  --calibration FILE levels and model inputs relative to your recordings (made by: emotionthinker calibrate)
  --sample           sample the first answer instead of greedy decoding
  --seed N           seed of the first attempt (default 0)
  --retries N        extra attempts after a malformed answer (default 2)
  --max-tokens N     token budget per attempt (default: the model's training length)
  --width N          wrap width of the text output (default 100)
  -h, --help         show this help`;

function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new PipelineError('invalid_options', `${name} must be a whole number, got "${value}"`);
  return Number(value);
}

function progressLine(p: FolderProgress, root: string): string {
  const width = String(p.total).length;
  const what = p.outcome === 'failed' ? 'FAILED' : p.judgeable === false ? 'cannot judge' : (p.label ?? 'no valid answer');
  return `[${String(p.done).padStart(width)}/${p.total}] ${path.relative(root, p.file) || path.basename(p.file)} → ${what}`;
}

function summary(results: ClipAnalysisResult[], failed: FailedClip[], elapsedMs: number, root: string): string {
  const total = results.length + failed.length;
  // A clip the model cannot judge counts apart: its answer is no label (issue 11).
  const unjudgeable = results.filter((r) => !r.inputQuality.judgeable);
  const judged = results.filter((r) => r.inputQuality.judgeable);
  const malformed = judged.filter((r) => !r.wellFormed).length;
  const warned = judged.filter((r) => r.inputQuality.outOfRange).length;
  const counts = new Map<string, number>();
  for (const r of judged) if (r.label) counts.set(r.label, (counts.get(r.label) ?? 0) + 1);
  const labels =
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([l, n]) => `${l} ${n}`)
      .join(', ') || 'none';
  const lines = [
    `Analyzed ${results.length} of ${total} file(s) in ${(elapsedMs / 1000).toFixed(1)} s: ${judged.length - malformed} answered, ${malformed} without a valid answer, ${unjudgeable.length} the model cannot judge, ${failed.length} failed.`,
    `Labels: ${labels}`,
  ];
  if (warned)
    lines.push(`Input warnings: ${warned} answered file(s) unlike the training data (confidence lowered; see each file's "input:" line).`);
  if (unjudgeable.length) {
    lines.push(`Cannot judge (${unjudgeable.length}):`);
    for (const r of unjudgeable) lines.push(`  ${path.relative(root, r.file) || r.file}  ${cannotJudgeText(r.inputQuality)}`);
  }
  if (failed.length) {
    lines.push(`Failed files (${failed.length}):`);
    for (const f of failed) lines.push(`  ${path.relative(root, f.file) || f.file}  [${f.code}] ${f.message}`);
  }
  return lines.join('\n');
}

export async function runAnalyze(argv: string[], io: Output): Promise<number> {
  const line = parseCommandLine(
    argv,
    {
      allowPositionals: true,
      options: {
        model: { type: 'string' },
        json: { type: 'string' },
        csv: { type: 'string' },
        gender: { type: 'string' },
        calibration: { type: 'string' },
        sample: { type: 'boolean' },
        seed: { type: 'string' },
        retries: { type: 'string' },
        'max-tokens': { type: 'string' },
        width: { type: 'string' },
      },
    },
    ANALYZE_USAGE,
    io,
  );
  if ('exitCode' in line) return line.exitCode;
  const { values, positionals } = line;
  if (positionals.length !== 1) {
    io.err(`analyze takes exactly one file or folder (got ${positionals.length}).\n\n${ANALYZE_USAGE}`);
    return 2;
  }
  const target = path.resolve(positionals[0]!);
  try {
    if (values.gender !== undefined && values.gender !== 'female' && values.gender !== 'male') {
      throw new PipelineError('invalid_options', `--gender must be female or male, got "${values.gender}"`);
    }
    const seed = intOption(values.seed, '--seed');
    const retries = intOption(values.retries, '--retries');
    const maxTokens = intOption(values['max-tokens'], '--max-tokens');
    const width = intOption(values.width, '--width') ?? 100;
    // Read before the model loads: a bad file should cost nothing but its message.
    const userCalibration = values.calibration !== undefined ? readUserCalibrationFile(path.resolve(values.calibration)) : undefined;
    let isFolder = false;
    try {
      isFolder = statSync(target).isDirectory();
    } catch {
      isFolder = false; // a missing file is reported by the decoder with its own code
    }
    const files = isFolder ? listClips(target) : [target];
    const root = isFolder ? target : path.dirname(target);
    const model = await modelFor({ model: resolveModelDir(values.model) });
    const { manifest } = model.folder;
    io.err(
      `Model: ${manifest.name} (${manifest.id} ${manifest.version}) from ${model.folder.dir}${manifest.testModel ? ' — an untrained test model: its answers are noise' : ''}`,
    );
    // A model trained on CC BY-NC-SA data carries that restriction: say so wherever it is used.
    io.err(`Licence: ${manifest.licence}`);
    const tableLevels = { calibration: DEFAULT_CALIBRATION.corpus, mode: userCalibration?.speakerBaseline ? 'speaker' : 'corpus' };
    io.err(
      `${levelsReference(userCalibration ?? null, tableLevels)}${userCalibration ? '' : ' (calibrate with: emotionthinker calibrate <folder> --out FILE)'}`,
    );
    if (isFolder) io.err(`Analyzing ${files.length} file(s) under ${target}`);
    const run = await analyzeFiles(files, {
      model,
      ...(values.gender ? { gender: values.gender as SpeakerGender } : {}),
      ...(userCalibration ? { userCalibration } : {}),
      ...(values.sample ? { strategy: 'sample' as const } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(retries !== undefined ? { retries } : {}),
      ...(maxTokens !== undefined ? { maxTokens } : {}),
      onResult: (result) => io.out(`${formatClipText(result, path.relative(root, result.file) || result.file, width)}\n`),
      onFailure: (failure) => io.out(`${formatFailureText(failure, path.relative(root, failure.file) || failure.file)}\n`),
      onProgress: (p) => {
        if (isFolder) io.err(progressLine(p, root));
      },
    });
    io.out(summary(run.results, run.failed, run.elapsedMs, root));
    if (values.json) writeFileSync(values.json, resultsToJson({ model: { id: manifest.id, dir: model.folder.dir }, target, ...run }));
    if (values.csv) writeFileSync(values.csv, resultsToCsv(manifest.labels, run.results, run.failed));
    return run.failed.length > 0 ? 1 : 0;
  } catch (error) {
    io.err(`emotionthinker: [${errorCode(error)}] ${describeError(error)}`);
    return 2;
  } finally {
    await sharedModelSessions.releaseAll();
  }
}
