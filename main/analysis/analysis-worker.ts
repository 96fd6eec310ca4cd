// The analysis worker's body: decodes a file and measures its prosody off the main thread, and runs
// the emotion model (the analyze pipeline) with sessions cached for the worker's lifetime, reporting
// progress, streamed reasoning and failures as protocol messages (errors keep their codes). While a
// request runs it also reports its thread's external memory, which the client holds to a cap.
import type { MessagePort } from 'node:worker_threads';
import { decodeAudioFile, isAudioError } from '../audio';
import { quiesceOnnxRuntime } from '../ml/backends/onnx';
import { ModelSessionCache } from '../ml/models/model-sessions';
import { analyzeClip } from '../ml/pipeline/analyze-clip';
import { audioSpan, explainRecording } from '../ml/pipeline/explain-recording';
import { analyzeRecordingProsody } from '../ml/pipeline/recording-segmentation';
import { onRecordingTime } from '../ml/pipeline/recording-time';
import { TIMELINE_MIN_RECORDING_S } from '../ml/pipeline/utterance-split';
import type { RunSegment } from '../../shared/types/explanation-stream';
import { errorCode, describeError } from '../ml/pipeline/pipeline-error';
import { prosodyOptionsFor, ProsodyError, UserCalibrationError } from '../prosody';
import { ANALYSIS_SAMPLE_RATE } from '../../shared/types/audio';
import type { AnalysisRequest, AnalysisStopRequest, AnalysisWorkerMessage, ModelRef } from './worker-protocol';

type Send = (message: AnalysisWorkerMessage, transfer?: ArrayBuffer[]) => void;

/** One load per model folder for as long as the worker lives (not one per clip). */
const sessions = new ModelSessionCache();
/** The stamp each folder's cached sessions were loaded with. */
const loadedStamps = new Map<string, string>();
// No queue here: the client gives a worker one request at a time (analysis-client.ts), and the
// explanation runs wait in one queue in main (explanation-service.ts).

/**
 * How often a running request's memory is reported (ms). The timer only fires when the thread's
 * event loop is free — between decode blocks, around model runs; synchronous stretches are covered
 * by the reports at stage boundaries and by the client's watch on the whole process.
 */
const MEMORY_REPORT_MS = 50;
const running = new Set<number>();
let memoryTimer: NodeJS.Timeout | undefined;

/** Answers requests arriving on `port` until it closes. */
export function serveAnalysisRequests(port: MessagePort): void {
  const send: Send = (message, transfer = []) => port.postMessage(message, transfer);
  port.on('message', (request: AnalysisRequest | AnalysisStopRequest) => {
    if (request.type === 'stop') void stopServing();
    else void handle(request, send);
  });
  send({ type: 'ready' });
}

/**
 * Ends the thread without aborting the process: terminating it while an ORT call is in flight (a
 * session being created, a generation step) kills the whole process with "terminate called after
 * throwing an instance of 'Napi::Error'" (issue 14). New model work is refused from here on.
 */
async function stopServing(): Promise<void> {
  await quiesceOnnxRuntime();
  await sessions.releaseAll();
  process.exit(0);
}

/** This thread's external memory: per thread (each worker has its own allocator), so it is this request's. */
function reportMemory(seq: number, send: Send): void {
  send({ seq, type: 'memory', externalBytes: process.memoryUsage().external });
}

function trackRunning(seq: number, send: Send): () => void {
  running.add(seq);
  memoryTimer ??= setInterval(() => {
    for (const each of running) reportMemory(each, send);
  }, MEMORY_REPORT_MS).unref();
  return () => {
    running.delete(seq);
    if (running.size === 0 && memoryTimer) {
      clearInterval(memoryTimer);
      memoryTimer = undefined;
    }
  };
}

async function handle(request: AnalysisRequest, send: Send): Promise<void> {
  const { seq } = request;
  const done = trackRunning(seq, send);
  try {
    switch (request.type) {
      case 'measure':
      case 'decode':
        return await measureFile(request, send);
      case 'explain':
        return await explain(request, send);
      case 'estimate':
        return await estimate(request, send);
      default:
        send({ seq, type: 'error', code: 'bad_request', message: `Unknown request type ${String((request as { type: unknown }).type)}.` });
    }
  } catch (error) {
    if (isAudioError(error)) send({ seq, type: 'error', code: error.code, message: error.message });
    else if (error instanceof ProsodyError) send({ seq, type: 'error', code: 'analysis_failed', message: error.message });
    else if (error instanceof UserCalibrationError) send({ seq, type: 'error', code: error.code, message: error.message });
    else send({ seq, type: 'error', code: errorCode(error), message: `Analysis failed: ${describeError(error)}` });
  } finally {
    done();
  }
}

/** After decoding: the real length (the client sets the time limit on it) and the memory now held. */
function reportDecoded(seq: number, durationS: number, decodeMs: number, send: Send): void {
  send({ seq, type: 'decoded', durationS, decodeMs });
  reportMemory(seq, send);
}

