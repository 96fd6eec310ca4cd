// Explanation runs: the emotion model on a library recording, in the analysis worker, one run at a
// time. Each run streams its reasoning to the page as seq-numbered events, then stores the checked
// answer as the recording's newest analysis (its measured prosody reused). A page that opens while a
// run is going asks for `progress` and continues from the seq it covers.
import { randomUUID } from 'node:crypto';
import type { ClipAnalysisResult, RecordingSegment } from '../../shared/types/analysis-result';
import type { TimelineSegment } from '../../shared/types/analysis-view';
import type { ExplanationProgress, ExplanationRun } from '../../shared/types/explanation-stream';
import type { EventBus } from '../ipc/event-bus';
import type { CalibrationRef, UserCalibration } from '../../shared/types/calibration';
import type { ProsodyAnalysis } from '../../shared/types/prosody';
import { modelRef, type ActiveModel } from '../installed-models/model-registry';
import { relevelProsody } from '../prosody';
import type { ModelOutput, StoredAnalysis } from '../store/analysis-repository';
import type { AnalysisClient } from './analysis-client';
import type { DecodedClip } from './decoded-clips';
import { describeError, errorCodeOf } from '../../shared/errors/coded-error';
import { AppError } from '../../shared/errors/app-error';
import { isJudged } from '../ml/pipeline/timeline-summary';
import { DEFAULT_UTTERANCE_SPLIT } from '../ml/pipeline/utterance-split';

/** The longest stretch "explain this selection" takes: the longest utterance the timeline makes. */
export const MAX_SELECTION_S = DEFAULT_UTTERANCE_SPLIT.maxS;

/**
 * What a run needs of the library, and no more (the library service provides it; this module does
 * not depend on it): the recording's newest analysis and audio, the active calibration, and a place
 * for the new analysis.
 */
export interface ExplanationLibrary {
  latestAnalysis(recordingId: string): StoredAnalysis;
  /** The stored recording decoded (kept since its import, or decoded once), named for logs. */
  clipOf(recordingId: string): Promise<{ name: string; audio: DecodedClip }>;
  activeCalibration(): UserCalibration | null;
  addAnalysis(
    recordingId: string,
    prosody: ProsodyAnalysis,
    model: ModelOutput,
    timings: Record<string, number>,
    calibration: CalibrationRef | null,
  ): StoredAnalysis;
}

/** A started run: its description and the analysis it stores (null when it failed). */
export interface StartedRun {
  run: ExplanationRun;
  done: Promise<StoredAnalysis | null>;
}

export class ExplanationService {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly running = new Map<string, ExplanationProgress>();
  private readonly queued = new Map<string, number>();

