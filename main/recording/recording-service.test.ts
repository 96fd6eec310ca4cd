import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLibraryFixture, speechLikeSamples, type LibraryFixture } from '../library/testing/library-fixture';
import { RecordingService } from './recording-service';

/** The 16 kHz speech-like signal as a 48 kHz stereo device would deliver it, in 40 ms chunks. */
function deviceChunks(durationS: number): Float32Array[] {
  const mono = speechLikeSamples(durationS);
  const frames = mono.length * 3;
  const interleaved = new Float32Array(frames * 2);
  for (let i = 0; i < frames; i++) {
    // Linear interpolation up to 48 kHz is plenty for a test signal below 2.2 kHz.
    const at = i / 3;
    const lo = Math.floor(at);
    const value = mono[lo]! + (at - lo) * ((mono[Math.min(lo + 1, mono.length - 1)] ?? 0) - mono[lo]!);
    interleaved[2 * i] = value;
    interleaved[2 * i + 1] = value;
  }
  const chunk = 1920 * 2;
  const chunks: Float32Array[] = [];
  for (let at = 0; at < interleaved.length; at += chunk) chunks.push(interleaved.slice(at, at + chunk));
  return chunks;
}

describe('microphone recordings', () => {
  let fx: LibraryFixture;
  // A folder per test: a test that fails mid-recording must not leave a partial file for the next one.
  beforeEach(() => {
    fx = createLibraryFixture();
  });
  afterEach(async () => fx?.dispose());

  it('write to disk as they arrive, give live pitch within 100 ms, and join the library when stopped', async () => {
    const service = new RecordingService(fx.folders.partial, fx.library);
    const id = await service.start(48_000, 2);
    const frames = [];
    let frameLagS = 0;
    for (const [seq, chunk] of deviceChunks(3).entries()) {
      const outcome = await service.push(id, seq, chunk);
      frames.push(...outcome.frames);
      const newest = outcome.frames.at(-1);
      if (newest) frameLagS = Math.max(frameLagS, outcome.writtenS - newest.timeS);
      if (seq === 30) expect(outcome.writtenS).toBeGreaterThan(1.1);
    }
    // Lag in audio time, not wall time (wall time is the benchmark's job): each chunk's newest frame
    // lies less than 100 ms before the end of the audio received so far.
    expect(frameLagS).toBeLessThan(0.1);
    expect(frames.length).toBeGreaterThan(280);
    const voiced = frames.filter((f) => f.f0Hz > 0);
    expect(voiced.length).toBeGreaterThan(50);
    expect(voiced.every((f) => f.f0Hz > 150 && f.f0Hz < 260)).toBe(true);

    const recording = await service.stop(id, 'Session one');
    expect(recording).toMatchObject({ originalName: 'Session one.wav', source: 'recording', format: 'wav/pcm16' });
    expect(recording.durationS).toBeCloseTo(3, 1);
    expect(readdirSync(fx.folders.partial)).toEqual([]);
    await expect(service.push(id, 999, new Float32Array(2))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuse chunks out of order', async () => {
    const service = new RecordingService(fx.folders.partial, fx.library);
    const id = await service.start(16_000, 1);
    await expect(service.push(id, 1, new Float32Array(160))).rejects.toMatchObject({ code: 'conflict' });
    await service.closeAll();
    await service.discard(id);
  });

  it('leave an interrupted recording that the next start finds and recovers', async () => {
    const crashed = new RecordingService(fx.folders.partial, fx.library);
    const id = await crashed.start(48_000, 2);
    const chunks = deviceChunks(2.5);
    for (const [seq, chunk] of chunks.entries()) await crashed.push(id, seq, chunk);
    // No stop: the app "died" here. The next start sees the file.
    const nextStart = new RecordingService(fx.folders.partial, fx.library);
    const interrupted = await nextStart.listInterrupted();
    expect(interrupted.map((r) => r.id)).toEqual([id]);
    expect(interrupted[0]!.durationS).toBeGreaterThan(1.5);
    const recovered = await nextStart.recover(id);
    expect(recovered.source).toBe('recording');
    expect(recovered.durationS).toBeGreaterThan(1.5);
    expect(recovered.durationS).toBeLessThanOrEqual(2.5);
    expect(await nextStart.listInterrupted()).toEqual([]);
  });
});