/** The folder to load, after dropping sessions loaded from an earlier version of it. */
async function currentModelDir(model: ModelRef): Promise<string> {
  const seen = loadedStamps.get(model.dir);
  if (seen !== undefined && seen !== model.stamp) await sessions.evict(model.dir);
  loadedStamps.set(model.dir, model.stamp);
  return model.dir;
}

async function measureFile(request: Extract<AnalysisRequest, { type: 'measure' | 'decode' }>, send: Send): Promise<void> {
  const { seq } = request;
  send({ seq, type: 'progress', stage: 'decoding', fraction: 0 });
  const decodeStart = performance.now();
  const decoded = await decodeAudioFile(request.path, request.fileKey ? { fileKey: request.fileKey } : {});
  const decodeMs = performance.now() - decodeStart;
  reportDecoded(seq, decoded.source.durationS, decodeMs, send);
  const { samples, sampleRate } = decoded.audio;
  const clip = { samples, sampleRate, source: decoded.source, warnings: decoded.warnings };
  if (request.type === 'decode') {
    send({ seq, type: 'result', result: clip }, [samples.buffer as ArrayBuffer]);
    return;
  }
  send({ seq, type: 'progress', stage: 'analyzing', fraction: 0.5 });
  const prosodyStart = performance.now();
  // A long recording is measured turn by turn, with the split its emotion timeline uses.
  const prosody = analyzeRecordingProsody(decoded.audio, {
    ...(request.gender ? { gender: request.gender } : {}),
    ...(request.calibration ? prosodyOptionsFor(request.calibration) : {}),
  });
  const prosodyMs = performance.now() - prosodyStart;
  reportMemory(seq, send);
  send({ seq, type: 'log', message: `analyzed ${decoded.source.durationS.toFixed(1)} s in ${(decodeMs + prosodyMs).toFixed(0)} ms` });
  // The samples go to main with the prosody (main keeps the clip for the explanation and the charts).
  send({ seq, type: 'result', result: { ...clip, prosody, timings: { decodeMs, prosodyMs } } }, [samples.buffer as ArrayBuffer]);
}

/**
 * The model on a stored recording: its decoded samples and measured prosody come from main (nothing
 * is decoded or measured again). A long recording is explained utterance by utterance (an emotion
 * timeline); each utterance's tokens say which utterance they belong to.
 */
async function explain(request: Extract<AnalysisRequest, { type: 'explain' }>, send: Send): Promise<void> {
  const { seq, name } = request;
  const { samples, sampleRate, source, warnings } = request.audio;
  const decoded = { audio: { samples, sampleRate }, source, warnings };
  reportMemory(seq, send);
  let segment: RunSegment | undefined;
  const options = {
    model: await currentModelDir(request.model),
    sessions,
    ...(request.calibration ? { userCalibration: request.calibration } : {}),
    onToken: (token: { attempt: number; index: number; text: string }) =>
      send({ seq, type: 'token', attempt: token.attempt, index: token.index, text: token.text, ...(segment ? { segment } : {}) }),
  };
  if (request.span) {
    const { startS, endS } = request.span;
    const result = await analyzeClip(
      { audio: audioSpan(decoded.audio, request.span), name: `${name} ${startS.toFixed(2)}–${endS.toFixed(2)} s` },
      options,
    );
    send({ seq, type: 'result', result: { explanation: onRecordingTime(result, startS) } });
    return;
  }
  if (request.prosody.durationS > TIMELINE_MIN_RECORDING_S) {
    const timeline = await explainRecording(
      { audio: decoded.audio, prosody: request.prosody, name, source: decoded.source, warnings: decoded.warnings },
      {
        ...options,
        onSegment: (next) => {
          segment = next;
          send({ seq, type: 'progress', stage: 'analyzing', fraction: next.index / next.total });
          reportMemory(seq, send);
        },
      },
    );
    const { overall } = timeline;
    send({
      seq,
      type: 'log',
      message: `explained ${timeline.segments.length} utterances with ${overall.modelId} in ${overall.timings.total.toFixed(0)} ms`,
    });
    send({ seq, type: 'result', result: { explanation: overall, segments: timeline.segments } });
    return;
  }
  const explanation = await analyzeClip(
    { audio: decoded.audio, name, source: decoded.source, warnings: decoded.warnings, prosody: request.prosody },
    options,
  );
  send({ seq, type: 'log', message: `explained ${name} with ${explanation.modelId} in ${explanation.timings.total.toFixed(0)} ms` });
  send({ seq, type: 'result', result: { explanation } });
}

/** The model on the last seconds of a recording: one greedy generation, no retries (speed first). */
async function estimate(request: Extract<AnalysisRequest, { type: 'estimate' }>, send: Send): Promise<void> {
  const started = performance.now();
  const result = await analyzeClip(
    { audio: { samples: request.samples, sampleRate: ANALYSIS_SAMPLE_RATE }, name: 'live recording' },
    {
      model: await currentModelDir(request.model),
      sessions,
      retries: 0,
      ...(request.calibration ? { userCalibration: request.calibration } : {}),
    },
  );
  send({
    seq: request.seq,
    type: 'result',
    result: {
      modelId: result.modelId,
      probabilities: result.probabilities,
      inputQuality: result.inputQuality,
      computeMs: performance.now() - started,
    },
  });
}
