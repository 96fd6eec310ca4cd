// The evaluation process's work: the chosen model on every clip through the analyze pipeline (the
// same runEvaluation `npm run eval` uses, with the baselines trained on the training speakers'
// clips) and the latency of a 4 s clip, then the active model on the same clips. Runs in a child
// process so decoding and ONNX Runtime never block the app's main thread.
import { loadEvalCorpus, type EvalCorpus } from '../ml/evaluation/corpora';
import { runEvaluation } from '../ml/evaluation/run-evaluation';
import type { EvaluationOptions } from '../ml/evaluation/evaluation-report';
import { sharedModelSessions } from '../ml/pipeline';
import type { EvaluationStage } from '../../shared/types/evaluation';
import { leaveParent, onParentGone, onParentMessage, toParent } from '../system/parent-port';
import type { EvaluationJob, EvaluationRunReports, EvaluationWorkerMessage } from './evaluation-protocol';
import { describeError } from '../../shared/errors/coded-error';

type Send = (message: EvaluationWorkerMessage) => void;

export async function runEvaluationJob(job: EvaluationJob, send: Send): Promise<EvaluationRunReports> {
  let stage: EvaluationStage = 'loading';
  send({ type: 'progress', stage, done: 0, total: 0, message: 'Reading the clips and measuring the training speakers for the baselines…' });
  const corpora: EvalCorpus[] =
    job.source.kind === 'corpora'
      ? job.source.corpora
      : [
          loadEvalCorpus(
            job.source.dir,
            job.source.validationSpeakers?.length ? { validationSpeakers: job.source.validationSpeakers } : {},
          ),
        ];
  const base: EvaluationOptions = {
    corpora: [],
    loadedCorpora: corpora,
    // One cache for both runs: the active model's run reuses the training clips' measures.
    cacheDir: job.scratchDir,
    calibrated: false,
    invariance: 0,
    retries: 0,
    threads: job.threads,
    ...(job.limit !== undefined ? { limit: job.limit } : {}),
    log: (line) => {
      send({ type: 'log', line });
      // Measuring the training speakers' clips for the baselines can take a while: say how far it got.
      if (stage === 'loading') send({ type: 'progress', stage, done: 0, total: 0, message: line });
    },
  };
  try {
    const model = await runEvaluation({
      ...base,
      model: job.model.dir,
      mlp: job.mlp,
      latencyRuns: job.latencyRuns,
      ...(job.maxTokens ? { maxTokens: job.maxTokens } : {}),
      onModelClip: (done, total) => {
        stage = 'model';
        send({ type: 'progress', stage: 'model', done, total, message: `${job.model.name}: ${done} of ${total} clips` });
        // The latency of a 4 s clip is measured right after the last clip (runEvaluation's step 8).
        if (done === total && job.latencyRuns > 0)
          send({
            type: 'progress',
            stage: 'latency',
            done: 0,
            total: job.latencyRuns,
            message: 'Measuring analyze + explain on a 4 s clip…',
          });
      },
    });
    let activeModel = null;
    if (job.activeModel) {
      const active = job.activeModel;
      // The active model answers with its own token limit: the limit asked for is the evaluated model's.
      activeModel = await runEvaluation({
        ...base,
        model: active.dir,
        mlp: false,
        latencyRuns: 0,
        onModelClip: (done, total) =>
          send({
            type: 'progress',
            stage: (stage = 'comparison'),
            done,
            total,
            message: `Active model ${active.name}: ${done} of ${total} clips`,
          }),
      });
      await sharedModelSessions.releaseAll();
    }
    return { model, activeModel };
  } finally {
    await sharedModelSessions.releaseAll();
  }
}

/** Serves one job over the process's channel to its parent (main/system/parent-port.ts), then exits. */
export function serveEvaluationOverIpc(): void {
  // Once the app went away a send fails (EPIPE, or the channel is closed): toParent drops it rather
  // than crashing the process, and the parent-gone handler below ends it.
  const send: Send = (message) => toParent(message);
  // The app went away (closed, or killed): nobody is waiting for the result, so stop decoding.
  onParentGone(() => process.exit(0));
  const stopListening = onParentMessage((raw) => {
    stopListening();
    const request = raw as { type: string; job: EvaluationJob };
    if (request.type !== 'start') return;
    // Exits once the last message is handed to the channel, so it is never cut off.
    const last = (message: EvaluationWorkerMessage) => toParent(message, leaveParent);
    runEvaluationJob(request.job, send).then(
      (reports) => last({ type: 'result', reports }),
      (error: unknown) => {
        const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'evaluation_failed';
        last({ type: 'error', code, message: describeError(error) });
      },
    );
  });
}