  constructor(
    private readonly library: ExplanationLibrary,
    private readonly client: AnalysisClient,
    private readonly events: EventBus,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** Queues a run of `model` on a recording; the recording must exist and have been analyzed. */
  start(recordingId: string, model: ActiveModel): StartedRun {
    this.library.latestAnalysis(recordingId); // not_found now rather than inside the queue
    const run: ExplanationRun = {
      recordingId,
      runId: randomUUID(),
      modelKey: model.key,
      modelId: model.details.id,
      modelName: model.details.name,
      testModel: model.details.testModel,
      startedAt: new Date().toISOString(),
    };
    this.queued.set(recordingId, (this.queued.get(recordingId) ?? 0) + 1);
    return { run, done: this.enqueue(() => this.execute(run, model)) };
  }

  /**
   * The model's answer on one stretch of a recording ("explain this selection"), measured and
   * explained on its own, in the same queue as the stored runs; nothing is stored.
   */
  explainSelection(recordingId: string, model: ActiveModel, span: { startS: number; endS: number }): Promise<TimelineSegment> {
    const latest = this.library.latestAnalysis(recordingId);
    const endS = Math.min(span.endS, latest.prosody.durationS);
    if (!(endS > span.startS))
      throw new AppError('invalid_payload', `The selection starts after the recording's end (${latest.prosody.durationS.toFixed(2)} s).`);
    if (endS - span.startS > MAX_SELECTION_S)
      throw new AppError(
        'invalid_payload',
        `A selection of at most ${MAX_SELECTION_S} s can be explained (the model reads one utterance at a time); this one is ${(endS - span.startS).toFixed(1)} s.`,
      );
    return this.enqueue(async () => {
      const clip = await this.library.clipOf(recordingId);
      const calibration = this.library.activeCalibration();
      const { explanation } = await this.client.explain({ ...clip, prosody: latest.prosody }, modelRef(model), {
        calibration,
        span: { startS: span.startS, endS },
      });
      return timelineSegment({ startS: span.startS, endS, result: explanation }, model);
    });
  }

  /** Runs `work` after everything queued before it (one model run at a time); a failure does not stop the queue. */
  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The run going on for a recording now, with the text so far; null when none is. */
  progress(recordingId: string): { running: ExplanationProgress | null; queued: number } {
    return { running: this.running.get(recordingId) ?? null, queued: this.queued.get(recordingId) ?? 0 };
  }

  /** Resolves once every queued run has finished (for shutdown and tests). */
  async idle(): Promise<void> {
    await this.queue;
  }

  private async execute(run: ExplanationRun, model: ActiveModel): Promise<StoredAnalysis | null> {
    const { recordingId, runId } = run;
    const left = (this.queued.get(recordingId) ?? 1) - 1;
    if (left > 0) this.queued.set(recordingId, left);
    else this.queued.delete(recordingId);
    const progress: ExplanationProgress = { ...run, startedAt: new Date().toISOString(), attempt: 0, text: '', lastSeq: -1 };
    this.running.set(recordingId, progress);
    this.events.emit('analysis.explanationStarted', run);
    try {
      const latest = this.library.latestAnalysis(recordingId);
      const clip = await this.library.clipOf(recordingId);
      // The active calibration now, not the one the stored levels were read on: the levels, the
      // model's inputs and the stored reference all say the same calibration.
      const calibration = this.library.activeCalibration();
      const prosody = relevelProsody(latest.prosody, calibration);
      const { explanation, segments } = await this.client.explain({ ...clip, prosody }, modelRef(model), {
        calibration,
        onToken: (token) => {
          // A retry, or the next utterance of a long recording, starts a new text.
          if (token.attempt !== progress.attempt || token.segment?.index !== progress.segment?.index) {
            progress.attempt = token.attempt;
            progress.text = '';
            if (token.segment) progress.segment = token.segment;
          }
          progress.text += token.text;
          progress.lastSeq += 1;
          this.events.emit('analysis.reasoning', {
            recordingId,
            runId,
            seq: progress.lastSeq,
            attempt: token.attempt,
            text: token.text,
            ...(token.segment ? { segment: token.segment } : {}),
          });
        },
      });
      const stored = this.library.addAnalysis(
        recordingId,
        prosody,
        modelOutput(explanation, model, segments),
        { ...latest.timings, ...modelTimings(explanation) },
        explanation.calibration,
      );
      this.events.emit('analysis.explanationFinished', { recordingId, runId, outcome: 'stored', analysisId: stored.id, error: null });
      this.events.emit('library.changed', {});
      return stored;
    } catch (error) {
      const code = errorCodeOf(error, 'internal');
      const message = describeError(error);
      this.log(`explanation of ${recordingId} with ${model.key} failed: ${code}: ${message}`);
      this.events.emit('analysis.explanationFinished', {
        recordingId,
        runId,
        outcome: 'failed',
        analysisId: null,
        error: { code, message },
      });
      return null;
    } finally {
      if (this.running.get(recordingId)?.runId === runId) this.running.delete(recordingId);
    }
  }
}

/**
 * What the analyses table keeps of a checked answer; only a real judgement gets a label — not a test
 * model's, a malformed one, or one on a clip the model cannot judge (then the reviewer sets the label).
 */
export function modelOutput(result: ClipAnalysisResult, model: ActiveModel, segments?: RecordingSegment[]): ModelOutput {
  const judgement = isJudgement(result, model);
  return {
    modelId: result.modelId,
    label: judgement ? result.label! : '',
    probabilities: result.probabilities,
    reasoning: result.reasoning,
    claims: result.evidence.claims,
    details: {
      modelKey: model.key,
      modelName: model.details.name,
      testModel: model.details.testModel,
      answered: result.attempts.length ? answeredLabel(result) : null,
      wellFormed: result.wellFormed,
      problems: result.problems,
      probabilitySource: result.probabilitySource,
      modelPrompt: result.modelPrompt,
      reasoningPrefix: result.reasoningPrefix,
      inputQuality: result.inputQuality,
      rawProbabilities: result.rawProbabilities,
      ...(segments ? { segments: segments.map((segment) => timelineSegment(segment, model)) } : {}),
    },
  };
}

function isJudgement(result: ClipAnalysisResult, model: ActiveModel): boolean {
  return isJudged(result) && !model.details.testModel;
}

/** One utterance of a long recording as the timeline keeps it (the same judgement rule as the recording's). */
function timelineSegment({ startS, endS, result }: RecordingSegment, model: ActiveModel): TimelineSegment {
  return {
    startS,
    endS,
    label: isJudgement(result, model) ? result.label! : '',
    answered: result.attempts.length ? answeredLabel(result) : null,
    probabilities: result.probabilities,
    rawProbabilities: result.rawProbabilities,
    reasoning: result.reasoning,
    claims: result.evidence.claims,
    wellFormed: result.wellFormed,
    problems: result.problems,
    modelPrompt: result.modelPrompt,
    reasoningPrefix: result.reasoningPrefix,
    inputQuality: result.inputQuality,
    caption: result.caption,
  };
}

/** The label text the model wrote, even when it is not one of its labels (cut to a sane length). */
function answeredLabel(result: ClipAnalysisResult): string | null {
  if (result.label) return result.label;
  const chosen = result.attempts.find((a) => a.problems.join('|') === result.problems.join('|')) ?? result.attempts[0];
  if (!chosen) return null;
  const match = /<answer>([\s\S]*?)(?:<\/answer>|$)/.exec(chosen.text);
  const text = match?.[1]?.trim();
  return text ? text.slice(0, 60) : null;
}

/** The model's stage timings in the analysis' timing record (milliseconds). */
function modelTimings(result: ClipAnalysisResult): Record<string, number> {
  const t = result.timings;
  return { featuresMs: t.features, encodeMs: t.encode, generateMs: t.generate, checkMs: t.check, modelTotalMs: t.total };
}
