import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recoverWavFile, wavHeader } from '../audio';
import { createLibraryFixture, speechLikeSamples, type LibraryFixture } from '../library/testing/library-fixture';
import { RecordingService, type ClosedRecording, type RecordingLimits } from './recording-service';

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

describe('open recordings are bounded (issue 14)', () => {
  let fx: LibraryFixture;
  beforeEach(() => {
    fx = createLibraryFixture();
  });
  afterEach(async () => fx?.dispose());

  /** A service whose closes-without-stop resolve `closed` promises, one per call of nextClose(). */
  function serviceWith(limits: RecordingLimits) {
    const waiting: ((closed: ClosedRecording) => void)[] = [];
    const seen: ClosedRecording[] = [];
    const service = new RecordingService(fx.folders.partial, fx.library, {
      ...limits,
      onClosed: (closed) => {
        seen.push(closed);
        waiting.shift()?.(closed);
      },
    });
    const nextClose = () => new Promise<ClosedRecording>((resolve) => waiting.push(resolve));
    return { service, seen, nextClose };
  }

  it('refuse a client more than its cap, and everyone more than the overall cap, naming the limit', async () => {
    const { service } = serviceWith({ maxOpenPerClient: 2, maxOpen: 3 });
    await service.start(16_000, 1, 'window-a');
    await service.start(16_000, 1, 'window-a');
    await expect(service.start(16_000, 1, 'window-a')).rejects.toMatchObject({
      code: 'too_many_recordings',
      message: expect.stringContaining('at most 2'),
    });
    // Starts racing each other count too: two at once from a fresh client leave room for only one more overall.
    const raced = await Promise.allSettled([service.start(16_000, 1, 'window-b'), service.start(16_000, 1, 'window-c')]);
    expect(raced.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = raced.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'too_many_recordings', message: expect.stringContaining('at most 3') });
    expect(service.openCount).toBe(3);
    await service.closeAll();
    // Nothing was recorded: no empty files are left to offer for recovery.
    expect(readdirSync(fx.folders.partial)).toEqual([]);
  });

  it('close one that gets no audio for a while, keep every second it got, and still save it on stop', async () => {
    const { service, nextClose } = serviceWith({ idleTimeoutMs: 300 });
    const id = await service.start(48_000, 2);
    const chunks = deviceChunks(1.5);
    for (const [seq, chunk] of chunks.entries()) await service.push(id, seq, chunk);
    const inputS = chunks.reduce((n, c) => n + c.length / 2, 0) / 48_000;
    const closed = await nextClose();
    expect(closed).toMatchObject({ sessionId: id, reason: 'idle', clientId: 'local' });
    expect(service.openCount).toBe(0);
    // Closed as a stop closes it: resampler tail flushed, header final, nothing to repair.
    const onDisk = await recoverWavFile(join(fx.folders.partial, `${id}.wav`));
    expect(onDisk.repaired).toBe(false);
    expect(Math.abs(onDisk.durationS - inputS)).toBeLessThan(1 / 16_000 + 1e-9);
    expect(closed.durationS).toBeCloseTo(onDisk.durationS, 6);
    expect((await service.listInterrupted()).map((r) => r.id)).toEqual([id]);
    await expect(service.push(id, chunks.length, chunks[0]!)).rejects.toMatchObject({ code: 'recording_closed' });
    const saved = await service.stop(id, 'After a long pause');
    expect(saved).toMatchObject({ originalName: 'After a long pause.wav', source: 'recording' });
    expect(saved.durationS).toBeCloseTo(onDisk.durationS, 3);
    expect(readdirSync(fx.folders.partial)).toEqual([]);
  });

  it('keep one that receives audio open past the idle timeout', async () => {
    const { service, seen } = serviceWith({ idleTimeoutMs: 400 });
    const id = await service.start(16_000, 1);
    const started = performance.now();
    for (let seq = 0; performance.now() - started < 1_000; seq++) {
      await service.push(id, seq, new Float32Array(1_600).fill(0.1));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(seen).toEqual([]);
    expect((await service.stop(id)).durationS).toBeGreaterThan(0.5);
  });

  it('close the recordings of a client that goes away, and only those', async () => {
    const { service, nextClose } = serviceWith({});
    const gone = await service.start(16_000, 1, 'window-a');
    const silent = await service.start(16_000, 1, 'window-a');
    const stays = await service.start(16_000, 1, 'window-b');
    await service.push(gone, 0, new Float32Array(16_000).fill(0.2));
    await service.push(stays, 0, new Float32Array(8_000).fill(0.2));
    const closes = [nextClose(), nextClose()];
    await service.clientGone('window-a');
    expect((await Promise.all(closes)).map((c) => [c.sessionId, c.reason]).sort()).toEqual(
      [
        [gone, 'client_gone'],
        [silent, 'client_gone'],
      ].sort(),
    );
    expect(service.openCount).toBe(1);
    // The one with audio is kept for recovery; the one that never got any is not left behind.
    const interrupted = await service.listInterrupted();
    expect(interrupted.map((r) => r.id)).toEqual([gone]);
    expect(interrupted[0]!.durationS).toBeCloseTo(1, 3);
    await service.push(stays, 1, new Float32Array(8_000).fill(0.2));
    expect((await service.stop(stays)).durationS).toBeCloseTo(1, 3);
  });

  it('remove the files an earlier run left that hold no audio, and keep those that do', async () => {
    const partial = fx.folders.partial;
    const emptyHeader = '11111111-1111-4111-8111-111111111111';
    const torn = '22222222-2222-4222-8222-222222222222';
    const withAudio = '33333333-3333-4333-8333-333333333333';
    writeFileSync(join(partial, `${emptyHeader}.wav`), wavHeader({ sampleRate: 16_000, channels: 1, sampleFormat: 'pcm16', dataBytes: 0 }));
    writeFileSync(join(partial, `${torn}.wav`), 'RIFF\0\0');
    const audio = new Uint8Array(44 + 3_200);
    audio.set(wavHeader({ sampleRate: 16_000, channels: 1, sampleFormat: 'pcm16', dataBytes: 0 }));
    writeFileSync(join(partial, `${withAudio}.wav`), audio);
    writeFileSync(join(partial, 'notes.txt'), '');
    const service = new RecordingService(partial, fx.library);
    expect(service.removeEmptyOrphans()).toBe(2);
    expect(readdirSync(partial).sort()).toEqual([`${withAudio}.wav`, 'notes.txt']);
    expect(statSync(join(partial, `${withAudio}.wav`)).size).toBe(44 + 3_200);
    expect((await service.listInterrupted()).map((r) => r.id)).toEqual([withAudio]);
  });
});
