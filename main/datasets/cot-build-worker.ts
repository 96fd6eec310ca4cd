// The EmotionCoT build in a child process: decoding and analyzing every clip is seconds of CPU per
// clip, so it runs off the main process (which keeps answering the page), at a lower priority, and
// can be stopped by killing it. After the build it writes one speech-jsonl file per split, following
// the dataset's stored speaker splits, so training reads exactly the clips the Datasets page counts.
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DatasetSplit, EmotionCotRecord } from '../../shared/types/dataset';
import { buildEmotionCot } from '../data/cot/build-cot';
import { nanToNull } from '../data/cot/prosody-summary';
import { DatasetError } from '../data/dataset-error';
import { leaveParent, onParentGone, onParentMessage, toParent } from '../system/parent-port';
import { COT_FILE, splitFile, type CotBuildJob, type CotBuildMessage, type CotBuildSummary } from './cot-build-protocol';
import { describeError } from '../../shared/errors/coded-error';

const SPLITS: readonly DatasetSplit[] = ['train', 'validation', 'test'];

/** Runs one build, reporting through `send`. */
export async function runCotBuild(job: CotBuildJob, send: (message: CotBuildMessage) => void): Promise<CotBuildSummary> {
  const outFile = path.join(job.outDir, COT_FILE);
  const result = await buildEmotionCot({
    dataDir: job.folder,
    outFile,
    format: job.format,
    labelMapping: job.labelMapping,
    seed: job.seed,
    ...(job.validationSpeakers.length ? { validationSpeakers: job.validationSpeakers } : {}),
    ...(job.testSpeakers.length ? { testSpeakers: job.testSpeakers } : {}),
    onProgress: (progress) => send({ type: 'progress', progress }),
  });
  const splits: Record<DatasetSplit, number> = { train: 0, validation: 0, test: 0 };
  SPLITS.forEach((split, k) => {
    const own = result.records.flatMap((r): EmotionCotRecord[] => (job.splitOf[r.speaker] === split ? [{ ...r, split }] : []));
    splits[split] = own.length;
    writeAtomically(path.join(job.outDir, splitFile(split)), own.map((r) => `${JSON.stringify(r, nanToNull)}\n`).join(''));
    send({ type: 'progress', progress: { phase: 'split', done: k + 1, total: SPLITS.length } });
  });
  return {
    records: result.records.length,
    written: result.written,
    resumed: result.resumed,
    analyzed: result.analyzed,
    cached: result.cached,
    skipped: result.skipped,
    unknownLabels: result.unknownLabels,
    splits,
    elapsedMs: result.elapsedMs,
  };
}

/** Serves one build over the process's channel to its parent (main/system/parent-port.ts), then exits. */
export function serveCotBuildOverIpc(): void {
  const send = (message: CotBuildMessage) => toParent(message);
  // The app went away (closed or killed) mid-build: stop too. What was written is kept for the next build.
  onParentGone(() => process.exit(0));
  const stopListening = onParentMessage((raw) => {
    stopListening();
    const request = raw as { type?: string; job?: CotBuildJob };
    if (request.type !== 'start' || !request.job) {
      send({ type: 'error', code: 'bad_request', message: 'The build worker expected a start message.' });
      process.exit(1);
    }
    // The last message is handed over before the process leaves, so it is never cut off.
    const last = (message: CotBuildMessage) => toParent(message, leaveParent);
    runCotBuild(request.job, send).then(
      (summary) => last({ type: 'result', summary }),
      (error: unknown) => {
        const code = error instanceof DatasetError ? error.code : 'build_failed';
        last({ type: 'error', code, message: describeError(error) });
      },
    );
  });
}

function writeAtomically(file: string, text: string): void {
  const temp = `${file}.partial`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}
