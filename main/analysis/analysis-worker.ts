// The analysis worker's body: decodes a file and measures its prosody off the main thread, reporting
// progress and failures as protocol messages (an AudioError keeps its code and message).
import type { MessagePort } from 'node:worker_threads';
import { decodeAudioFile, isAudioError } from '../audio';
import { analyzeProsody, ProsodyError } from '../prosody';
import type { AnalysisRequest, AnalysisWorkerMessage } from './worker-protocol';

/** Answers requests arriving on `port` until it closes. */
export function serveAnalysisRequests(port: MessagePort): void {
  const send = (message: AnalysisWorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  port.on('message', (request: AnalysisRequest) => {
    void handle(request, send);
  });
}

async function handle(request: AnalysisRequest, send: (message: AnalysisWorkerMessage, transfer?: ArrayBuffer[]) => void): Promise<void> {
  const { seq } = request;
  try {
    if (request.type !== 'analyse' && request.type !== 'decode') {
      send({ seq, type: 'error', code: 'bad_request', message: `Unknown request type ${String((request as { type: unknown }).type)}.` });
      return;
    }
    send({ seq, type: 'progress', stage: 'decoding', fraction: 0 });
    const decodeStart = performance.now();
    const decoded = await decodeAudioFile(request.path);
    const decodeMs = performance.now() - decodeStart;
    if (request.type === 'decode') {
      const samples = decoded.audio.samples;
      send({ seq, type: 'result', result: { samples, sampleRate: decoded.audio.sampleRate, source: decoded.source } }, [samples.buffer as ArrayBuffer]);
      return;
    }
    send({ seq, type: 'progress', stage: 'analysing', fraction: 0.5 });
    const prosodyStart = performance.now();
    const prosody = analyzeProsody(decoded.audio, request.gender ? { gender: request.gender } : {});
    const prosodyMs = performance.now() - prosodyStart;
    send({ seq, type: 'log', message: `analysed ${decoded.source.durationS.toFixed(1)} s in ${(decodeMs + prosodyMs).toFixed(0)} ms` });
    send({ seq, type: 'result', result: { prosody, source: decoded.source, warnings: decoded.warnings, timings: { decodeMs, prosodyMs } } });
  } catch (error) {
    if (isAudioError(error)) send({ seq, type: 'error', code: error.code, message: error.message });
    else if (error instanceof ProsodyError) send({ seq, type: 'error', code: 'analysis_failed', message: error.message });
    else send({ seq, type: 'error', code: 'analysis_failed', message: `Analysis failed: ${error instanceof Error ? error.message : String(error)}` });
  }
}
