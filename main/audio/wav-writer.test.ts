import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeAudioFile } from './decode-audio';
import { makeTempDir, sine, toneFrequencyHz } from './test-support';
import { IncrementalWavWriter, recoverWavFile, wavHeader } from './wav-writer';
import { parseWavHeader } from './wav-header';

const temp = makeTempDir();
afterAll(() => temp.remove());

const declaredDataBytes = (path: string) => {
  const parsed = parseWavHeader(readFileSync(path).subarray(0, 4096));
  if (!parsed.ok) throw new Error(parsed.detail);
  return parsed.header.declaredDataBytes;
};

describe('IncrementalWavWriter', () => {
  it('writes a 16-bit WAV in chunks that decodes back to the same signal', async () => {
    const path = join(temp.dir, 'pcm16.wav');
    const tone = sine(220, 16_000, 16_000);
    const writer = await IncrementalWavWriter.create(path, { sampleRate: 16_000, channels: 1 });
    for (let at = 0; at < tone.length; at += 1234) await writer.append(tone.subarray(at, at + 1234));
    expect(await writer.close()).toMatchObject({ durationS: 1, dataBytes: 32_000 });
    const { audio, source } = await decodeAudioFile(path);
    expect(source).toMatchObject({ format: 'wav/pcm16', sampleRate: 16_000, channels: 1, durationS: 1 });
    for (let i = 0; i < tone.length; i += 997) expect(audio.samples[i]).toBeCloseTo(tone[i]!, 4);
  });

  it('writes float32 stereo when asked, keeping the samples exactly', async () => {
    const path = join(temp.dir, 'float.wav');
    const interleaved = Float32Array.from({ length: 3200 }, (_, i) => (i % 2 ? 0.25 : -0.125));
    const writer = await IncrementalWavWriter.create(path, { sampleRate: 16_000, channels: 2, sampleFormat: 'float32' });
    await writer.append(interleaved);
    await writer.close();
    const { audio, source } = await decodeAudioFile(path);
    expect(source).toMatchObject({ format: 'wav/float32', channels: 2 });
    expect(audio.samples[800]).toBeCloseTo(0.0625, 6); // (0.25 − 0.125) / 2
  });

  it('patches the header sizes at most once per second of audio, and on close', async () => {
    const path = join(temp.dir, 'sync.wav');
    const writer = await IncrementalWavWriter.create(path, { sampleRate: 16_000, channels: 1 });
    await writer.append(sine(220, 16_000, 8000)); // 0.5 s: no sync yet
    expect(declaredDataBytes(path)).toBe(0);
    await writer.append(sine(220, 16_000, 9600)); // 1.1 s: synced
    expect(declaredDataBytes(path)).toBe(17_600 * 2);
    await writer.append(sine(220, 16_000, 4000)); // 1.35 s: header still says 1.1 s
    expect(declaredDataBytes(path)).toBe(17_600 * 2);
    await writer.close();
    expect(declaredDataBytes(path)).toBe(21_600 * 2);
  });

  it('rejects a chunk that is not a whole number of frames', async () => {
    const writer = await IncrementalWavWriter.create(join(temp.dir, 'odd.wav'), { sampleRate: 16_000, channels: 2 });
    await expect(writer.append(new Float32Array(3))).rejects.toThrow(/whole number/);
    await writer.close();
  });
});

describe('recoverWavFile', () => {
  it('repairs a recording whose writer was killed with SIGKILL mid-write, losing at most the last second', async () => {
    const path = join(temp.dir, 'killed.wav');
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'record-until-killed.fixture.ts'), path], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    const reportedS = await new Promise<number>((resolve, reject) => {
      let last = 0;
      child.stdout.on('data', (data: Buffer) => {
        last = Number(data.toString().trim().split('\n').at(-1));
        if (last >= 2.5) {
          child.kill('SIGKILL');
          resolve(last);
        }
      });
      child.on('exit', (code, signal) => {
        if (signal !== 'SIGKILL') reject(new Error(`recorder exited early (${code}): ${stderr}`));
      });
    });
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.on('exit', resolve)));

    const recovered = await recoverWavFile(path);
    expect(recovered.repaired).toBe(true);
    expect(recovered.durationS).toBeGreaterThanOrEqual(reportedS - 1);
    const { audio, warnings } = await decodeAudioFile(path);
    expect(warnings.map((w) => w.code)).not.toContain('truncated');
    expect(audio.samples.length / 16_000).toBeCloseTo(recovered.durationS, 3);
    expect(toneFrequencyHz(audio.samples, 16_000)).toBeCloseTo(220, 1); // continuous: no gap or glitch
  });

  it('cuts a torn last frame and fills in sizes left at zero', async () => {
    const path = join(temp.dir, 'torn.wav');
    const header = wavHeader({ sampleRate: 16_000, channels: 2, sampleFormat: 'pcm16', dataBytes: 0 });
    writeFileSync(path, Buffer.concat([header, Buffer.alloc(4001, 1)])); // 1000 frames of 4 bytes + 1 torn byte
    expect(await recoverWavFile(path)).toMatchObject({ repaired: true, dataBytes: 4000, durationS: 1000 / 16_000 });
    expect(readFileSync(path).length).toBe(44 + 4000);
    expect(declaredDataBytes(path)).toBe(4000);
  });

  it('leaves a complete WAV untouched', async () => {
    const path = join(temp.dir, 'complete.wav');
    const writer = await IncrementalWavWriter.create(path, { sampleRate: 8000, channels: 1 });
    await writer.append(sine(220, 8000, 4000));
    await writer.close();
    const before = readFileSync(path);
    expect(await recoverWavFile(path)).toMatchObject({ repaired: false, durationS: 0.5 });
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a file that is not a WAV with not_audio', async () => {
    const path = join(temp.dir, 'text.wav');
    writeFileSync(path, 'not a recording at all, just words');
    await expect(recoverWavFile(path)).rejects.toMatchObject({ code: 'not_audio' });
  });
});
