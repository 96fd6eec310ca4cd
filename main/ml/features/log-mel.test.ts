import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { frameCount, logMel, melFilterbank, normaliseUtteranceMean, normaliseUtteranceRobust, type LogMelParams } from './log-mel';
import { pythonTorchAvailable, runModelTool } from './python-reference';

const PARAMS: LogMelParams = {
  sampleRate: 16000,
  nFft: 512,
  winLength: 400,
  hopLength: 160,
  nMels: 80,
  fMin: 0,
  fMax: 8000,
  logFloor: 1e-10,
  center: true,
};

/** 1.3 s of a gliding harmonic tone plus noise: energy in many bins, a clip edge that is not frame-aligned. */
function testSignal(): Float32Array {
  const n = 20_811;
  let seed = 7;
  const noise = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.02;
  return Float32Array.from({ length: n }, (_, i) => {
    const t = i / 16000;
    const f0 = 140 + 60 * t;
    return 0.3 * Math.sin(2 * Math.PI * f0 * t) + 0.15 * Math.sin(4 * Math.PI * f0 * t) + noise();
  });
}

describe('log-mel front end', () => {
  it('gives one frame per 10 ms hop, centred on the prosody grid', () => {
    expect(frameCount(16000, PARAMS)).toBe(101);
    expect(logMel(new Float32Array(16000), PARAMS).frames).toBe(101);
  });

  it('builds 80 triangular filters that peak at 1 and cover 0–8 kHz', () => {
    const filters = melFilterbank(PARAMS);
    expect(filters).toHaveLength(80);
    for (const filter of filters) expect(Math.max(...filter)).toBeLessThanOrEqual(1);
    expect(filters.some((f) => f[256]! > 0 || f[255]! > 0)).toBe(true);
  });

  it('floors silence at log(1e-10) instead of -Infinity', () => {
    const mel = logMel(new Float32Array(1600), PARAMS);
    expect(Math.min(...mel.data)).toBeCloseTo(Math.log(1e-10), 4);
  });

  it('subtracts each bin’s clip mean, so a 20 dB gain change leaves normalised features unchanged', () => {
    const signal = testSignal();
    const louder = signal.map((x) => x * 10);
    const a = normaliseUtteranceMean(logMel(signal, PARAMS)).data;
    const b = normaliseUtteranceMean(logMel(louder, PARAMS)).data;
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    expect(worst).toBeLessThan(1e-3);
  });
});

describe.skipIf(!pythonTorchAvailable())('log-mel against the PyTorch reference (tools/model/log_mel_reference.py)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'log-mel-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('matches torch.stft + the same HTK filterbank to 1e-4', () => {
    const signal = testSignal();
    writeFileSync(path.join(dir, 'in.f32'), Buffer.from(signal.buffer));
    runModelTool('log_mel_reference.py', [path.join(dir, 'in.f32'), path.join(dir, 'out.f32')]);
    const bytes = readFileSync(path.join(dir, 'out.f32'));
    const reference = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const ours = logMel(signal, PARAMS);
    expect(reference.length).toBe(ours.data.length);
    let worst = 0;
    for (let i = 0; i < reference.length; i++) worst = Math.max(worst, Math.abs(reference[i]! - ours.data[i]!));
    expect(worst).toBeLessThanOrEqual(1e-4);
  });
});

describe('channel-robust normalisation (utterance-robust)', () => {
  const signal = testSignal();
  const withSilence = (tail: (i: number) => number) => {
    const out = new Float32Array(signal.length + 16000);
    out.set(signal, 8000);
    for (let i = 0; i < out.length; i++) if (i < 8000 || i >= 8000 + signal.length) out[i] = tail(i);
    return out;
  };

  it('is exactly invariant to gain', () => {
    const a = normaliseUtteranceRobust(logMel(signal, PARAMS)).data;
    const b = normaliseUtteranceRobust(
      logMel(
        signal.map((v) => v * 0.25),
        PARAMS,
      ),
    ).data;
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    expect(worst).toBeLessThan(1e-3);
  });

  it('makes digital silence and a quiet room floor look alike, where mean subtraction leaves them far apart', () => {
    let seed = 3;
    const hiss = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 2e-4;
    const digital = logMel(
      withSilence(() => 0),
      PARAMS,
    );
    const room = logMel(withSilence(hiss), PARAMS);
    const gap = (x: Float32Array, y: Float32Array) => {
      let sum = 0;
      for (let i = 0; i < x.length; i++) sum += Math.abs(x[i]! - y[i]!);
      return sum / x.length;
    };
    const robust = gap(normaliseUtteranceRobust(digital).data, normaliseUtteranceRobust(room).data);
    const meanOnly = gap(normaliseUtteranceMean(digital).data, normaliseUtteranceMean(room).data);
    expect(robust).toBeLessThan(meanOnly / 4);
  });
});
