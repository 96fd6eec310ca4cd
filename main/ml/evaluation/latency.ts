// "Analyze + explain a 4 s clip" (issue 6 target: < 150 ms on 2 cores): the first 4.0 s of a real
// clip held in memory (no file decode), run through the whole pipeline after one warm-up, N times.
import os from 'node:os';
import type { AnalysisStage } from '../../../shared/types/analysis-result';
import { decodeAudioFile } from '../../audio';
import { analyzeClip, type AnalyzeClipOptions } from '../pipeline';
import { percentile } from '../../../shared/util/maths';

export interface LatencyReport {
  clip: string;
  clipSeconds: number;
  runs: number;
  /** Median and 90th percentile of the whole call (ms). */
  medianMs: number;
  p90Ms: number;
  /** Median per stage (ms). */
  stageMedianMs: Record<Exclude<AnalysisStage, 'decode'>, number>;
  /** Tokens generated per run (median), all attempts included. */
  medianTokens: number;
  cpus: number;
  loadAverage1m: number;
}

const CLIP_SECONDS = 4;

export async function measureLatency(file: string, runs: number, options: AnalyzeClipOptions): Promise<LatencyReport> {
  const { audio } = await decodeAudioFile(file);
  const samples = audio.samples.slice(0, CLIP_SECONDS * audio.sampleRate);
  const fourSeconds = { samples: new Float32Array(CLIP_SECONDS * audio.sampleRate), sampleRate: audio.sampleRate };
  fourSeconds.samples.set(samples); // a shorter clip is padded with silence to 4.0 s
  const input = { audio: fourSeconds, name: `${file} (first ${CLIP_SECONDS} s)` };
  await analyzeClip(input, options); // warm-up: JIT, session first-run allocations
  const totals: number[] = [];
  const tokens: number[] = [];
  const stages: Record<string, number[]> = { prosody: [], features: [], encode: [], generate: [], check: [] };
  for (let i = 0; i < runs; i++) {
    let count = 0;
    const result = await analyzeClip(input, { ...options, onToken: () => count++ });
    totals.push(result.timings.total);
    tokens.push(count);
    for (const stage of Object.keys(stages)) stages[stage]!.push(result.timings[stage as AnalysisStage]);
  }
  return {
    clip: file,
    clipSeconds: CLIP_SECONDS,
    runs,
    medianMs: percentile(totals, 50),
    p90Ms: percentile(totals, 90),
    stageMedianMs: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, percentile(v, 50)])) as LatencyReport['stageMedianMs'],
    medianTokens: percentile(tokens, 50),
    cpus: os.cpus().length,
    loadAverage1m: os.loadavg()[0]!,
  };
}
