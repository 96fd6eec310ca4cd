// The analysis workers' limits, on the real worker with audio written here: a request past its time
// or memory limit fails with a typed code and its worker is replaced, requests queued behind it go
// on, and a short request is not held up by a long one.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeWavPcm16 } from '../audio';
import { makeTempDir, sine } from '../audio/test-support';
import { AnalysisClient, AnalysisFailure } from './analysis-client';
import { analysisLimits, requestTimeLimitMs } from './analysis-limits';

const MB = 1024 ** 2;
const temp = makeTempDir('et-analysis-client-');
afterAll(() => temp.remove());

function writeTone(name: string, seconds: number): string {
  const path = join(temp.dir, name);
  writeFileSync(path, encodeWavPcm16(sine(180, 16_000, seconds * 16_000, 0.3), 16_000));
  return path;
}

/** Measuring it takes several seconds here (~30 ms per second of audio); decoded it is 19 MB. */
const longPath = writeTone('five-minutes.wav', 300);
const shortPath = writeTone('one-second.wav', 1);

/** The failure a promise rejects with (the test fails if it resolves). */
async function failureOf(promise: Promise<unknown>): Promise<AnalysisFailure> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(AnalysisFailure);
  return outcome as AnalysisFailure;
}

describe('the analysis client', () => {
  // First in the file: resident memory is only a fair measure in a process whose freed pages no
  // earlier test left for the allocator to reuse.
  it('stops a request when the whole process grows past its cap (memory no worker reports), and carries on', async () => {
    // Measured here: a fresh worker grows the process by ~160 MB on 10 min of audio, ~25 MB on 1 s.
    const tenMinutes = writeTone('ten-minutes.wav', 600);
    const client = new AnalysisClient(() => {}, { workers: 1, workerMemoryBytes: 4096 * MB, processGrowthBytes: 64 * MB });
    try {
      const failure = await failureOf(client.measure(tenMinutes));
      expect(failure.code).toBe('analysis_memory');
      expect(failure.message).toContain(tenMinutes);
      expect(failure.message).toMatch(/made the app's memory grow by [\d,]+ MB, over the limit of 64 MB/);
      expect((await client.measure(shortPath)).source.durationS).toBeCloseTo(1, 2);
    } finally {
      await client.close();
    }
  });

  it('stops a request past its time limit with analysis_timeout, keeps the one queued behind it and serves the next', async () => {
    const client = new AnalysisClient(() => {}, { workers: 1, floorMs: 3000, decodeMsPerAudioSecond: 0, analyzeMsPerAudioSecond: 0 });
    // 20 min of audio: several times the 3 s limit even on a fast, idle machine (5 min took < 3 s in CI).
    const twentyMinutes = writeTone('twenty-minutes.wav', 1200);
    try {
      const long = failureOf(client.measure(twentyMinutes));
      // Waits for the single worker; it must not go down with the request ahead of it.
      const queued = client.measure(shortPath);
      const failure = await long;
      expect(failure.code).toBe('analysis_timeout');
      expect(failure.message).toContain(twentyMinutes);
      expect(failure.message).toContain('3.0 s');
      expect((await queued).source.durationS).toBeCloseTo(1, 2);
      expect((await client.decode(shortPath)).samples.length).toBe(16_000);
    } finally {
      await client.close();
    }
  });

  it('finishes a short request while a long one is measuring', async () => {
    const client = new AnalysisClient();
    try {
      let longSettled = false;
      let measuring!: () => void;
      const measuringStarted = new Promise<void>((resolve) => (measuring = resolve));
      const long = client.measure(longPath, { onProgress: (stage) => stage === 'analyzing' && measuring() });
      void long.then(
        () => (longSettled = true),
        () => (longSettled = true),
      );
      // The long request is now in its synchronous measuring pass, which holds its worker's thread.
      await measuringStarted;
      const decoded = await client.decode(shortPath);
      expect(decoded.samples.length).toBe(16_000);
      expect(longSettled).toBe(false);
    } finally {
      await client.close();
    }
  });

  it('stops a request whose worker holds more memory than its cap with analysis_memory, and a new worker serves the next', async () => {
    const lines: string[] = [];
    const client = new AnalysisClient((line) => lines.push(line), { workers: 1, workerMemoryBytes: 12 * MB });
    try {
      const failure = await failureOf(client.measure(longPath));
      expect(failure.code).toBe('analysis_memory');
      expect(failure.message).toContain(longPath);
      expect(failure.message).toContain('over its limit of 12 MB');
      expect(lines.some((line) => line.includes('analysis_memory') || line.includes('over its limit'))).toBe(true);
      expect((await client.measure(shortPath)).source.durationS).toBeCloseTo(1, 2);
    } finally {
      await client.close();
    }
  });

  it('fails the requests running and waiting when closed, and starts again on the next request', async () => {
    const client = new AnalysisClient(() => {}, { workers: 1 });
    const running = failureOf(client.measure(longPath));
    const waiting = failureOf(client.decode(shortPath));
    await client.close();
    expect((await running).code).toBe('worker_exited');
    expect((await waiting).code).toBe('worker_exited');
    expect((await client.decode(shortPath)).samples.length).toBe(16_000);
    await client.close();
  });
});

describe('analysis time limits', () => {
  it('scale with the audio once its length is known, and allow the longest clip before', () => {
    const limits = analysisLimits({ floorMs: 1000, decodeMsPerAudioSecond: 10, analyzeMsPerAudioSecond: 100 });
    expect(requestTimeLimitMs(limits, { kind: 'measure', audioS: undefined })).toBe(1000 + 10 * 1800);
    expect(requestTimeLimitMs(limits, { kind: 'measure', audioS: 3 })).toBe(1000 + 30 + 300);
    expect(requestTimeLimitMs(limits, { kind: 'estimate', audioS: 4 })).toBe(1000 + 400);
    expect(analysisLimits({ workers: 3, workerMemoryBytes: 100 * MB, workerHeapMb: 50 }).processGrowthBytes).toBe(3 * 150 * MB + 512 * MB);
    expect(() => analysisLimits({ workers: 0 })).toThrow(RangeError);
    expect(() => analysisLimits({ floorMs: Number.NaN })).toThrow(RangeError);
  });
});
